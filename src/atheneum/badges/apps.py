from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "atheneum.badges"
    label = "badges"
    verbose_name = _("Badges")
