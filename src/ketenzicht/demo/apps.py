from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ketenzicht.demo"
    label = "demo"
    verbose_name = "Demoregio"
