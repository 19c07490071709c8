from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetupsConfig(AppConfig):
    name = "atheneum.meetups"
    label = "meetups"
    verbose_name = _("Meetups")
