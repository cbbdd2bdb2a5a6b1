"""Keeps the partnerships' stored search document current when a municipality is renamed.

Municipalities have no service of their own: their names are edited in the admin
(`reference.admin.MunicipalityAdmin`) or by code that calls `save()`. A
`post_save` receiver here catches all of these without the reference app knowing
about partnerships (models depend downwards: reference points at nothing of
ours). It recomputes the documents of the municipality's partnerships on either
side in one UPDATE, unless the save named its fields and `name` was not among
them (e.g. coordinates or the suggestions flag). Bulk writes (`QuerySet.update`,
`bulk_update`) send no signal: run `manage.py refresh_search_index` after them.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from partnerhub.reference.models import Municipality

from .search import refresh_for_municipality


@receiver(post_save, sender=Municipality, dispatch_uid="partnerships.search.municipality_saved")
def municipality_saved(sender, instance, created, raw, using, update_fields, **kwargs):
    if created or raw:
        return  # a new municipality has no partnerships yet; fixtures are refreshed by command
    if update_fields is not None and "name" not in update_fields:
        return
    refresh_for_municipality(instance.pk, using=using)
