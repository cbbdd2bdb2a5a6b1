from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partnerhub.accounts"
    verbose_name = _("People and roles")

    def ready(self):
        from . import privacy, services

        privacy.register(
            "api_tokens",
            exporter=services.api_tokens_export_for_person,
            eraser=services.api_tokens_revoke_for_person,
        )
