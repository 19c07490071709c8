from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "atheneum.common"
    label = "common"
