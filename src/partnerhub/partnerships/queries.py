"""Reads of partnerships shared by pages and the API, each a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from partnerhub.reference.models import Municipality

from .models import Partnership


def partnerships_public(*, country: str = "", kind: str = "") -> QuerySet[Partnership]:
    partnerships = Partnership.objects.select_related(
        "german_municipality", "german_municipality__country"
    ).prefetch_related(
        Prefetch("partners", queryset=Municipality.objects.select_related("country"))
    )
    if country:
        partnerships = partnerships.filter(partners__country_id=country.upper()).distinct()
    if kind:
        partnerships = partnerships.filter(kind=kind)
    return partnerships
