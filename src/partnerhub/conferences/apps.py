from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "partnerhub.conferences"
    verbose_name = _("Partnership conferences")

    def ready(self):
        from partnerhub.accounts import privacy

        from . import services

        privacy.register(
            "conference_hosting_interests", exporter=services.hosting_interests_export_for_person
        )
        privacy.register(
            "conference_registrations",
            exporter=services.registrations_export_for_person,
            eraser=services.registrations_erase_for_person,
        )
        privacy.register(
            "conference_travel_grants",
            exporter=services.travel_grants_export_for_person,
            eraser=services.travel_grants_erase_for_person,
        )
