from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "ketenzicht.casework"
    label = "casework"
    verbose_name = "Zaakbehandeling"
