from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    CONFERENCE_SESSION = "conference_session", _("Conference session")
    WEBINAR = "webinar", _("Webinar")
    COURSE = "course", _("Course or module")
    COACHING_GIVEN = "coaching_given", _("Coaching given")
    COACHING_RECEIVED = "coaching_received", _("Coaching received")
    MEETUP = "meetup", _("Meetup")
    READING = "reading", _("Reading")
    MENTORING = "mentoring", _("Mentoring")
    VOLUNTEERING = "volunteering", _("Volunteering (such as translation)")
    WORK_PROJECT = "work_project", _("Work project")
    OTHER = "other", _("Other")


class LearningMode(models.TextChoices):
    """Professional schemes count learning with others apart from learning alone."""

    PARTICIPATORY = "participatory", _("Participatory (with others)")
    SELF_DIRECTED = "self_directed", _("Self-directed")


PARTICIPATORY_KINDS = {
    ActivityKind.CONFERENCE_SESSION,
    ActivityKind.WEBINAR,
    ActivityKind.COURSE,
    ActivityKind.COACHING_GIVEN,
    ActivityKind.COACHING_RECEIVED,
    ActivityKind.MEETUP,
    ActivityKind.MENTORING,
    ActivityKind.WORK_PROJECT,
}


class ReflectionTemplate(models.TextChoices):
    THREE_TWO_ONE = "3-2-1", _("3-2-1: three insights, two concepts, one idea to apply")
    WHAT_SO_WHAT = "what", _("What? So what? Now what?")
    FREE = "free", _("Free text")


class IdeaApplied(models.TextChoices):
    YES = "yes", _("Yes, I applied it")
    PARTLY = "partly", _("Partly")
    NO = "no", _("Not yet")


class QuotaKind(models.TextChoices):
    ACTIVITY_KIND = "activity_kind", _("Activity type")
    COMPETENCY_AREA = "competency_area", _("Competency area")
    MODE = "mode", _("Participatory or self-directed")
