from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "ketenzicht.common"
    label = "common"
    verbose_name = "Gemeenschappelijk"
