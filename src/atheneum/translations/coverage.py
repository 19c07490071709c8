"""The coverage board of a campaign: every wanted language, its state and its translators, a
summary sentence and a week-by-week chart of coverage drawn from the state history."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

import langcodes
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi, get_language_info, ngettext
from django.utils.translation import gettext as _

from atheneum.common.languages import language_name

from .enums import LanguageState
from .models import StateChange, TargetLanguage

IN_PROGRESS_STATES = frozenset(
    {
        LanguageState.CLAIMED,
        LanguageState.IN_TRANSLATION,
        LanguageState.SUBMITTED,
        LanguageState.IN_REVIEW,
        LanguageState.CHANGES_REQUESTED,
        LanguageState.APPROVED,
    }
)
CHART_WEEKS = 12
CHART_WIDTH = 600
CHART_HEIGHT = 240
CHART_PAD = 40

RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand"})


def native_name(code: str) -> str:
    return language_name(code)


def ui_name(code: str) -> str:
    return language_name(code, get_language() or "en")


def text_direction(code: str) -> str:
    """'rtl' or 'ltr' when known (Django's table, then the script langcodes infers); else auto."""
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        pass
    try:
        script = langcodes.Language.get(code).maximize().script
    except (ValueError, LookupError):
        return "auto"
    if not script:
        return "auto"
    return "rtl" if script in RTL_SCRIPTS else "ltr"


@dataclass
class BoardRow:
    target: TargetLanguage
    native_name: str
    ui_name: str
    direction: str
    credited: list[str] = field(default_factory=list)
    others: int = 0


def board_rows(targets) -> list[BoardRow]:
    """Rows for targets fetched with volunteers__user prefetched (no further queries)."""
    rows = []
    for target in targets:
        credited, others = [], 0
        for volunteer in target.volunteers.all():
            if volunteer.credit:
                credited.append(volunteer.user.display_name)
            else:
                others += 1
        rows.append(
            BoardRow(
                target=target,
                native_name=native_name(target.language),
                ui_name=ui_name(target.language),
                direction=text_direction(target.language),
                credited=credited,
                others=others,
            )
        )
    return rows


def summary_sentence(states: list[str]) -> str:
    counts = Counter(states)
    total = len(states)
    published = counts[LanguageState.PUBLISHED]
    in_progress = sum(counts[s] for s in IN_PROGRESS_STATES)
    wanted = counts[LanguageState.WANTED]
    return ngettext(
        "%(published)s of %(total)s language published, %(progress)s in progress, "
        "%(wanted)s still looking for translators.",
        "%(published)s of %(total)s languages published, %(progress)s in progress, "
        "%(wanted)s still looking for translators.",
        total,
    ) % {"published": published, "total": total, "progress": in_progress, "wanted": wanted}


def short_summary(*, total: int, published: int) -> str:
    return ngettext(
        "%(published)s of %(total)s language published",
        "%(published)s of %(total)s languages published",
        total,
    ) % {"published": published, "total": total}


@dataclass
class ChartWeek:
    start: datetime.date
    published: int
    in_progress: int
    x: float = 0
    y_published: float = 0
    y_progress: float = 0


@dataclass
class Chart:
    weeks: list[ChartWeek]
    maximum: int
    published_points: str
    progress_points: str
    ticks: list[tuple[int, float]]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    pad: int = CHART_PAD
    description: str = ""


def coverage_chart(*, campaign, now: datetime.datetime | None = None) -> Chart:
    """Languages published and in progress at the end of each of the last weeks (one query)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    changes = StateChange.objects.filter(target__campaign=campaign).values_list(
        "target_id", "state", "changed_at"
    )
    changes = sorted(changes, key=lambda row: row[2])
    weeks, current, index = [], {}, 0
    tz = timezone.get_current_timezone()
    for monday in mondays:
        end = datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time(), tz)
        end = min(end, now)
        while index < len(changes) and changes[index][2] <= end:
            current[changes[index][0]] = changes[index][1]
            index += 1
        states = Counter(current.values())
        weeks.append(
            ChartWeek(
                start=monday,
                published=states[LanguageState.PUBLISHED],
                in_progress=sum(states[s] for s in IN_PROGRESS_STATES),
            )
        )
    maximum = max([1, *(max(w.published, w.in_progress) for w in weeks)])
    inner_w = CHART_WIDTH - 2 * CHART_PAD
    inner_h = CHART_HEIGHT - 2 * CHART_PAD
    step = inner_w / max(1, len(weeks) - 1)
    for i, week in enumerate(weeks):
        week.x = round(CHART_PAD + i * step, 1)
        week.y_published = round(CHART_PAD + inner_h * (1 - week.published / maximum), 1)
        week.y_progress = round(CHART_PAD + inner_h * (1 - week.in_progress / maximum), 1)
    ticks = [
        (value, round(CHART_PAD + inner_h * (1 - value / maximum), 1))
        for value in sorted({0, maximum // 2, maximum})
    ]
    last = weeks[-1]
    return Chart(
        weeks=weeks,
        maximum=maximum,
        published_points=" ".join(f"{w.x},{w.y_published}" for w in weeks),
        progress_points=" ".join(f"{w.x},{w.y_progress}" for w in weeks),
        ticks=ticks,
        description=_(
            "Over the last %(weeks)s weeks; this week %(published)s languages are published "
            "and %(progress)s in progress."
        )
        % {"weeks": len(weeks), "published": last.published, "progress": last.in_progress},
    )


def page_direction() -> str:
    return "rtl" if get_language_bidi() else "ltr"
