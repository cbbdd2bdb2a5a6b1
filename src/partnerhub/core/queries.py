"""Reads the public pages share."""

from partnerhub.partnerships.models import Partnership
from partnerhub.reference.models import Country, Municipality


def home_figures() -> dict[str, int]:
    """Counts shown on the home page, computed from the data (three queries)."""
    return {
        "municipalities": Municipality.objects.count(),
        "partnerships": Partnership.objects.count(),
        "countries": Country.objects.filter(municipalities__isnull=False).distinct().count(),
    }
