from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "atheneum.portfolio"
    label = "portfolio"
    verbose_name = _("CPD portfolio")

    def ready(self):
        from . import caching

        caching.connect()
