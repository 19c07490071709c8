"""The labels of each reflection template's parts: one definition for forms, pages and files."""

from django.utils.translation import gettext_lazy as _

from .enums import ReflectionTemplate

PART_LABELS = {
    ReflectionTemplate.THREE_TWO_ONE: (
        _("Three insights you gained"),
        _("Two concepts you want to pursue"),
        _("One idea to apply now"),
    ),
    ReflectionTemplate.WHAT_SO_WHAT: (
        _("What? What happened, and what did you do?"),
        _("So what? What did it mean, and what did you learn?"),
        _("Now what? What will you do next?"),
    ),
    ReflectionTemplate.FREE: (_("Your reflection"),),
}


def reflection_parts(reflection) -> list[tuple[str, str]]:
    """(label, Markdown text) for each part the reflection's template has."""
    labels = PART_LABELS.get(reflection.template, PART_LABELS[ReflectionTemplate.FREE])
    texts = (reflection.part_1, reflection.part_2, reflection.part_3)
    return [(label, texts[index]) for index, label in enumerate(labels)]
