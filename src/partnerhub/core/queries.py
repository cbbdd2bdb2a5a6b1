"""Reads the public pages share."""

from django.db.models import Count, Q

from partnerhub.partnerships.models import Partnership
from partnerhub.reference.models import Municipality

GERMANY = "DE"


def home_figures() -> dict[str, int]:
    """The figures on the home page, computed from the data in two queries, whatever its size.

    Sample records of the demo count like real ones: the demo shows what the figures
    look like.
    """
    abroad = ~Q(country_id=GERMANY)
    municipalities = Municipality.objects.aggregate(
        german_municipalities=Count("pk", filter=Q(country_id=GERMANY)),
        partner_municipalities=Count("pk", filter=abroad),
        partner_countries=Count("country", filter=abroad, distinct=True),
    )
    return {**municipalities, "partnerships": Partnership.objects.count()}
