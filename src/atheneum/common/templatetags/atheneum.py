from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def when(context, value, fmt="DATETIME_FORMAT"):
    """A moment in the viewer's zone, with the zone named, in a machine-readable <time>."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    zone = context.get("timezone_name") or "UTC"
    return format_html(
        '<time datetime="{}">{} ({})</time>',
        value.isoformat(),
        date_format(local, fmt),
        zone.replace("_", " "),
    )


@register.simple_tag(takes_context=True)
def url_replace(context, **kwargs):
    """The current query string with some parameters changed (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def accessible_widget(field):
    """The field's widget, pointing at its help and error texts for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {}
    if described and not field.field.widget.use_fieldset:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
