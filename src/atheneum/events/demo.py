# ruff: noqa: E501 - demo content is prose, kept on one line per string
"""Demo conferences: a two-day bilingual (English/Spanish) online conference of the association
that began yesterday, with recordings of the sessions already held, and an upcoming conference
open for proposals.

Running `load` twice changes nothing: an event found by its slug is left as it is.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .enums import AttendanceMode, EventStatus, RecordingVisibility, SessionKind
from .models import (
    Event,
    EventPartner,
    EventText,
    FaqEntry,
    Recording,
    Session,
    SessionText,
    Speaker,
    Track,
)

PACIFIC = ZoneInfo("America/Los_Angeles")
CONFERENCE = "illa-learning-week"
UPCOMING = "illa-annual-forum"

SPEAKERS = [
    ("Rosa Delgado", "Head of adult learning at a city library network in Bogotá."),
    ("Jonas Berg", "Trainer for school librarians; writes about reflective practice."),
    ("Priya Natarajan", "Digital services librarian who runs a makerspace."),
    ("Tomás Ferreira", "Archivist and volunteer translator of professional guides."),
    ("Grace Okafor", "Coordinates mentoring for early-career library staff."),
    ("Lucía Moreno", "Researcher in information literacy for older adults."),
    ("Henrik Sato", "Manager of a regional library consortium."),
    ("Nadia Haddad", "Leads outreach to refugee communities at a public library."),
]

# (kind, track index, English title, Spanish title, English abstract, speaker indexes)
SESSIONS = [
    (
        SessionKind.KEYNOTE,
        0,
        "Learning never stops at the issue desk",
        "El aprendizaje no se detiene en el mostrador",
        "Why everyday work is the richest source of professional growth, and how to notice it.",
        [0],
    ),
    (
        SessionKind.TALK,
        0,
        "A CPD log that people actually keep",
        "Un registro de formación que la gente sí mantiene",
        "Small habits that keep a portfolio up to date without extra evenings.",
        [1],
    ),
    (
        SessionKind.TALK,
        1,
        "Makerspaces on a shoestring",
        "Espacios maker con poco presupuesto",
        "Starting hands-on workshops with donated tools and volunteer time.",
        [2],
    ),
    (
        SessionKind.PANEL,
        1,
        "Serving new arrivals",
        "Atender a los recién llegados",
        "Three libraries compare how they welcome refugees and migrants.",
        [7, 0, 6],
    ),
    (
        SessionKind.WORKSHOP,
        0,
        "Writing a reflection in ten minutes",
        "Escribir una reflexión en diez minutos",
        "Practise the three-two-one reflection on a real example.",
        [1, 4],
    ),
    (
        SessionKind.TALK,
        1,
        "Translating guides with volunteers",
        "Traducir guías con voluntarios",
        "How a small team brought a poster into twelve languages.",
        [3],
    ),
    (
        SessionKind.TALK,
        0,
        "Mentoring the first year",
        "Mentoría en el primer año",
        "What new colleagues ask for, and what mentors wish they had known.",
        [4],
    ),
    (
        SessionKind.TALK,
        1,
        "Information literacy after seventy",
        "Alfabetización informacional después de los setenta",
        "Findings from workshops with older adults in four cities.",
        [5],
    ),
    (
        SessionKind.MEETUP,
        1,
        "Hallway: meet other digital librarians",
        "Pasillo: conoce a otros bibliotecarios digitales",
        "An informal room to swap ideas; no agenda.",
        [2],
    ),
    (
        SessionKind.TALK,
        0,
        "Steering competence in a consortium",
        "Dirigir las competencias en un consorcio",
        "Setting shared development priorities across twelve libraries.",
        [6],
    ),
    (
        SessionKind.KEYNOTE,
        0,
        "What our users will need from us in 2030",
        "Lo que nos pedirán los usuarios en 2030",
        "A look at skills library workers will need over the next five years.",
        [5],
    ),
    (
        SessionKind.TALK,
        1,
        "Story time in two languages",
        "La hora del cuento en dos idiomas",
        "Planning bilingual story sessions that work for every child.",
        [0],
    ),
    (
        SessionKind.WORKSHOP,
        0,
        "Self-assessment against a competency framework",
        "Autoevaluación con un marco de competencias",
        "Rate yourself, find a gap, and plan one step.",
        [1, 6],
    ),
    (
        SessionKind.TALK,
        1,
        "Accessible events for everyone",
        "Eventos accesibles para todos",
        "Captions, transcripts and clear slides, without a big budget.",
        [2],
    ),
    (
        SessionKind.PANEL,
        0,
        "Coaching circles that last",
        "Círculos de coaching que perduran",
        "Coaches and coachees on what kept their circles going.",
        [4, 3],
    ),
    (
        SessionKind.TALK,
        1,
        "Community archives with local historians",
        "Archivos comunitarios con historiadores locales",
        "Collecting and describing neighbourhood memories together.",
        [3],
    ),
    (
        SessionKind.TALK,
        0,
        "Time for learning at work",
        "Tiempo para aprender en el trabajo",
        "Making the case to managers for protected learning hours.",
        [6],
    ),
    (
        SessionKind.TALK,
        1,
        "Reading clubs for teenagers online",
        "Clubes de lectura en línea para adolescentes",
        "Moderation, safety and keeping the conversation going.",
        [7],
    ),
    (
        SessionKind.MEETUP,
        1,
        "Hallway: Spanish-speaking colleagues",
        "Pasillo: colegas de habla hispana",
        "Un espacio informal para conversar en español.",
        [0],
    ),
    (
        SessionKind.KEYNOTE,
        0,
        "Closing: what will you try next week?",
        "Clausura: ¿qué probará la próxima semana?",
        "Turning two days of ideas into one concrete action.",
        [4],
    ),
]

FAQ = {
    "en": [
        ("Does it cost anything?", "No. The conference is free for everyone who registers."),
        ("Which time zone are the times in?", "The programme is planned in US Pacific time. The schedule shows every time in your own zone, and one click shows Pacific time."),
        ("Will there be recordings?", "Yes. Recordings with captions and a transcript appear after each session, for signed-in members."),
    ],
    "es": [
        ("¿Tiene algún costo?", "No. La conferencia es gratuita para todas las personas inscritas."),
        ("¿En qué zona horaria están los horarios?", "El programa se planifica en hora del Pacífico de EE. UU. El programa muestra cada hora en su propia zona, y con un clic en hora del Pacífico."),
        ("¿Habrá grabaciones?", "Sí. Las grabaciones con subtítulos y transcripción se publican después de cada sesión, para miembros con sesión iniciada."),
    ],
}  # fmt: skip


def _texts(event, language, title, summary, description):
    EventText.objects.create(
        event=event, language=language, title=title, summary=summary, description=description
    )


def _conference(organisation, now):
    today = now.astimezone(PACIFIC).date()
    day_one = today - dt.timedelta(days=1)
    start = dt.datetime.combine(day_one, dt.time(7, 0), tzinfo=PACIFIC)
    end = dt.datetime.combine(today, dt.time(18, 0), tzinfo=PACIFIC)
    event = Event.objects.create(
        organisation=organisation,
        slug=CONFERENCE,
        default_language="en",
        languages=["en", "es"],
        time_zone="America/Los_Angeles",
        start=start,
        end=end,
        mode=AttendanceMode.ONLINE,
        capacity=500,
        status=EventStatus.RUNNING,
        code_of_conduct_url="https://example.org/illa/code-of-conduct",
        recordings_visibility=RecordingVisibility.MEMBERS,
    )
    _texts(
        event, "en", "ILLA Learning Week 2 days online",
        "Two free days of talks, panels and workshops on learning at work, in English and Spanish.",
        "Every session is given in English or Spanish and interpreted into the other language. "
        "Register with the form in your language and choose the language you will follow.\n\n"
        "Recordings with captions and transcripts are published for members after each session.",
    )  # fmt: skip
    _texts(
        event, "es", "Semana de Aprendizaje ILLA: 2 días en línea",
        "Dos días gratuitos de charlas, paneles y talleres sobre el aprendizaje en el trabajo, en inglés y español.",
        "Cada sesión se imparte en inglés o en español con interpretación al otro idioma. "
        "Inscríbase con el formulario en su idioma y elija el idioma en que seguirá las sesiones.\n\n"
        "Las grabaciones con subtítulos y transcripción se publican para los miembros después de cada sesión.",
    )  # fmt: skip
    tracks = [
        Track.objects.create(event=event, name="Learning and CPD", position=0),
        Track.objects.create(event=event, name="Services and communities", position=1),
    ]
    speakers = [
        Speaker.objects.create(event=event, name=name, bio=bio, affiliation="")
        for name, bio in SPEAKERS
    ]
    EventPartner.objects.create(
        event=event, name="Riverside Public Library", url="https://example.org/riverside"
    )
    EventPartner.objects.create(
        event=event, name="Open Reading Foundation", url="https://example.org/reading", position=1
    )
    for language, entries in FAQ.items():
        for position, (question, answer) in enumerate(entries):
            FaqEntry.objects.create(
                event=event, language=language, question=question, answer=answer, position=position
            )
    for index, (kind, track, en, es, abstract, speaker_ids) in enumerate(SESSIONS):
        day = day_one if index < 10 else today
        slot = index % 10
        session_start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=PACIFIC) + dt.timedelta(
            minutes=60 * slot
        )
        given_in = ["es"] if index % 3 == 1 else ["en"]
        session = Session.objects.create(
            event=event,
            track=tracks[track],
            kind=kind,
            start=session_start,
            end=session_start + dt.timedelta(minutes=45),
            room="Zoom A" if track == 0 else "Zoom B",
            languages=given_in,
            interpreted_into=["en"] if given_in == ["es"] else ["es"],
            meeting_url=f"https://meet.example.org/illa-{index + 1}",
            is_published=True,
        )
        session.speakers.set([speakers[i] for i in speaker_ids])
        SessionText.objects.create(session=session, language="en", title=en, abstract=abstract)
        SessionText.objects.create(session=session, language="es", title=es, abstract="")
        if session.end < now:
            Recording.objects.create(
                session=session,
                url=f"https://video.example.org/illa/{index + 1}",
                transcript=(
                    f"Welcome to “{en}”. This is the transcript of the session, "
                    "written from the captions after the event."
                ),
            )
    return event


def _upcoming(organisation, now):
    start = dt.datetime.combine(
        (now + dt.timedelta(days=90)).astimezone(PACIFIC).date(), dt.time(7, 0), tzinfo=PACIFIC
    )
    event = Event.objects.create(
        organisation=organisation,
        slug=UPCOMING,
        default_language="en",
        languages=["en", "es", "fr"],
        time_zone="Europe/Stockholm",
        start=start,
        end=start + dt.timedelta(days=2, hours=9),
        mode=AttendanceMode.HYBRID,
        venue="Stockholm City Library",
        status=EventStatus.PROPOSALS,
        recordings_visibility=RecordingVisibility.REGISTERED,
    )
    _texts(
        event, "en", "ILLA Annual Forum",
        "Call for speakers: share what your library learned this year.",
        "We welcome talks, panels and workshops in English, Spanish or French.",
    )  # fmt: skip
    _texts(
        event, "es", "Foro anual de ILLA",
        "Convocatoria de ponentes: comparta lo que su biblioteca aprendió este año.",
        "Aceptamos charlas, paneles y talleres en inglés, español o francés.",
    )  # fmt: skip
    return event


@transaction.atomic
def load(*, organisations: dict, users: dict) -> None:
    association = organisations["association"]
    now = timezone.now()
    if not Event.objects.filter(slug=CONFERENCE).exists():
        _conference(association, now)
    if not Event.objects.filter(slug=UPCOMING).exists():
        _upcoming(association, now)
