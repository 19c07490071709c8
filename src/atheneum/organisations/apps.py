from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "atheneum.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from atheneum.common import fragments

        from .models import Membership, Team, TeamMembership
        from .selectors import roles_changed_tags

        fragments.bump_on_change(roles_changed_tags, Membership, TeamMembership, Team)
