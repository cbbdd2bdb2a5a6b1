from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClimateConfig(AppConfig):
    name = "partnerhub.climate"
    verbose_name = _("Climate partnerships")
