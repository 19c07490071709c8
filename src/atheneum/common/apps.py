from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "atheneum.common"
    label = "common"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
