"""Demo CPD record for Amina: activities, reflections, rules and a share with her manager.

Running `load` twice changes nothing: every row is found by a natural key first.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from .enums import PARTICIPATORY_KINDS, ActivityKind, LearningMode, QuotaKind, ReflectionTemplate
from .models import Activity, ManagerShare, Reflection, Requirement, RequirementQuota

# (key, title, kind, provider, days ago, hours, language, notes)
ACTIVITIES = [
    (
        "storytime-webinar",
        "Bilingual story time that works for every family",
        ActivityKind.WEBINAR,
        "International Library Learning Association",
        12,
        "1.5",
        "en",
        "Practical tips on choosing picture books that read well in two languages.",
    ),
    (
        "arabic-reading-circle",
        "حلقة قراءة للأطفال باللغة العربية",
        ActivityKind.WORK_PROJECT,
        "Riverside Public Library",
        30,
        "6",
        "ar",
        "Planned and ran four Saturday sessions for children aged 6–9.",
    ),
    (
        "digital-literacy-course",
        "Digital literacy for young readers (online course)",
        ActivityKind.COURSE,
        "Open library school",
        55,
        "8",
        "en",
        "Four modules on search skills, source checking and screen time for under-twelves.",
    ),
    (
        "reading-book",
        "Reading: The reflective librarian",
        ActivityKind.READING,
        "",
        80,
        "4",
        "en",
        "Read the chapters on learning journals and peer feedback.",
    ),
    (
        "coaching-session",
        "Coaching conversation on leading reading clubs",
        ActivityKind.COACHING_RECEIVED,
        "ILLA coaching round",
        100,
        "1",
        "sv",
        "",
    ),
]


def _activity(member, row: tuple, *, requested: bool) -> Activity:
    key, title, kind, provider, days_ago, hours, language, notes = row
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(
        days=days_ago
    )
    activity, _created = Activity.objects.get_or_create(
        owner=member,
        source_key=f"demo:{key}",
        defaults={
            "title": title,
            "kind": kind,
            "mode": LearningMode.PARTICIPATORY
            if kind in PARTICIPATORY_KINDS
            else LearningMode.SELF_DIRECTED,
            "provider": provider,
            "start": start,
            "end": start + datetime.timedelta(hours=float(hours)),
            "hours": Decimal(hours),
            "language": language,
            "description": notes,
            "reflection_requested": requested,
        },
    )
    return activity


def load(*, organisations: dict, users: dict) -> None:
    member = users["member"]
    activities = {
        row[0]: _activity(member, row, requested=row[0] == "coaching-session") for row in ACTIVITIES
    }
    webinar = activities["storytime-webinar"]
    if not webinar.reflections.exists():
        Reflection.objects.create(
            activity=webinar,
            template=ReflectionTemplate.THREE_TWO_ONE,
            part_1=(
                "- Families relax when the first book is in their home language.\n"
                "- Repetitive texts carry across languages better than rhyming ones.\n"
                "- Children translate for each other if you let them."
            ),
            part_2="- Wordless picture books\n- Inviting parents to read aloud",
            part_3="Start each session with one book read by a parent volunteer.",
            follow_up_due=timezone.now().date() + datetime.timedelta(days=16),
        )
    course = activities["digital-literacy-course"]
    if not course.reflections.exists():
        Reflection.objects.create(
            activity=course,
            template=ReflectionTemplate.WHAT_SO_WHAT,
            part_1="I took a four-module online course on search skills for children.",
            part_2="Our homework club teaches searching, but not how to judge what comes back.",
            part_3="Try a *two-source rule* exercise with the homework club next term.",
        )

    association = organisations["association"]
    scheme, _created = Requirement.objects.get_or_create(
        organisation=association,
        name="ILLA professional registration: 30 hours a year",
        defaults={
            "description": "Members renewing their registration log 30 hours of CPD each year.",
            "cycle_years": 1,
            "cycle_start": datetime.date(timezone.now().year, 1, 1),
            "total_hours": Decimal(30),
            "min_reflections": 2,
        },
    )
    RequirementQuota.objects.get_or_create(
        requirement=scheme,
        kind=QuotaKind.MODE,
        value=LearningMode.PARTICIPATORY,
        defaults={"min_hours": Decimal(10)},
    )
    Requirement.objects.get_or_create(
        owner=member,
        organisation=None,
        name="My three-year goal: 120 hours",
        defaults={
            "cycle_years": 3,
            "cycle_start": datetime.date(timezone.now().year - 1, 1, 1),
            "total_hours": Decimal(120),
        },
    )
    if not ManagerShare.objects.filter(owner=member, revoked_at__isnull=True).exists():
        ManagerShare.objects.create(owner=member, include_reflections=False)
