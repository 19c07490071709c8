from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "atheneum.competencies"
    label = "competencies"
    verbose_name = _("Competencies")

    def ready(self):
        from . import caching

        caching.connect()
