"""Demo coaching: the association's congress coaching week, run with Hilltown University Library.

Running `load` twice changes nothing: the programme and round are found by slug and title,
coaches and applicants by their email. Slots and bookings come from `booking_demo.py`.
"""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from atheneum.accounts.models import User
from atheneum.common.demo import demo_password_hash

from .enums import ApplicationStatus, CoachStatus, LinkMode
from .models import Coach, CoachApplication, PreparationGuide, Programme, Round

SLUG = "congress-coaching"
ROUND_TITLE = "Congress coaching week"
ROUND_ZONE = "Europe/Stockholm"

DESCRIPTION = (
    "During the association's online congress week, experienced colleagues from every region "
    "give their time for one-to-one coaching conversations. A session lasts 45 minutes and is "
    "free for every member.\n\n"
    "Bring a question about your work or your career: a new role, a project that is stuck, "
    "a presentation you are dreading, a move into research support. Your coach will not tell "
    "you what to do; they will help you think it through and leave with a next step.\n\n"
    "Coaches are volunteers. If you have coached or mentored colleagues before, we would love "
    "to hear from you."
)

# email name, display name, time zone, languages, topics, bio, paused
COACHES = [
    (
        "ingrid",
        "Ingrid Lindqvist",
        "Europe/Stockholm",
        ["sv", "en"],
        ["leadership", "change management", "public libraries"],
        "Led a city library through a merger of three branches. I coach new managers who "
        "want to lead without losing the joy of the work.",
        False,
    ),
    (
        "camila",
        "Camila Restrepo",
        "America/Bogota",
        ["es", "en"],
        ["community outreach", "grant writing"],
        "Twenty years in community libraries in Medellín and Bogotá. Happy to help you shape "
        "a project idea into a proposal someone will fund.",
        False,
    ),
    (
        "joseph",
        "Joseph Mwangi",
        "Africa/Nairobi",
        ["sw", "en"],
        ["research support", "open access", "career change"],
        "Research librarian at a university library. I enjoy helping colleagues move from "
        "front-line service into research support.",
        False,
    ),
    (
        "mei",
        "Mei Lin Tan",
        "Asia/Singapore",
        ["zh", "en"],
        ["digital services", "user experience"],
        "I redesign library websites and services around what people actually do. Bring a "
        "service you want to improve.",
        False,
    ),
    (
        "aroha",
        "Aroha Ngata",
        "Pacific/Auckland",
        ["en"],
        ["indigenous knowledge", "collection development"],
        "I care for collections that hold the knowledge of communities. We can talk about "
        "partnership, consultation and respect in collection work.",
        False,
    ),
    (
        "amelie",
        "Amélie Dubois",
        "Europe/Stockholm",
        ["fr", "en"],
        ["presentation skills", "teaching information literacy"],
        "Trainer of trainers. I help colleagues prepare talks, workshops and their first "
        "conference presentation.",
        False,
    ),
    (
        "youssef",
        "Youssef Benali",
        "Africa/Nairobi",
        ["ar", "fr"],
        ["career change", "library associations"],
        "Active in library associations for fifteen years. Ask me about volunteering, "
        "networking and building a career across borders.",
        False,
    ),
    (
        "beatriz",
        "Beatriz Costa",
        "America/Bogota",
        ["pt", "es"],
        ["school libraries", "reading promotion"],
        "School librarian and reading promoter. On a break this round, back soon.",
        True,
    ),
]

APPLICANTS = [
    (
        "applicant.henrik@demo.atheneum.test",
        "Henrik Nyström",
        "Europe/Stockholm",
        ["sv", "en"],
        "metadata, cataloguing careers",
        "I mentored four new cataloguers at my library over the last three years.",
        "I ask what they want to learn and let them lead; I share examples from my own work.",
    ),
    (
        "applicant.fatima@demo.atheneum.test",
        "Fatima Al-Sayed",
        "Asia/Singapore",
        ["ar", "en"],
        "digital literacy, adult learners",
        "I coach volunteers who teach digital skills to adults at our branches.",
        "Short, practical conversations that end with one thing to try the next day.",
    ),
]

GUIDES = {
    "en": (
        "Preparing for your coaching session",
        "## What coaching is, and what it is not\n\n"
        "Coaching is a conversation in which an experienced colleague helps you think about "
        "your own question. Your coach listens, asks questions and may share experience, but "
        "the answers and the decisions stay yours. It is not training, therapy or a job "
        "interview, and your coach will not solve a problem for you.\n\n"
        "## Choose one goal\n\n"
        "Forty-five minutes go quickly. Pick one thing you want to move forward, for example "
        "“decide whether to apply for the team-lead post” or “plan the first month of a new "
        "outreach project”.\n\n"
        "## Prepare two or three questions\n\n"
        "Write down what you already tried, what worries you and what a good outcome of the "
        "session would be.\n\n"
        "## Mind the time zone\n\n"
        "Your coach may live on another continent. Times on this site are shown in your own "
        "time zone; check that your profile's zone is right before you book.\n\n"
        "## On the day\n\n"
        "Join on time from a quiet place, with your camera on if you can. If you cannot make "
        "it, cancel in good time so another colleague can take the slot.\n\n"
        "## Afterwards\n\n"
        "Note your next step while it is fresh, and tell us in the short feedback form how "
        "useful the session was.",
        "Choose one goal for the session\n"
        "Write down two or three questions\n"
        "Check your time zone in your profile\n"
        "Test your camera and microphone",
    ),
    "fr": (
        "Préparer votre séance de coaching",
        "## Ce qu’est le coaching, et ce qu’il n’est pas\n\n"
        "Le coaching est une conversation au cours de laquelle un ou une collègue "
        "expérimenté·e vous aide à réfléchir à votre propre question. Votre coach écoute, "
        "pose des questions et peut partager son expérience, mais les réponses et les "
        "décisions vous appartiennent. Ce n’est ni une formation, ni une thérapie, ni un "
        "entretien d’embauche.\n\n"
        "## Choisissez un objectif\n\n"
        "Quarante-cinq minutes passent vite. Choisissez une seule chose à faire avancer.\n\n"
        "## Préparez deux ou trois questions\n\n"
        "Notez ce que vous avez déjà essayé, ce qui vous inquiète et ce qui ferait de cette "
        "séance une réussite.\n\n"
        "## Attention aux fuseaux horaires\n\n"
        "Votre coach vit peut-être sur un autre continent. Les horaires du site sont affichés "
        "dans votre fuseau horaire : vérifiez celui de votre profil avant de réserver.\n\n"
        "## Le jour venu\n\n"
        "Connectez-vous à l’heure, depuis un endroit calme. Si vous ne pouvez pas venir, "
        "annulez à temps pour qu’une ou un collègue puisse prendre la place.\n\n"
        "## Après la séance\n\n"
        "Notez votre prochaine étape tant qu’elle est fraîche et dites-nous, dans le court "
        "questionnaire, si la séance vous a été utile.",
        "Choisir un objectif pour la séance\n"
        "Noter deux ou trois questions\n"
        "Vérifier le fuseau horaire de votre profil\n"
        "Tester caméra et micro",
    ),
    "es": (
        "Cómo prepararte para tu sesión de coaching",
        "## Qué es el coaching y qué no es\n\n"
        "El coaching es una conversación en la que una colega con experiencia te ayuda a "
        "pensar en tu propia pregunta. Tu coach escucha, pregunta y puede compartir lo que ha "
        "vivido, pero las respuestas y las decisiones son tuyas. No es una formación, ni una "
        "terapia, ni una entrevista de trabajo.\n\n"
        "## Elige un objetivo\n\n"
        "Cuarenta y cinco minutos pasan rápido. Elige una sola cosa que quieras avanzar.\n\n"
        "## Prepara dos o tres preguntas\n\n"
        "Anota lo que ya intentaste, lo que te preocupa y qué sería un buen resultado.\n\n"
        "## Cuidado con las zonas horarias\n\n"
        "Tu coach puede vivir en otro continente. Las horas del sitio se muestran en tu zona "
        "horaria: revisa la de tu perfil antes de reservar.\n\n"
        "## El día de la sesión\n\n"
        "Conéctate puntualmente desde un lugar tranquilo. Si no puedes asistir, cancela con "
        "tiempo para que otra persona pueda usar el horario.\n\n"
        "## Después\n\n"
        "Anota tu siguiente paso mientras lo tienes fresco y cuéntanos en el breve "
        "formulario qué tan útil fue la sesión.",
        "Elegir un objetivo para la sesión\n"
        "Anotar dos o tres preguntas\n"
        "Revisar la zona horaria de tu perfil\n"
        "Probar cámara y micrófono",
    ),
    "sv": (
        "Så förbereder du ditt coachningssamtal",
        "## Vad coachning är, och vad det inte är\n\n"
        "Coachning är ett samtal där en erfaren kollega hjälper dig att tänka kring din egen "
        "fråga. Din coach lyssnar, ställer frågor och kan dela med sig av erfarenheter, men "
        "svaren och besluten är dina. Det är varken en utbildning, terapi eller en "
        "anställningsintervju.\n\n"
        "## Välj ett mål\n\n"
        "Fyrtiofem minuter går fort. Välj en sak som du vill komma vidare med.\n\n"
        "## Förbered två eller tre frågor\n\n"
        "Skriv ner vad du redan har provat, vad som oroar dig och vad ett bra resultat av "
        "samtalet skulle vara.\n\n"
        "## Tänk på tidszonen\n\n"
        "Din coach kan bo på en annan kontinent. Tiderna på webbplatsen visas i din egen "
        "tidszon; kontrollera tidszonen i din profil innan du bokar.\n\n"
        "## På dagen\n\n"
        "Anslut i tid från en lugn plats. Om du inte kan komma, avboka i god tid så att en "
        "annan kollega kan ta tiden.\n\n"
        "## Efteråt\n\n"
        "Skriv ner ditt nästa steg medan det är färskt och berätta i den korta enkäten hur "
        "användbart samtalet var.",
        "Välj ett mål för samtalet\n"
        "Skriv ner två eller tre frågor\n"
        "Kontrollera tidszonen i din profil\n"
        "Testa kamera och mikrofon",
    ),
}


def _person(email: str, name: str, zone: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "time_zone": zone}
    )
    if created:
        user.password = demo_password_hash()
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def congress_week_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """09:00 in Stockholm on the first Monday at least three weeks from now."""
    zone = zoneinfo.ZoneInfo(ROUND_ZONE)
    day = ((now or timezone.now()) + datetime.timedelta(weeks=3)).astimezone(zone).date()
    day += datetime.timedelta(days=(7 - day.weekday()) % 7)
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)


def load(*, organisations: dict, users: dict) -> None:
    programme, _created = Programme.objects.get_or_create(
        slug=SLUG,
        defaults={
            "organisation": organisations["association"],
            "title": "Congress coaching",
            "description": DESCRIPTION,
            "is_published": True,
        },
    )
    programme.partners.add(organisations["hilltown"])

    if not programme.rounds.filter(title=ROUND_TITLE).exists():
        starts = congress_week_start()
        Round.objects.create(
            programme=programme,
            title=ROUND_TITLE,
            time_zone=ROUND_ZONE,
            booking_opens=timezone.now() - datetime.timedelta(days=1),
            booking_closes=starts,
            coaching_starts=starts,
            coaching_ends=starts + datetime.timedelta(days=4, hours=9),
            session_minutes=45,
            buffer_minutes=15,
            max_bookings_per_coachee=2,
            link_mode=LinkMode.PER_COACH,
            cancel_cutoff_hours=24,
            is_published=True,
        )

    for language, (title, body, steps) in GUIDES.items():
        PreparationGuide.objects.get_or_create(
            programme=programme,
            language=language,
            defaults={"title": title, "body": body, "steps": steps},
        )

    for key, name, zone, languages, topics, bio, paused in COACHES:
        user = _person(f"coach.{key}@demo.atheneum.test", name, zone)
        Coach.objects.get_or_create(
            programme=programme,
            user=user,
            defaults={
                "bio": bio,
                "languages": languages,
                "topics": topics,
                "time_zone": zone,
                "meeting_url": f"https://meet.example.org/coach-{key}",
                "status": CoachStatus.PAUSED if paused else CoachStatus.ACTIVE,
            },
        )

    for email, name, zone, languages, topics, experience, approach in APPLICANTS:
        user = _person(email, name, zone)
        if not CoachApplication.objects.filter(programme=programme, user=user).exists():
            CoachApplication.objects.create(
                programme=programme,
                user=user,
                experience=experience,
                approach=approach,
                languages=languages,
                topics=topics,
                time_zone=zone,
                availability="Mornings in my time zone during the congress week.",
                consent=True,
                status=ApplicationStatus.PENDING,
            )
