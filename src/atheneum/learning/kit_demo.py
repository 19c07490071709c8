"""Demo training kit: a half-day workshop on welcoming disabled patrons, by the association.

Running `load` twice changes nothing: the kit is found by its slug, its outline sessions and
parts by their position.
"""

from .enums import KitPartKind, Licence
from .models import Kit, KitPart, KitSession

SLUG = "welcoming-disabled-patrons"

PURPOSE = (
    "A half-day workshop for the people patrons meet first: desk staff, shelvers, security "
    "and volunteers. It builds the confidence to offer help without taking over, to use "
    "respectful language, and to know which services and tools the library already has.\n\n"
    "Participants leave with a short personal checklist and one change they will try at "
    "their own desk the following week. No previous training in disability or accessibility "
    "is needed; the facilitator needs only the plan, the slides outline and the handout."
)

SESSIONS = [
    (
        "Welcome begins before the door",
        90,
        "Describe the difference between the medical and the social model of disability\n"
        "Offer help with an open question and accept a “no, thank you”\n"
        "Choose respectful words, and ask when unsure\n"
        "Name three barriers a patron might meet before reaching the desk",
        "**0–15 min · Opening.** Introductions: each person names one place in their library "
        "where they have seen someone hesitate. Write the places on a flip chart.\n\n"
        "**15–35 min · Two ways of seeing disability.** Short input (slides 2–5): the barrier "
        "is in the building, the service or the attitude, not in the person. Ask the group to "
        "sort the flip-chart places into physical, information and attitude barriers.\n\n"
        "**35–65 min · First contact.** In pairs, practise offering help: greet, ask “How can "
        "I help?”, listen, follow the patron's lead. Swap roles. Debrief: what felt awkward, "
        "and why is that fine?\n\n"
        "**65–80 min · Words matter.** Go through the handout's language section together. "
        "Stress that people differ: when unsure, ask the person what they prefer.\n\n"
        "**80–90 min · Walk the route.** If the group is on site, walk from the entrance to "
        "the desk noting anything in the way; otherwise use the photos on slide 7.",
    ),
    (
        "Services, spaces and real situations",
        90,
        "Explain which accessible formats and assistive tools the library offers\n"
        "Respond calmly to four common situations at the desk\n"
        "Plan one change to try at one's own service point",
        "**0–10 min · Break.** Included in this session so the half day stays at three hours.\n\n"
        "**10–30 min · What we already have.** Participants list the library's accessible "
        "formats, loanable devices, quiet spaces and booking options. Fill the gaps from the "
        "session plan template, prepared in advance by the facilitator.\n\n"
        "**30–70 min · Scenarios.** Groups of three take one scenario card each (a deaf patron "
        "at a busy desk, a guide dog at the entrance, a patron who needs more time to read a "
        "form, a carer speaking for an adult). Act it out, then discuss what helped.\n\n"
        "**70–85 min · My next step.** Each person writes one change on the handout's "
        "checklist and shares it with a neighbour.\n\n"
        "**85–90 min · Close.** Hand out the assessment items as a self-check and the "
        "suggested readings for later.",
    ),
]

PARTS = [
    (
        KitPartKind.TEMPLATE,
        "Session plan template",
        "",
        "Copy this table before each run and fill it for your library.\n\n"
        "| Part | Minutes | What happens | Materials | Local details |\n"
        "|---|---|---|---|---|\n"
        "| Opening | 15 | Introductions, places where patrons hesitate | Flip chart | |\n"
        "| Two ways of seeing disability | 20 | Input and sorting barriers | Slides 2–5 | |\n"
        "| First contact | 30 | Paired practice | — | |\n"
        "| Words matter | 15 | Handout, language section | Handout | |\n"
        "| Walk the route | 10 | Entrance to desk | Slide 7 | Route chosen: |\n"
        "| What we already have | 20 | Services and tools | List of formats and devices | |\n"
        "| Scenarios | 40 | Four scenario cards | Printed cards | |\n"
        "| My next step and close | 20 | Checklist, self-check | Handout, assessment | |\n\n"
        "Before the day: check the room's step-free access, hearing loop and seating; ask "
        "participants in advance whether they need anything to take part.",
    ),
    (
        KitPartKind.SLIDES,
        "Slides outline",
        "",
        "1. Title, facilitator, housekeeping (exits, breaks, toilets, quiet room)\n"
        "2. One in six people lives with a disability — many of them are already our patrons\n"
        "3. The medical model: the problem is the person\n"
        "4. The social model: the barrier is in the environment and in attitudes\n"
        "5. Three kinds of barrier: physical, information, attitude\n"
        "6. Offering help: greet, ask, listen, follow their lead\n"
        "7. Photos of a route from the entrance to the desk (replace with your own)\n"
        "8. Accessible formats and devices at our library (fill in locally)\n"
        "9. The four scenarios\n"
        "10. My next step — and where to read more",
    ),
    (
        KitPartKind.HANDOUT,
        "Handout: welcoming every patron",
        "",
        "## At the desk\n\n"
        "- Greet everyone the same way, and speak to the patron, not to their companion.\n"
        "- Ask before helping: “Would you like a hand with that?” Accept the answer.\n"
        "- Face the person when you speak, keep your mouth visible and do not shout.\n"
        "- Offer a pen and paper, a quieter spot or more time without being asked twice.\n\n"
        "## Language\n\n"
        "- Many people prefer “disabled people”, others “people with disabilities”. Follow the "
        "person's own words.\n"
        "- Avoid “suffers from”, “wheelchair-bound” and “handicapped”.\n"
        "- An assistance dog is working: do not pet, feed or distract it.\n\n"
        "## My next step\n\n"
        "One change I will try at my service point next week: ______________________",
    ),
    (
        KitPartKind.READING,
        "UN Convention on the Rights of Persons with Disabilities",
        "https://www.un.org/development/desa/disabilities/"
        "convention-on-the-rights-of-persons-with-disabilities.html",
        "The international treaty behind most national disability law; article 9 "
        "(accessibility) and article 30 (participation in cultural life) concern libraries.",
    ),
    (
        KitPartKind.READING,
        "WIPO: the Marrakesh Treaty",
        "https://www.wipo.int/marrakesh_treaty/en/",
        "How libraries may make and share accessible copies of books for people who are "
        "blind, visually impaired or otherwise print disabled.",
    ),
    (
        KitPartKind.READING,
        "W3C Web Accessibility Initiative: introduction to web accessibility",
        "https://www.w3.org/WAI/fundamentals/accessibility-intro/",
        "A plain-language start for staff who also answer questions about the catalogue, the "
        "website and e-books.",
    ),
    (
        KitPartKind.ASSESSMENT,
        "Self-check 1: the social model",
        "",
        "A patron using a wheelchair cannot reach the returns slot. Under the social model, "
        "where is the problem, and what could the library change?",
    ),
    (
        KitPartKind.ASSESSMENT,
        "Self-check 2: offering help",
        "",
        "True or false: if a patron looks as if they are struggling, the kindest thing is to "
        "step in and do the task for them. Explain your answer in one sentence.",
    ),
    (
        KitPartKind.ASSESSMENT,
        "Self-check 3: communication",
        "",
        "A deaf patron comes to a busy desk. Name two things you can do at once so the "
        "conversation works for both of you.",
    ),
    (
        KitPartKind.ASSESSMENT,
        "Self-check 4: our services",
        "",
        "List three accessible formats or devices your library offers, and where a patron "
        "can ask for them.",
    ),
]


def load(*, organisations: dict, users: dict) -> None:
    kit, _created = Kit.objects.update_or_create(
        slug=SLUG,
        defaults={
            "organisation": organisations["association"],
            "title": "Welcoming disabled patrons: a half-day workshop for frontline teams",
            "purpose": PURPOSE,
            "audience": "Frontline staff and volunteers at public and academic libraries",
            "duration_minutes": sum(minutes for _title, minutes, _o, _p in SESSIONS),
            "language": "en",
            "licence": Licence.CC_BY,
            "credits": "Written by the association's CPD section for Atheneum",
            "is_published": True,
            "created_by": users["organiser"],
        },
    )
    for position, (title, minutes, outcomes, plan) in enumerate(SESSIONS):
        KitSession.objects.update_or_create(
            kit=kit,
            position=position,
            defaults={"title": title, "minutes": minutes, "outcomes": outcomes, "plan": plan},
        )
    KitSession.objects.filter(kit=kit, position__gte=len(SESSIONS)).delete()
    for position, (kind, title, url, body) in enumerate(PARTS):
        KitPart.objects.update_or_create(
            kit=kit,
            position=position,
            defaults={"kind": kind, "title": title, "url": url, "body": body},
        )
    KitPart.objects.filter(kit=kit, position__gte=len(PARTS)).delete()
