from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "partnerhub.core"
    verbose_name = _("Platform")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .page_cache import install

        install()  # every write to public content changes the page cache's version
