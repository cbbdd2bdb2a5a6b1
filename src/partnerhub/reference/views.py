"""Public pages for reference data: countries with ODA status, DAC lists, SDGs, municipalities.

Views only parse the request and render; every read (and every ODA rule)
lives in `queries`, each page a fixed number of queries.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import queries
from .forms import CountryFilterForm, MunicipalityFilterForm
from .models import Country, IncomeGroup


def _is_organiser(user) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_organiser", False))


def country_list(request):
    """All countries with their ODA status on a chosen date (default today), by region."""
    form = CountryFilterForm(request.GET)
    on, region = form.chosen_date(), form.value("region")
    countries = queries.countries(region)
    statuses = queries.oda_statuses_for(countries, on)
    rows = [(country, statuses[country.iso2]) for country in countries]
    return render(
        request,
        "reference/country_list.html",
        {
            "form": form,
            "rows": rows,
            "on": on,
            "list_known": any(status.list_known for _, status in rows),
            "dac_list": next((s.dac_list for _, s in rows if s.dac_list), None),
            "eligible_count": sum(1 for _, status in rows if status.eligible),
            "show_unverified": _is_organiser(request.user),
        },
    )


def country_detail(request, iso2):
    """One country: names, region, its entry on every DAC list, and the documented changes."""
    if len(iso2) != 2:
        raise Http404
    country = get_object_or_404(Country, iso2=iso2.upper())
    return render(
        request,
        "reference/country_detail.html",
        {
            "country": country,
            "history": queries.oda_history(country),
            "changes": queries.dac_changes_of(country),
        },
    )


def dac_lists(request):
    """Every DAC list on record with its size per income group, and the unverified entries."""
    return render(
        request,
        "reference/dac_lists.html",
        {
            "lists": queries.dac_lists_with_counts(),
            "groups": IncomeGroup.choices,
            "unverified": queries.unverified_entries(),
        },
    )


def sdg_list(request):
    """The 17 goals and 169 targets in the reader's language, missing translations marked."""
    return render(request, "reference/sdg_list.html", {"goals": queries.sdg_goals_with_targets()})


def municipality_list(request):
    countries = queries.countries_with_municipalities()
    form = MunicipalityFilterForm(request.GET, countries=countries)
    country, kind = form.value("country"), form.value("kind")
    page = Paginator(queries.municipalities(country, kind), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reference/municipality_list.html",
        {
            "form": form,
            "page": page,
            "country": country,
            "kind": kind,
        },
    )


def municipality_detail(request, slug):
    municipality = get_object_or_404(queries.municipality_detail(slug))
    return render(request, "reference/municipality_detail.html", {"municipality": municipality})
