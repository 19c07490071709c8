"""Demo competencies: Riverside's own 13 core competencies, a broad published framework for
library and information work, and a few ratings for the demo member and her manager.

Running `load` twice changes nothing: frameworks are found by slug, competencies by their fixed
CASE identifiers, and ratings are only added when the member has none on a framework yet.
"""

import datetime
import uuid

from django.utils import timezone

from atheneum.common import fragments

from .caching import CATALOGUE, ratings_tag
from .enums import CompetencyKind, RatingKind, RatingSource
from .models import (
    Competency,
    CompetencyText,
    Framework,
    ProficiencyLevel,
    Rating,
    RatingSharing,
)

DEMO_NAMESPACE = uuid.UUID("0f7c2d0e-5a8b-4c57-9d61-3c2b8e4a1f90")

SCALE = [
    (0, "Not yet", "I have not had the chance to practise this."),
    (1, "Beginning", "I understand what it involves and have tried it with help."),
    (2, "Developing", "I do it regularly, sometimes asking colleagues for advice."),
    (3, "Confident", "I do it well on my own and can adapt to new situations."),
    (4, "Role model", "Others come to me for help; I improve how the team does it."),
]

# (code, English name, English description, Swedish name or "", Swedish description or "")
RIVERSIDE = [
    ("R1", "Customer focus",
     "Starts from what each visitor needs and follows up until the need is met.",
     "Kundfokus", "Utgår från vad varje besökare behöver och följer upp tills behovet är mött."),
    ("R2", "Flexibility",
     "Adjusts plans, tasks and working hours calmly when circumstances change.",
     "Flexibilitet", "Ändrar planer, uppgifter och arbetstider lugnt när läget förändras."),
    ("R3", "Problem solving",
     "Breaks a problem into parts, tries a sensible fix and checks whether it worked.",
     "Problemlösning", "Delar upp ett problem, prövar en rimlig "
      "lösning och kontrollerar resultatet."),
    ("R4", "Emotional maturity",
     "Stays respectful and steady in tense situations and owns their own reactions.",
     "Emotionell mognad", "Är respektfull och stabil i spända "
      "situationer och tar ansvar för sina reaktioner."),
    ("R5", "Collaboration",
     "Shares knowledge freely and makes it easy for colleagues in other teams to help.",
     "", ""),
    ("R6", "Communication",
     "Explains clearly in speech and writing, adapting language to the listener.",
     "Kommunikation", "Förklarar tydligt i tal och skrift och anpassar språket till mottagaren."),
    ("R7", "Digital confidence",
     "Uses the library's systems and common devices, and helps visitors use theirs.",
     "", ""),
    ("R8", "Initiative",
     "Notices what could be better and acts on it without waiting to be asked.",
     "Initiativförmåga", "Ser vad som kan bli bättre och gör något "
      "åt det utan att vänta på uppdrag."),
    ("R9", "Learning agility",
     "Seeks out new knowledge, reflects on experience and applies what was learnt.",
     "", ""),
    ("R10", "Inclusion",
     "Makes the library welcoming to people of every background, age and ability.",
     "Inkludering", "Gör biblioteket välkomnande för människor "
      "oavsett bakgrund, ålder och förmåga."),
    ("R11", "Reliability",
     "Keeps promises to visitors and colleagues, and says early when a deadline is at risk.",
     "", ""),
    ("R12", "Reading promotion",
     "Inspires children and adults to read, with displays, talks and personal tips.",
     "Läsfrämjande", "Inspirerar barn och vuxna att läsa med "
      "skyltningar, samtal och personliga tips."),
    ("R13", "Community outreach",
     "Builds links with schools, associations and services outside the library walls.",
     "", ""),
]  # fmt: skip

# Areas: (code, name, description, {language: (name, description)}, competencies)
# Competencies: (code, name, description, {language: (name, description)})
BROAD = [
    ("A", "Information access and literacy",
     "Helping people find, judge and use information.",
     {"fr": ("Accès à l'information et maîtrise de l'information",
             "Aider chacun à trouver, évaluer et utiliser l'information."),
      "es": ("Acceso a la información y alfabetización informacional",
             "Ayudar a las personas a encontrar, evaluar y usar la información.")},
     [
         ("A1", "Reference interviewing",
          "Asks open questions to understand what a person is really looking for.",
          {"fr": ("Entretien de référence",
                  "Pose des questions ouvertes pour comprendre ce que la personne cherche.")}),
         ("A2", "Search strategy", "Plans searches across catalogues, databases and the open web.",
          {"es": ("Estrategia de búsqueda",
                  "Planifica búsquedas en catálogos, bases de datos y la web abierta.")}),
         ("A3", "Source evaluation",
          "Judges the reliability, bias and currency of a source and explains why.", {}),
         ("A4", "Teaching information literacy",
          "Designs short sessions that leave learners able to search on their own.", {}),
         ("A5", "Media and news literacy",
          "Helps people recognise misleading content and check claims.",
          {"ar": ("محو الأمية الإعلامية",
                  "يساعد الناس على التعرف على المحتوى المضلل والتحقق من الادعاءات.")}),
         ("A6", "Health information support",
          "Points people to trustworthy health information without giving advice.", {}),
     ]),
    ("B", "Collections", "Building and caring for collections that serve the community.",
     {"fr": ("Collections", "Constituer et entretenir des collections utiles à la communauté.")},
     [
         ("B1", "Collection development",
          "Selects material against a written policy and the community's needs.",
          {"fr": ("Développement des collections",
                  "Sélectionne les documents selon une politique écrite et les besoins.")}),
         ("B2", "Weeding and renewal",
          "Removes outdated items with clear criteria and explains the choices.", {}),
         ("B3", "Licensing e-resources",
          "Reads licence terms and negotiates access that suits the library's users.", {}),
         ("B4", "Preservation", "Protects fragile and unique material for future readers.", {}),
         ("B5", "Multilingual collections",
          "Builds collections in the languages the community reads.",
          {"ar": ("مجموعات متعددة اللغات", "يبني مجموعات باللغات التي يقرأ بها المجتمع.")}),
         ("B6", "Acquisitions budgeting",
          "Plans and tracks spending so the budget lasts the whole year.", {}),
     ]),
    ("C", "Metadata and discovery", "Describing resources so people can find them.", {},
     [
         ("C1", "Descriptive cataloguing",
          "Creates accurate records following the library's chosen standard.",
          {"es": ("Catalogación descriptiva",
                  "Crea registros precisos según la norma elegida por la biblioteca.")}),
         ("C2", "Subject analysis",
          "Assigns subjects and classification that match how people search.", {}),
         ("C3", "Linked data", "Understands identifiers and links between datasets.", {}),
         ("C4", "Authority control", "Keeps names and subjects consistent across the catalogue.",
          {}),
         ("C5", "Metadata quality",
          "Finds and fixes errors in bulk with reports and simple scripts.", {}),
         ("C6", "Discovery systems",
          "Configures the search interface so results are relevant and accessible.", {}),
     ]),
    ("D", "Digital services", "Running and improving the library's online services.",
     {"es": ("Servicios digitales", "Gestionar y mejorar los servicios "
      "en línea de la biblioteca.")},
     [
         ("D1", "Web content", "Writes clear, accessible web pages in plain language.", {}),
         ("D2", "Digital inclusion",
          "Helps people get online and use public e-services with confidence.",
          {"fr": ("Inclusion numérique",
                  "Aide chacun à se connecter et à utiliser les services publics en ligne.")}),
         ("D3", "Data protection",
          "Handles personal data lawfully and explains privacy choices to users.", {}),
         ("D4", "Digital accessibility",
          "Checks that services work with screen readers and keyboards.", {}),
         ("D5", "Research data support",
          "Advises researchers on storing, describing and sharing their data.", {}),
         ("D6", "Makerspace facilitation",
          "Guides people safely through hands-on technology projects.", {}),
     ]),
    ("E", "Understanding users", "Learning what people need and whether services meet it.", {},
     [
         ("E1", "User research",
          "Plans interviews and observations and turns findings into decisions.",
          {"ar": ("أبحاث المستخدمين", "يخطط للمقابلات والملاحظات ويحوّل النتائج إلى قرارات.")}),
         ("E2", "Service design",
          "Maps a visitor's journey and removes the steps that get in the way.", {}),
         ("E3", "Evaluation and statistics",
          "Measures use and outcomes honestly and reports them clearly.", {}),
         ("E4", "Usability testing", "Watches real users try a service and fixes what fails.",
          {}),
         ("E5", "Programme planning",
          "Designs events and activities that answer a known community need.", {}),
     ]),
    ("F", "Advocacy and partnership", "Making the case for libraries and working with others.",
     {"fr": ("Plaidoyer et partenariats",
             "Défendre les bibliothèques et travailler avec d'autres acteurs.")},
     [
         ("F1", "Advocacy", "Shows decision-makers the library's value with stories and data.",
          {"fr": ("Plaidoyer",
                  "Montre la valeur de la bibliothèque aux "
                   "décideurs par des récits et des données.")}),
         ("F2", "Partnership building",
          "Starts and sustains joint work with schools, museums and associations.", {}),
         ("F3", "Marketing and outreach",
          "Plans campaigns that reach people who do not yet use the library.", {}),
         ("F4", "Fundraising and grants", "Writes convincing proposals and reports on them.", {}),
         ("F5", "Intellectual freedom",
          "Upholds free access to information and handles challenges calmly.",
          {"es": ("Libertad intelectual",
                  "Defiende el libre acceso a la información y gestiona las quejas con calma.")}),
         ("F6", "Copyright", "Explains copyright and exceptions accurately to users and staff.",
          {}),
     ]),
    ("G", "Leadership and management", "Leading people, money and change.",
     {"ar": ("القيادة والإدارة", "قيادة الأفراد والموارد والتغيير.")},
     [
         ("G1", "Team leadership", "Sets direction, delegates and gives useful feedback.", {}),
         ("G2", "Coaching others",
          "Helps colleagues grow through questions rather than answers.", {}),
         ("G3", "Change management",
          "Plans change with the people affected and supports them through it.", {}),
         ("G4", "Strategic planning",
          "Turns the library's mission into priorities and measurable goals.", {}),
         ("G5", "Budget management", "Prepares and monitors budgets and explains variances.", {}),
         ("G6", "Project management", "Delivers work on time with clear scope and roles.", {}),
         ("G7", "Reflective practice",
          "Reviews own work regularly and plans what to learn next.",
          {"es": ("Práctica reflexiva",
                  "Revisa su trabajo con regularidad y planifica qué aprender después.")}),
     ]),
]  # fmt: skip

# (framework slug, competency code, kind, level, days ago, note)
MEMBER_RATINGS = [
    ("riverside-core", "R1", RatingKind.CURRENT, 2, 120, "Good with families, less so by phone."),
    ("riverside-core", "R1", RatingKind.TARGET, 3, 120, ""),
    ("riverside-core", "R1", RatingKind.CURRENT, 3, 10, "The phone training helped."),
    ("riverside-core", "R7", RatingKind.CURRENT, 1, 120, ""),
    ("riverside-core", "R7", RatingKind.TARGET, 3, 120, ""),
    ("riverside-core", "R7", RatingKind.CURRENT, 2, 10, "Now comfortable with e-book lending."),
    ("riverside-core", "R12", RatingKind.CURRENT, 3, 120, ""),
    ("riverside-core", "R12", RatingKind.TARGET, 4, 120, ""),
    ("riverside-core", "R13", RatingKind.CURRENT, 1, 10, ""),
    ("riverside-core", "R13", RatingKind.TARGET, 3, 10, "I want to work with the schools."),
    ("library-information-competencies", "E1", RatingKind.CURRENT, 1, 60, ""),
    ("library-information-competencies", "E1", RatingKind.TARGET, 3, 60, ""),
    ("library-information-competencies", "A4", RatingKind.CURRENT, 2, 60, ""),
    ("library-information-competencies", "A4", RatingKind.TARGET, 3, 60, ""),
]


def _identifier(slug: str, code: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{slug}/{code}")


def _framework(slug: str, **fields) -> Framework:
    framework, created = Framework.objects.get_or_create(
        slug=slug, defaults={**fields, "case_identifier": _identifier(slug, "")}
    )
    if created:
        ProficiencyLevel.objects.bulk_create(
            ProficiencyLevel(framework=framework, value=value, label=label, description=text)
            for value, label, text in SCALE
        )
    return framework


def _competency(framework, *, code, kind, position, parent, texts) -> Competency:
    competency, created = Competency.objects.get_or_create(
        framework=framework,
        case_identifier=_identifier(framework.slug, code),
        defaults={"code": code, "kind": kind, "position": position, "parent": parent},
    )
    if created:
        CompetencyText.objects.bulk_create(
            CompetencyText(competency=competency, language=language, title=title, description=d)
            for language, (title, d) in texts.items()
            if title
        )
    return competency


def load(*, organisations: dict, users: dict) -> None:
    riverside = _framework(
        "riverside-core",
        organisation=organisations["riverside"],
        title="Riverside's 13 core competencies",
        description="What every member of staff at Riverside Public Library works on, whatever "
        "their role. Rate yourself twice a year and talk it over with your manager.",
        language="en",
        version="2026",
        publisher="Riverside Public Library",
        uses_manager_ratings=True,
        is_published=False,
    )
    for position, (code, title, description, sv_title, sv_description) in enumerate(RIVERSIDE):
        _competency(
            riverside,
            code=code,
            kind=CompetencyKind.COMPETENCY,
            position=position,
            parent=None,
            texts={"en": (title, description), "sv": (sv_title, sv_description)},
        )
    broad = _framework(
        "library-information-competencies",
        organisation=None,
        title="Competencies for library and information work",
        description="A broad framework for anyone working with libraries and information, "
        "from the service desk to leadership. Areas hold competencies; rate the competencies.",
        language="en",
        version="1.0",
        publisher="Atheneum demo",
        is_published=True,
    )
    for area_position, (code, title, description, translations, items) in enumerate(BROAD):
        area = _competency(
            broad,
            code=code,
            kind=CompetencyKind.AREA,
            position=area_position,
            parent=None,
            texts={"en": (title, description), **translations},
        )
        for position, (item_code, item_title, item_description, item_translations) in enumerate(
            items
        ):
            _competency(
                broad,
                code=item_code,
                kind=CompetencyKind.COMPETENCY,
                position=position,
                parent=area,
                texts={"en": (item_title, item_description), **item_translations},
            )
    _ratings(member=users["member"], manager=users["manager"], frameworks=[riverside, broad])


def _ratings(*, member, manager, frameworks) -> None:
    RatingSharing.objects.get_or_create(user=member, defaults={"share_with_managers": True})
    now = timezone.now()
    by_slug = {framework.slug: framework for framework in frameworks}
    for framework in frameworks:
        if Rating.objects.filter(user=member, competency__framework=framework).exists():
            continue
        codes = {c.code: c for c in Competency.objects.filter(framework=framework)}
        for slug, code, kind, level, days, note in MEMBER_RATINGS:
            if by_slug[slug] != framework:
                continue
            rating = Rating.objects.create(
                user=member,
                competency=codes[code],
                kind=kind,
                source=RatingSource.SELF,
                rater=member,
                level=level,
                note=note,
            )
            Rating.objects.filter(pk=rating.pk).update(
                created_at=now - datetime.timedelta(days=days)
            )
        if framework.uses_manager_ratings:
            rating = Rating.objects.create(
                user=member,
                competency=codes["R1"],
                kind=RatingKind.CURRENT,
                source=RatingSource.MANAGER,
                rater=manager,
                level=3,
                note="Visitors often mention Amina's patience at the children's desk.",
            )
            Rating.objects.filter(pk=rating.pk).update(created_at=now - datetime.timedelta(days=5))
    fragments.bump(CATALOGUE, ratings_tag(member.pk))  # bulk writes and update() send no signals
