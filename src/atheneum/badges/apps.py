from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "atheneum.badges"
    label = "badges"
    verbose_name = _("Badges")

    def ready(self) -> None:
        from atheneum.portfolio.signals import activity_recorded

        from . import rules  # noqa: F401
        from .receivers import on_activity_recorded

        activity_recorded.connect(on_activity_recorded, dispatch_uid="badges.activity_recorded")
