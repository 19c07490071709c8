"""A large, deterministic dataset for load tests: `manage.py seed_scale`.

Everything it makes is recognisable, so it can be removed again: people have addresses at
`@scale.atheneum.test`, and organisations, frameworks, events, series, posts, tags, modules,
programmes and campaigns have short names starting with `scale-`. Random choices come from
fixed seeds, so two runs of the same size make the same people, names and relations (only the
dates move with the day it runs, so that events stay upcoming and the coaching round open).

Rows are written in batches without Django's per-object overhead: every id is reserved up front
(so children can point at parents without reading anything back), then rows go in with
`bulk_create`, or on PostgreSQL with `COPY` (psycopg 3 `cursor.copy()`), which is several times
faster for the big tables.
"""

import datetime
import random
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice

from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone

from atheneum.accounts.models import User
from atheneum.coaching.enums import BookingStatus
from atheneum.coaching.models import Booking, Coach, PreparationGuide, Programme, Round, Slot
from atheneum.common.demo import DEMO_PASSWORD, demo_password_hash
from atheneum.common.markdown import render_markdown
from atheneum.competencies.enums import CompetencyKind, RatingKind, RatingSource
from atheneum.competencies.models import (
    Competency,
    CompetencyText,
    Framework,
    ProficiencyLevel,
    Rating,
    RatingSharing,
)
from atheneum.events.enums import AttendanceMode, EventStatus, RegistrationStatus, SessionKind
from atheneum.events.models import (
    AgendaItem,
    Event,
    EventText,
    Registration,
    RegistrationForm,
    Session,
    SessionText,
    Track,
)
from atheneum.learning.enums import ModuleStatus
from atheneum.learning.enums import QuestionKind as LearningQuestionKind
from atheneum.learning.models import Choice, Enrolment, Module, Question, Topic
from atheneum.meetups.enums import SeriesAccess
from atheneum.meetups.models import MeetupSeries
from atheneum.news.enums import PostStatus
from atheneum.news.models import Post, Tag
from atheneum.organisations.enums import OrganisationKind, OrganisationRole, TeamRole
from atheneum.organisations.models import Membership, Organisation, Team, TeamMembership
from atheneum.planning.models import Cycle, Priority
from atheneum.portfolio.enums import PARTICIPATORY_KINDS, ActivityKind, LearningMode
from atheneum.portfolio.models import Activity, Requirement
from atheneum.translations.enums import LanguageState
from atheneum.translations.models import Campaign, Segment, TargetLanguage, Volunteer

DOMAIN = "scale.atheneum.test"
PREFIX = "scale-"
SEED = 20_261_128
BATCH = 5_000
LOGIN_NOTE = "the demo password (see `manage.py load_demo`)"

TIME_ZONES = [
    "Europe/Stockholm",
    "Africa/Nairobi",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Europe/Paris",
    "America/Mexico_City",
    "Asia/Tokyo",
    "Africa/Lagos",
    "Europe/Madrid",
    "Australia/Sydney",
]
COUNTRIES = ["SE", "KE", "BR", "IN", "FR", "MX", "JP", "NG", "ES", "AU"]
LANGUAGE_SETS = [["en"], ["en", "fr"], ["es", "en"], ["ar", "en"], ["sv", "en"], ["de", "en"]]
FIRST_NAMES = [
    "Amina",
    "Lars",
    "Noor",
    "Kofi",
    "Ines",
    "Mateo",
    "Yuki",
    "Chidi",
    "Lucia",
    "Priya",
    "Sven",
    "Fatima",
    "Tomas",
    "Wanjiru",
    "Hana",
    "Diego",
    "Olga",
    "Samir",
    "Aiko",
    "Marta",
]
LAST_NAMES = [
    "Haddad",
    "Berg",
    "Okafor",
    "Silva",
    "Tanaka",
    "Mwangi",
    "Garcia",
    "Kowalski",
    "Nilsson",
    "Rao",
    "Dubois",
    "Ivanova",
    "Mensah",
    "Lopez",
    "Sato",
    "Ahmed",
    "Novak",
    "Costa",
]
ACTIVITY_TITLES = [
    "Webinar on open access publishing",
    "Reading: metadata for digital collections",
    "Workshop on inclusive storytimes",
    "Course: research data management basics",
    "Mentoring a new reference librarian",
    "Meetup: makerspaces in small libraries",
    "Conference session on information literacy",
    "Volunteering: translating a guideline",
    "Work project: weeding the reference collection",
    "Reading: copyright for librarians",
    "Webinar: accessibility audits of library websites",
    "Coaching session on leadership",
]
ACTIVITY_KINDS = [kind.value for kind in ActivityKind]
PROVIDERS = ["ILLA", "Riverside Public Library", "Open University", "Library Carpentry", ""]
TOPICS = [
    "Cataloguing",
    "Digital literacy",
    "Children's services",
    "Research support",
    "Leadership",
    "Open science",
    "Community outreach",
    "Preservation",
    "User experience",
    "Copyright",
]
TARGET_LANGUAGES = ["fr", "es", "ar", "sv", "de", "ru", "zh-hans", "pt-BR"]


def sizes(*, members: int, organisations: int, activities_per_member: int) -> dict:
    """How much of everything a run of this size makes (the defaults scale with the members)."""
    ratio = members / 20_000
    per_org = max(1, members // organisations)
    return {
        "members": members,
        "organisations": organisations,
        "teams_per_org": max(1, min(5, per_org // 4)),
        "activities_per_member": activities_per_member,
        "events": max(2, round(300 * ratio)),
        "sessions_per_event": 6,
        "registrations_per_member": 2,
        "posts_per_org": 5,
        "modules": max(2, round(50 * ratio)),
        "enrolments_per_member": 2,
        "coaches": max(2, round(100 * ratio)),
        "slots_per_coach": 40,
        "campaigns": max(2, round(20 * ratio)),
        "ratings_current": 6,
        "ratings_target": 3,
    }


def email(index: int) -> str:
    return f"{PREFIX}{index:06d}@{DOMAIN}"


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Writer:
    """Reserves ids and writes rows in batches: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.next_ids: dict[type[Model], int] = {}
        self.rows = 0

    def reserve(self, model: type[Model], count: int) -> int:
        """The first of `count` consecutive free ids of `model` (nobody else will get them)."""
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s),"
                    " nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
                    [table, column, table, column, max(count, 1)],
                )
                return cursor.fetchone()[0] - max(count, 1) + 1
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # noqa: S608
            first = max(cursor.fetchone()[0] + 1, self.next_ids.get(model, 1))
        self.next_ids[model] = first + count
        return first

    def insert(self, model: type[Model], objects: Iterable[Model], *, with_pk: bool = True) -> int:
        """Writes the (unsaved) objects; with_pk=False lets the database number them."""
        fields = [
            field for field in model._meta.local_concrete_fields if with_pk or not field.primary_key
        ]
        count = 0
        for batch in _chunks(objects, BATCH):
            count += len(batch)
            if not self.postgres:
                model.objects.bulk_create(batch, batch_size=1_000)
                continue
            quote = connection.ops.quote_name
            columns = ", ".join(quote(field.column) for field in fields)
            sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for obj in batch:
                    copy.write_row(
                        [
                            field.get_db_prep_save(field.pre_save(obj, add=True), connection)
                            for field in fields
                        ]
                    )
        self.rows += count
        return count


class Seeder:
    def __init__(self, *, size: dict, report: Callable[[str, float, int], None]):
        self.size = size
        self.report = report
        self.writer = Writer()
        self.now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)

    def rng(self, salt: int) -> random.Random:
        return random.Random(SEED + salt)  # noqa: S311 - test data, not secrets

    def step(self, name: str, build: Callable[[], None]) -> None:
        started = time.perf_counter()
        before = self.writer.rows
        with transaction.atomic():
            build()
        self.report(name, time.perf_counter() - started, self.writer.rows - before)

    # --- organisations and people -------------------------------------------------------

    def people(self) -> None:
        size, writer, rng = self.size, self.writer, self.rng(1)
        n, orgs = size["members"], size["organisations"]
        password = demo_password_hash()
        first_user = writer.reserve(User, n)
        self.user_ids = list(range(first_user, first_user + n))

        def users():
            for index in range(n):
                first, last = FIRST_NAMES[index % 20], LAST_NAMES[(index // 20) % 18]
                yield User(
                    id=first_user + index,
                    email=email(index),
                    password=password,
                    display_name=f"{first} {last} {index}",
                    country=COUNTRIES[index % 10],
                    languages_spoken=LANGUAGE_SETS[index % len(LANGUAGE_SETS)],
                    time_zone=TIME_ZONES[index % 10],
                    is_active=True,
                    date_joined=self.now - datetime.timedelta(days=rng.randrange(1, 1500)),
                )

        writer.insert(User, users())
        writer.insert(
            EmailAddress,
            (
                EmailAddress(user_id=first_user + i, email=email(i), verified=True, primary=True)
                for i in range(n)
            ),
            with_pk=False,
        )
        first_org = writer.reserve(Organisation, orgs)
        self.org_ids = list(range(first_org, first_org + orgs))
        writer.insert(
            Organisation,
            (
                Organisation(
                    id=first_org + k,
                    name=f"Scale Library {k:03d}",
                    slug=f"{PREFIX}org-{k:03d}",
                    kind=OrganisationKind.LIBRARY if k else OrganisationKind.ASSOCIATION,
                    country=COUNTRIES[k % 10],
                    description="A library generated for load tests.",
                )
                for k in range(orgs)
            ),
        )
        # Member i belongs to organisation i % orgs; the first two of each are admin, organiser.
        self.org_of = [i % orgs for i in range(n)]
        teams_per_org = size["teams_per_org"]
        first_team = writer.reserve(Team, orgs * teams_per_org)
        writer.insert(
            Team,
            (
                Team(
                    id=first_team + k * teams_per_org + t,
                    organisation_id=first_org + k,
                    name=f"{TOPICS[t % 10]} team",
                    slug=f"{PREFIX}team-{t}",
                )
                for k in range(orgs)
                for t in range(teams_per_org)
            ),
        )
        self.team_ids = list(range(first_team, first_team + orgs * teams_per_org))

        def role(i):
            rank = i // orgs
            return (
                [OrganisationRole.ADMIN, OrganisationRole.ORGANISER][rank]
                if rank < 2
                else (OrganisationRole.MEMBER)
            )

        writer.insert(
            Membership,
            (
                Membership(
                    organisation_id=first_org + self.org_of[i], user_id=first_user + i, role=role(i)
                )
                for i in range(n)
            ),
            with_pk=False,
        )
        # Rank r within the organisation is in team r % teams; the first of each team manages it.
        self.managers: list[tuple[int, int]] = []  # (user index, team id)
        self.team_of: list[int] = []

        def team_memberships():
            for i in range(n):
                rank = i // orgs
                team = first_team + self.org_of[i] * teams_per_org + rank % teams_per_org
                self.team_of.append(team)
                # Ranks 2, 3, ... cover every team once: those are the managers.
                is_manager = 2 <= rank < 2 + teams_per_org
                if is_manager:
                    self.managers.append((i, team))
                yield TeamMembership(
                    team_id=team,
                    user_id=first_user + i,
                    role=TeamRole.MANAGER if is_manager else TeamRole.MEMBER,
                )

        writer.insert(TeamMembership, team_memberships(), with_pk=False)
        writer.insert(
            Requirement,
            (
                Requirement(
                    organisation_id=org,
                    name="Yearly CPD hours",
                    cycle_start=datetime.date(self.now.year, 1, 1),
                    total_hours=Decimal(20),
                    min_reflections=1,
                )
                for org in self.org_ids
            ),
            with_pk=False,
        )

    # --- competencies -------------------------------------------------------------------

    def competencies(self) -> None:
        writer, rng = self.writer, self.rng(2)
        framework_id = writer.reserve(Framework, 1)
        writer.insert(
            Framework,
            [
                Framework(
                    id=framework_id,
                    title="Scale competency framework",
                    slug=f"{PREFIX}framework",
                    is_published=True,
                    uses_manager_ratings=True,
                    case_identifier=_uuid(rng),
                )
            ],
        )
        writer.insert(
            ProficiencyLevel,
            (
                ProficiencyLevel(framework_id=framework_id, value=v, label=label)
                for v, label in enumerate(
                    ["Aware", "Practising", "Confident", "Expert", "Leading"], start=1
                )
            ),
            with_pk=False,
        )
        areas, per_area = 6, 5
        first = writer.reserve(Competency, areas * (per_area + 1))
        rows, texts, self.competency_ids = [], [], []
        for a in range(areas):
            area_id = first + a * (per_area + 1)
            rows.append(
                Competency(
                    id=area_id,
                    framework_id=framework_id,
                    kind=CompetencyKind.AREA,
                    code=f"A{a + 1}",
                    position=a,
                    case_identifier=_uuid(rng),
                )
            )
            texts.append(CompetencyText(competency_id=area_id, language="en", title=TOPICS[a]))
            for c in range(per_area):
                pk = area_id + 1 + c
                self.competency_ids.append(pk)
                rows.append(
                    Competency(
                        id=pk,
                        framework_id=framework_id,
                        parent_id=area_id,
                        code=f"A{a + 1}.{c + 1}",
                        position=c,
                        case_identifier=_uuid(rng),
                    )
                )
                texts.append(
                    CompetencyText(
                        competency_id=pk,
                        language="en",
                        title=f"{TOPICS[a]}: skill {c + 1}",
                        description="Generated for load tests.",
                    )
                )
        writer.insert(Competency, rows)
        writer.insert(CompetencyText, texts, with_pk=False)
        size, comps = self.size, self.competency_ids

        def ratings():
            for user_id in self.user_ids:
                picked = rng.sample(comps, size["ratings_current"])
                when = self.now - datetime.timedelta(days=rng.randrange(1, 700))
                for c in picked:
                    yield Rating(
                        user_id=user_id,
                        competency_id=c,
                        kind=RatingKind.CURRENT,
                        source=RatingSource.SELF,
                        rater_id=user_id,
                        level=rng.randint(1, 4),
                        created_at=when,
                    )
                for c in picked[: size["ratings_target"]]:
                    yield Rating(
                        user_id=user_id,
                        competency_id=c,
                        kind=RatingKind.TARGET,
                        source=RatingSource.SELF,
                        rater_id=user_id,
                        level=rng.randint(3, 5),
                        created_at=when,
                    )

        writer.insert(Rating, ratings(), with_pk=False)
        writer.insert(
            RatingSharing,
            (RatingSharing(user_id=u, share_with_managers=True) for u in self.user_ids[::2]),
            with_pk=False,
        )
        # Planning: one cycle per organisation, three priorities per team.
        first_cycle = writer.reserve(Cycle, len(self.org_ids))
        writer.insert(
            Cycle,
            (
                Cycle(
                    id=first_cycle + k,
                    organisation_id=org,
                    name=f"{self.now.year}",
                    start=datetime.date(self.now.year, 1, 1),
                    end=datetime.date(self.now.year, 12, 31),
                )
                for k, org in enumerate(self.org_ids)
            ),
        )
        teams_per_org = self.size["teams_per_org"]
        writer.insert(
            Priority,
            (
                Priority(
                    cycle_id=first_cycle + t // teams_per_org,
                    team_id=team,
                    competency_id=comps[(t * 3 + p) % len(comps)],
                    target_level=3,
                    rationale="Generated for load tests.",
                    budget_value=Decimal(10),
                )
                for t, team in enumerate(self.team_ids)
                for p in range(3)
            ),
            with_pk=False,
        )

    # --- portfolio ----------------------------------------------------------------------

    def portfolio(self) -> None:
        writer, rng = self.writer, self.rng(3)
        per_member = self.size["activities_per_member"]
        total = per_member * len(self.user_ids)
        first = writer.reserve(Activity, total)
        links = []
        through = Activity.competencies.through
        comps = self.competency_ids

        def activities():
            pk = first
            for user_id in self.user_ids:
                for _ in range(per_member):
                    kind = ACTIVITY_KINDS[rng.randrange(len(ACTIVITY_KINDS))]
                    start = self.now - datetime.timedelta(
                        days=rng.randrange(1, 1100), hours=rng.randrange(7, 17)
                    )
                    hours = Decimal(rng.choice((1, 1, 2, 3, 6, 8))) / Decimal(2) + Decimal(1)
                    if pk % 5 == 0:
                        links.append(through(activity_id=pk, competency_id=comps[pk % len(comps)]))
                    yield Activity(
                        id=pk,
                        owner_id=user_id,
                        title=ACTIVITY_TITLES[rng.randrange(len(ACTIVITY_TITLES))],
                        kind=kind,
                        mode=LearningMode.PARTICIPATORY
                        if kind in PARTICIPATORY_KINDS
                        else LearningMode.SELF_DIRECTED,
                        provider=PROVIDERS[pk % len(PROVIDERS)],
                        start=start,
                        end=start + datetime.timedelta(hours=float(hours)),
                        hours=hours,
                        language="en",
                    )
                    pk += 1

        for batch in _chunks(activities(), 50_000):
            writer.insert(Activity, batch)
            writer.insert(through, links, with_pk=False)
            links.clear()

    # --- events -------------------------------------------------------------------------

    def events(self) -> None:
        writer, rng, size = self.writer, self.rng(4), self.size
        count, per_event = size["events"], size["sessions_per_event"]
        first = writer.reserve(Event, count)
        first_form = writer.reserve(RegistrationForm, count)
        first_track = writer.reserve(Track, count * 2)
        first_session = writer.reserve(Session, count * per_event)
        events, texts, forms, tracks, sessions, session_texts = [], [], [], [], [], []
        self.open_events: list[int] = []
        self.event_slugs = []
        for e in range(count):
            finished = e % 3 == 2
            days = -rng.randrange(10, 400) if finished else rng.randrange(5, 200)
            start = self.now + datetime.timedelta(days=days, hours=8)
            slug = f"{PREFIX}event-{e:03d}"
            self.event_slugs.append(slug)
            if not finished:
                self.open_events.append(e)
            events.append(
                Event(
                    id=first + e,
                    organisation_id=self.org_ids[e % len(self.org_ids)],
                    slug=slug,
                    languages=["en", "fr"] if e % 4 == 0 else ["en"],
                    time_zone=TIME_ZONES[e % 10],
                    start=start,
                    end=start + datetime.timedelta(days=1, hours=8),
                    mode=[AttendanceMode.ONLINE, AttendanceMode.HYBRID][e % 2],
                    capacity=None if e % 5 else 500,
                    status=EventStatus.FINISHED if finished else EventStatus.REGISTRATION,
                    uid=_uuid(rng),
                )
            )
            texts.append(
                EventText(
                    event_id=first + e,
                    language="en",
                    title=f"{TOPICS[e % 10]} forum {e}",
                    summary="A day of talks and workshops, generated for load tests.",
                    description="## Programme\n\nTalks, panels and workshops.",
                )
            )
            forms.append(RegistrationForm(id=first_form + e, event_id=first + e, language="en"))
            for t in range(2):
                tracks.append(
                    Track(
                        id=first_track + e * 2 + t,
                        event_id=first + e,
                        name=f"Room {t + 1}",
                        position=t,
                    )
                )
            for s in range(per_event):
                s_start = start + datetime.timedelta(hours=s % 3 * 2, days=s // 3)
                pk = first_session + e * per_event + s
                sessions.append(
                    Session(
                        id=pk,
                        event_id=first + e,
                        track_id=first_track + e * 2 + s % 2,
                        kind=[SessionKind.KEYNOTE, SessionKind.TALK, SessionKind.WORKSHOP][s % 3],
                        start=s_start,
                        end=s_start + datetime.timedelta(minutes=90),
                        languages=["en"],
                        is_published=True,
                        uid=_uuid(rng),
                    )
                )
                session_texts.append(
                    SessionText(
                        session_id=pk,
                        language="en",
                        title=f"{TOPICS[(e + s) % 10]} in practice",
                        abstract="What worked, and what did not.",
                    )
                )
        writer.insert(Event, events)
        writer.insert(EventText, texts, with_pk=False)
        writer.insert(RegistrationForm, forms)
        writer.insert(Track, tracks)
        writer.insert(Session, sessions)
        writer.insert(SessionText, session_texts, with_pk=False)
        total = len(self.user_ids) * size["registrations_per_member"]
        first_reg = writer.reserve(Registration, total)
        agenda = []
        self.registered: list[int] = []  # an event index of each member

        def registrations():
            pk = first_reg
            for index, user_id in enumerate(self.user_ids):
                e1 = index % count
                chosen = [e1, (e1 + 1 + (index // count) % (count - 1)) % count]
                self.registered.append(e1)
                for e in chosen[: size["registrations_per_member"]]:
                    yield Registration(
                        id=pk,
                        event_id=first + e,
                        user_id=user_id,
                        form_id=first_form + e,
                        follow_language="en",
                        status=RegistrationStatus.CONFIRMED,
                        created_at=self.now - datetime.timedelta(days=3),
                    )
                    agenda.append(
                        AgendaItem(
                            registration_id=pk,
                            session_id=first_session + e * per_event + index % per_event,
                        )
                    )
                    pk += 1

        writer.insert(Registration, registrations())
        writer.insert(AgendaItem, agenda, with_pk=False)
        self.event_first = first

    # --- meetups and news ---------------------------------------------------------------

    def meetups_and_news(self) -> None:
        writer, rng = self.writer, self.rng(5)
        teams_per_org = self.size["teams_per_org"]
        writer.insert(
            MeetupSeries,
            (
                MeetupSeries(
                    organisation_id=org,
                    team_id=self.team_ids[k * teams_per_org],
                    slug=f"{PREFIX}meetup-{k:03d}",
                    title=f"{TOPICS[k % 10]} circle {k}",
                    description="A monthly hour to swap ideas.",
                    rrule="FREQ=MONTHLY;BYDAY=1WE",
                    first_start=self.now - datetime.timedelta(days=60, hours=-14),
                    time_zone=TIME_ZONES[k % 10],
                    access=SeriesAccess.MEMBERS,
                    uid=_uuid(rng),
                )
                for k, org in enumerate(self.org_ids)
            ),
            with_pk=False,
        )
        first_tag = writer.reserve(Tag, 10)
        writer.insert(
            Tag,
            (
                Tag(id=first_tag + t, name=f"Scale {TOPICS[t]}", slug=f"{PREFIX}tag-{t}")
                for t in range(10)
            ),
        )
        per_org = self.size["posts_per_org"]
        total = per_org * len(self.org_ids)
        first = writer.reserve(Post, total)
        body = (
            "Our team tried something new this month.\n\n"
            "- what we planned\n- what happened\n- what we would change\n\n"
            "Write to us if you want the **templates** we used."
        )
        body_html = render_markdown(body)
        posts, tags = [], []
        through = Post.tags.through
        for k, org in enumerate(self.org_ids):
            for p in range(per_org):
                pk = first + k * per_org + p
                posts.append(
                    Post(
                        id=pk,
                        organisation_id=org,
                        author_id=self.user_ids[k],
                        title=f"{TOPICS[(k + p) % 10]}: notes from {k}-{p}",
                        slug=f"{PREFIX}news-{k:03d}-{p}",
                        summary="What we learnt, briefly.",
                        body=body,
                        body_html=body_html,
                        language="en",
                        status=PostStatus.PUBLISHED,
                        published_at=self.now - datetime.timedelta(days=rng.randrange(1, 365)),
                        translation_group=_uuid(rng),
                    )
                )
                tags.append(through(post_id=pk, tag_id=first_tag + (k + p) % 10))
        writer.insert(Post, posts)
        writer.insert(through, tags, with_pk=False)

    # --- learning -----------------------------------------------------------------------

    def learning(self) -> None:
        writer, rng, size = self.writer, self.rng(6), self.size
        count = size["modules"]
        first = writer.reserve(Module, count)
        first_topic = writer.reserve(Topic, count * 3)
        first_question = writer.reserve(Question, count * 2)
        modules, topics, questions, choices, module_comps = [], [], [], [], []
        through = Module.competencies.through
        for m in range(count):
            modules.append(
                Module(
                    id=first + m,
                    organisation_id=self.org_ids[m % len(self.org_ids)],
                    slug=f"{PREFIX}module-{m:03d}",
                    title=f"{TOPICS[m % 10]} essentials {m}",
                    summary="A short self-paced module, generated for load tests.",
                    introduction="Work through the topics at your own pace.",
                    estimated_minutes=45 + m % 4 * 15,
                    status=ModuleStatus.PUBLISHED,
                    published_at=self.now - datetime.timedelta(days=100),
                    translation_group=_uuid(rng),
                )
            )
            module_comps.append(
                through(module_id=first + m, competency_id=self.competency_ids[m % 30])
            )
            for t in range(3):
                topics.append(
                    Topic(
                        id=first_topic + m * 3 + t,
                        module_id=first + m,
                        position=t,
                        title=f"Part {t + 1}",
                        body="Read, then try the exercise.",
                    )
                )
            for q in range(2):
                pk = first_question + m * 2 + q
                questions.append(
                    Question(
                        id=pk,
                        module_id=first + m,
                        position=q,
                        kind=LearningQuestionKind.SINGLE,
                        text=f"Which option fits case {q + 1}?",
                    )
                )
                choices.extend(
                    Choice(question_id=pk, position=c, text=f"Option {c + 1}", is_correct=c == 0)
                    for c in range(3)
                )
        writer.insert(Module, modules)
        writer.insert(through, module_comps, with_pk=False)
        writer.insert(Topic, topics)
        writer.insert(Question, questions)
        writer.insert(Choice, choices, with_pk=False)

        def enrolments():
            for index, user_id in enumerate(self.user_ids):
                m1 = index % count
                for m in (m1, (m1 + 1) % count)[: size["enrolments_per_member"]]:
                    done = rng.random() < 0.3
                    yield Enrolment(
                        module_id=first + m,
                        user_id=user_id,
                        started_at=self.now - datetime.timedelta(days=rng.randrange(20, 300)),
                        last_topic_id=first_topic + m * 3 + (2 if done else 0),
                        best_score=100 if done else None,
                        passed_at=self.now - datetime.timedelta(days=5) if done else None,
                        completed_at=self.now - datetime.timedelta(days=5) if done else None,
                    )

        writer.insert(Enrolment, enrolments(), with_pk=False)

    # --- coaching -----------------------------------------------------------------------

    def coaching(self) -> None:
        writer, rng, size = self.writer, self.rng(7), self.size
        programme_id = writer.reserve(Programme, 1)
        writer.insert(
            Programme,
            [
                Programme(
                    id=programme_id,
                    organisation_id=self.org_ids[0],
                    slug=f"{PREFIX}coaching",
                    title="Scale peer coaching",
                    description="Peer coaching for library workers.",
                    is_published=True,
                )
            ],
        )
        writer.insert(
            PreparationGuide,
            [
                PreparationGuide(
                    programme_id=programme_id,
                    language="en",
                    title="Preparing for your session",
                    body="Think about one situation you want to work on.",
                    steps="Choose a topic\nWrite down one question",
                )
            ],
            with_pk=False,
        )
        round_id = writer.reserve(Round, 1)
        writer.insert(
            Round,
            [
                Round(
                    id=round_id,
                    programme_id=programme_id,
                    title="Scale round",
                    booking_opens=self.now - datetime.timedelta(days=7),
                    booking_closes=self.now + datetime.timedelta(days=60),
                    coaching_starts=self.now + datetime.timedelta(days=2),
                    coaching_ends=self.now + datetime.timedelta(days=90),
                    max_bookings_per_coachee=3,
                    cancel_cutoff_hours=24,
                    is_published=True,
                )
            ],
        )
        self.round_id = round_id
        coaches = size["coaches"]
        step = max(1, len(self.user_ids) // coaches)
        coach_users = self.user_ids[step - 1 :: step][:coaches]
        first_coach = writer.reserve(Coach, len(coach_users))
        writer.insert(
            Coach,
            (
                Coach(
                    id=first_coach + c,
                    programme_id=programme_id,
                    user_id=u,
                    bio="I have coached colleagues for years.",
                    languages=["en"],
                    topics=[TOPICS[c % 10]],
                    time_zone=TIME_ZONES[c % 10],
                    meeting_url=f"https://meet.example.org/{PREFIX}coach-{c}",
                )
                for c, u in enumerate(coach_users)
            ),
        )
        per_coach = size["slots_per_coach"]
        first_slot = writer.reserve(Slot, len(coach_users) * per_coach)
        slots, bookings = [], []
        coach_set = set(coach_users)
        coachees = [u for u in self.user_ids if u not in coach_set]
        booked = 0
        for c in range(len(coach_users)):
            for s in range(per_coach):
                start = self.now + datetime.timedelta(days=3 + s // 4, hours=8 + s % 4 * 2)
                pk = first_slot + c * per_coach + s
                slots.append(
                    Slot(
                        id=pk,
                        round_id=round_id,
                        coach_id=first_coach + c,
                        start=start,
                        end=start + datetime.timedelta(minutes=45),
                    )
                )
                if s % 4 == 0 and booked < len(coachees):  # a quarter of the slots are taken
                    bookings.append(
                        Booking(
                            slot_id=pk,
                            round_id=round_id,
                            coach_id=first_coach + c,
                            coachee_id=coachees[booked],
                            start=start,
                            end=start + datetime.timedelta(minutes=45),
                            status=BookingStatus.CONFIRMED,
                            goals="Prepare for a new role.",
                            uid=_uuid(rng),
                        )
                    )
                    booked += 1
        writer.insert(Slot, slots)
        writer.insert(Booking, bookings, with_pk=False)

    # --- translations -------------------------------------------------------------------

    def translations(self) -> None:
        writer, rng, size = self.writer, self.rng(8), self.size
        count = size["campaigns"]
        first = writer.reserve(Campaign, count)
        first_target = writer.reserve(TargetLanguage, count * 5)
        campaigns, segments, targets, volunteers = [], [], [], []
        states = list(LanguageState)
        for k in range(count):
            campaigns.append(
                Campaign(
                    id=first + k,
                    organisation_id=self.org_ids[k % len(self.org_ids)],
                    slug=f"{PREFIX}campaign-{k:03d}",
                    title=f"Guideline on {TOPICS[k % 10].lower()}",
                    description="Help translate this guideline.",
                    is_published=True,
                    deadline=(self.now + datetime.timedelta(days=90)).date(),
                    allowed_file_kinds=["pdf", "office"],
                )
            )
            segments.extend(
                Segment(
                    campaign_id=first + k,
                    position=s,
                    source_text=f"Paragraph {s + 1} of the guideline, in plain words.",
                )
                for s in range(10)
            )
            for t, language in enumerate(TARGET_LANGUAGES[k % 4 : k % 4 + 5]):
                pk = first_target + k * 5 + t
                state = states[(k + t) % len(states)]
                targets.append(
                    TargetLanguage(
                        id=pk,
                        campaign_id=first + k,
                        language=language,
                        state=state,
                        uid=_uuid(rng),
                        last_activity_at=self.now,
                    )
                )
                if state != LanguageState.WANTED:
                    volunteers.append(
                        Volunteer(target_id=pk, user_id=rng.choice(self.user_ids), is_lead=True)
                    )
        writer.insert(Campaign, campaigns)
        writer.insert(Segment, segments, with_pk=False)
        writer.insert(TargetLanguage, targets)
        writer.insert(Volunteer, volunteers, with_pk=False)

    def run(self) -> None:
        self.step("people and organisations", self.people)
        self.step("competencies and planning", self.competencies)
        self.step("portfolio activities", self.portfolio)
        self.step("events and registrations", self.events)
        self.step("meetups and news", self.meetups_and_news)
        self.step("learning", self.learning)
        self.step("coaching", self.coaching)
        self.step("translations", self.translations)
        if self.writer.postgres:
            started = time.perf_counter()
            big = [
                User,
                Membership,
                TeamMembership,
                Activity,
                Activity.competencies.through,
                Rating,
                Registration,
                AgendaItem,
                Enrolment,
                EmailAddress,
                Coach,
                Round,
                Slot,
                Booking,
            ]
            with connection.cursor() as cursor:
                for model in big:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            self.report("analyze", time.perf_counter() - started, 0)


def _uuid(rng: random.Random):
    import uuid  # noqa: PLC0415 - only here

    return uuid.UUID(int=rng.getrandbits(128), version=4)


def seed(
    *,
    members: int = 20_000,
    organisations: int = 200,
    activities_per_member: int = 50,
    report: Callable[[str, float, int], None] = lambda name, seconds, rows: None,
) -> dict:
    """Builds the dataset; returns the sizes used. Refuses if a scale dataset exists."""
    if exists():
        raise ValueError("A scale dataset exists already; remove it with --flush-scale first.")
    if members < organisations * 2:
        raise ValueError("Give at least two members per organisation.")
    size = sizes(
        members=members, organisations=organisations, activities_per_member=activities_per_member
    )
    Seeder(size=size, report=report).run()
    return size


def exists() -> bool:
    return User.objects.filter(email__endswith=f"@{DOMAIN}").exists()


def flush(*, report: Callable[[str, float, int], None] = lambda name, seconds, rows: None) -> None:
    """Removes a scale dataset: the big tables with plain DELETEs, the rest through the ORM."""
    started = time.perf_counter()
    users = User.objects.filter(email__endswith=f"@{DOMAIN}")
    orgs = Organisation.objects.filter(slug__startswith=PREFIX)
    plain = [
        (Activity.competencies.through, Q(activity__owner__in=users)),
        (Activity, Q(owner__in=users)),
        (Rating, Q(user__in=users)),
        (AgendaItem, Q(registration__event__organisation__in=orgs)),
        (Registration, Q(event__organisation__in=orgs)),
        (Booking, Q(round__programme__organisation__in=orgs)),
        (Enrolment, Q(module__organisation__in=orgs)),
        (TeamMembership, Q(user__in=users)),
        (Membership, Q(user__in=users)),
        (EmailAddress, Q(user__in=users)),
    ]
    with transaction.atomic():
        for model, condition in plain:
            queryset = model.objects.filter(condition)
            queryset._raw_delete(queryset.db)
        orgs.delete()
        Framework.objects.filter(slug__startswith=PREFIX).delete()
        Tag.objects.filter(slug__startswith=PREFIX).delete()
        users.delete()
    report("flush", time.perf_counter() - started, 0)


def manifest(*, sample: int = 200) -> dict:
    """What a load test needs to know about an existing scale dataset: logins, pages to visit."""
    members = list(
        User.objects.filter(
            email__endswith=f"@{DOMAIN}",
            team_memberships__role=TeamRole.MEMBER,
            memberships__role=OrganisationRole.MEMBER,  # organisers must use two-factor sign-in
            coach_profiles__isnull=True,
        )
        .order_by("email")
        .values_list("email", flat=True)[:sample]
    )
    agendas = dict(
        Registration.objects.filter(user__email__in=members)
        .order_by("user__email", "event__slug")
        .values_list("user__email", "event__slug")
    )
    managers = list(
        TeamMembership.objects.filter(user__email__endswith=f"@{DOMAIN}", role=TeamRole.MANAGER)
        .order_by("user__email")
        .values_list("user__email", "team_id")[: max(1, sample // 10)]
    )
    coaching_round = Round.objects.filter(programme__slug=f"{PREFIX}coaching").first()
    return {
        "password": DEMO_PASSWORD,  # published demo login, never production
        "members": [{"email": e, "event": agendas.get(e, "")} for e in members],
        "managers": [{"email": e, "team": t} for e, t in managers],
        "open_events": list(
            Event.objects.filter(slug__startswith=PREFIX, status=EventStatus.REGISTRATION)
            .order_by("slug")
            .values_list("slug", flat=True)
        ),
        "events": list(
            Event.objects.filter(slug__startswith=PREFIX)
            .order_by("slug")
            .values_list("slug", flat=True)[:50]
        ),
        "round": (
            f"/coaching/{PREFIX}coaching/rounds/{coaching_round.pk}/" if coaching_round else ""
        ),
        "programme": f"/coaching/{PREFIX}coaching/",
    }
