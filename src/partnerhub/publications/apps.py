from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "partnerhub.publications"
    verbose_name = _("Publications")

    def ready(self):
        from partnerhub.accounts import privacy
        from partnerhub.core import retention

        from . import services

        privacy.register(
            "publication_orders",
            exporter=services.orders_export_for_person,
            eraser=services.orders_erase_for_person,
        )
        retention.register("publication_orders", _("orders of publications"), services.purge_orders)
