"""Tags of the coaching fragments kept with `atheneum.common.fragments`, and what bumps them.

- `programme_tag`: a programme's coach cards and its coaches' filter choices. Bumped when the
  programme, its rounds, its coaches (and their competencies) or its guides change.
- `round_slots_tag`: a round's lists of free slots. Bumped by bookings, slots and periods
  (services that write them with `update()` or `bulk_create` bump it themselves).
- `PEOPLE`: coaches' names, shown on both pages; bumped when a person's name or address changes.
- `COMPETENCY_TITLES`: the competency titles on coach cards.
- `ORGANISATIONS`: partner organisations' names on the programme page.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from atheneum.common import fragments

PEOPLE = "coaching:people"
COMPETENCY_TITLES = "coaching:competency-titles"
ORGANISATIONS = "coaching:organisations"
# A person's saved fields that can change how their name is shown (`User.public_name`).
_NAME_FIELDS = frozenset({"display_name", "email"})


def programme_tag(programme_id: int) -> str:
    return f"coaching:programme:{programme_id}"


def round_slots_tag(round_id: int) -> str:
    return f"coaching:round-slots:{round_id}"


def programme_page_tags(programme_id: int) -> list[str]:
    return [programme_tag(programme_id), PEOPLE, COMPETENCY_TITLES, ORGANISATIONS]


def free_slot_tags(*, programme_id: int, round_id: int) -> list[str]:
    return [programme_tag(programme_id), round_slots_tag(round_id), PEOPLE]


def _of_programme(instance) -> list[str]:
    from .models import Programme

    if not isinstance(instance, Programme):
        return [ORGANISATIONS]  # partners changed from the organisation's side
    return [programme_tag(instance.pk)]


def _of_round(instance) -> list[str]:
    return [programme_tag(instance.programme_id), round_slots_tag(instance.pk)]


def _of_programme_part(instance) -> list[str]:
    from .models import Coach, PreparationGuide

    if not isinstance(instance, Coach | PreparationGuide):
        return [COMPETENCY_TITLES]  # coaches changed from the competency's side
    return [programme_tag(instance.programme_id)]


def _of_round_part(instance) -> list[str]:
    return [round_slots_tag(instance.round_id)]


def _competency_titles(instance) -> list[str]:
    return [COMPETENCY_TITLES]


def _organisations(instance) -> list[str]:
    return [ORGANISATIONS]


def _person_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    # A new account coaches nowhere yet; a login only stamps `last_login`.
    if raw or created or (update_fields is not None and not _NAME_FIELDS & set(update_fields)):
        return
    fragments.bump(PEOPLE)


def connect() -> None:
    """Connects the bumps (once, from `CoachingConfig.ready`)."""
    from atheneum.competencies.models import Competency, CompetencyText, Framework
    from atheneum.organisations.models import Organisation

    from .models import Availability, Booking, Coach, PreparationGuide, Programme, Round, Slot

    fragments.bump_on_change(_of_programme, Programme)
    fragments.bump_on_change(_of_round, Round)
    fragments.bump_on_change(_of_programme_part, Coach, PreparationGuide)
    fragments.bump_on_change(_of_round_part, Booking, Slot, Availability)
    fragments.bump_on_change(_competency_titles, Competency, CompetencyText, Framework)
    fragments.bump_on_change(_organisations, Organisation)
    post_save.connect(
        _person_saved, sender=get_user_model(), weak=False, dispatch_uid="coaching:people"
    )
