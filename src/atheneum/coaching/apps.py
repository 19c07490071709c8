from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "atheneum.coaching"
    label = "coaching"
    verbose_name = _("Coaching")

    def ready(self):
        from . import caching

        caching.connect()
