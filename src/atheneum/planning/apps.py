from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "atheneum.planning"
    label = "planning"
    verbose_name = _("Workplace steering")

    def ready(self):
        from . import invalidation

        invalidation.connect()
