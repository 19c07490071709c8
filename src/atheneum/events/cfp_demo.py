"""Demo call for speakers: two proposals to the association's upcoming event, one reviewed.

Needs the upcoming event from the events demo (status "open for proposals"); without it, it
does nothing. Running `load` twice changes nothing: proposals are found by event, submitter
and title.
"""

from .enums import EventStatus, SessionKind
from .models import Event, Proposal, Review

PROPOSALS = [
    (
        "member",
        "en",
        SessionKind.WORKSHOP,
        "Reading clubs in three languages on one shelf budget",
        "How a branch library runs weekly reading clubs in Arabic, Swedish and English with "
        "volunteers, donated books and one shared shelf.\n\n"
        "In this workshop you will:\n\n"
        "- plan a first season of sessions for your own community;\n"
        "- draft a call for volunteer readers;\n"
        "- leave with a one-page checklist for the first meeting.",
        (4, "Practical and easy to copy. Could the checklist be shared in Spanish too?"),
    ),
    (
        "manager",
        "en",
        SessionKind.TALK,
        "Twenty minutes a week: protecting learning time in a busy branch",
        "What happened when a children's services team booked twenty minutes of CPD time "
        "into every rota for a year: what people learned, what got in the way, and what the "
        "team changed in its second year.",
        None,
    ),
]


def load(*, organisations: dict, users: dict) -> None:
    event = (
        Event.objects.filter(
            organisation=organisations["association"], status=EventStatus.PROPOSALS
        )
        .order_by("start", "pk")
        .first()
    )
    if event is None:
        return
    language_of = set(event.languages or [event.default_language])
    for user_key, language, kind, title, abstract, review in PROPOSALS:
        submitter = users[user_key]
        proposal, _created = Proposal.objects.get_or_create(
            event=event,
            submitter=submitter,
            title=title,
            defaults={
                "abstract": abstract,
                "language": language if language in language_of else event.default_language,
                "kind": kind,
            },
        )
        if review is not None:
            score, comment = review
            Review.objects.get_or_create(
                proposal=proposal,
                reviewer=users["organiser"],
                defaults={"score": score, "comment": comment},
            )
