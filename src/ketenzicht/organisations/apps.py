from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "ketenzicht.organisations"
    label = "organisations"
    verbose_name = "Organisaties en gebruikers"
