from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerhub.partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from . import signals  # noqa: F401  (municipality renames refresh the search document)
