from django import template
from django.utils.safestring import mark_safe

from atheneum.common.markdown import render_markdown

from ..selectors import competency_label
from ..templates_text import reflection_parts

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Markdown written by the member, sanitised."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has removed anything unsafe


@register.filter
def parts(reflection) -> list[tuple[str, str]]:
    return reflection_parts(reflection)


@register.filter
def competency_name(competency) -> str:
    return competency_label(competency)
