from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LanguageState(models.TextChoices):
    """Where one target language of a campaign stands, in the order it normally moves."""

    WANTED = "wanted", _("Wanted")
    CLAIMED = "claimed", _("Claimed")
    IN_TRANSLATION = "in_translation", _("In translation")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", pgettext_lazy("translation state", "Approved")
    PUBLISHED = "published", pgettext_lazy("translation state", "Published")


# States in which translators may still change the text.
EDITABLE_STATES = frozenset(
    {
        LanguageState.CLAIMED,
        LanguageState.IN_TRANSLATION,
        LanguageState.CHANGES_REQUESTED,
    }
)


class Region(models.TextChoices):
    """Broad world regions, as international library associations group their members."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Latin America and the Caribbean")
    NORTH_AMERICA = "north_america", _("North America")
    ARAB = "arab", _("Middle East and North Africa")
    ASIA_OCEANIA = "asia_oceania", _("Asia and Oceania")
    EUROPE = "europe", _("Europe")


class FileKind(models.TextChoices):
    """File types an organiser may allow for uploaded translations, recognised by content."""

    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    SVG = "svg", _("SVG (sanitised)")
    OFFICE = "office", _("Office documents (Word, PowerPoint, OpenDocument)")
    DESIGN = "design", _("Design files (Scribus, InDesign package, Affinity, Photoshop)")
