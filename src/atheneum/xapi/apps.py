from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "atheneum.xapi"
    label = "xapi"
    verbose_name = _("Learning records (xAPI)")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the outbound forwarding
