"""Countries and their ODA eligibility: /api/v1/countries.

The answers come from `reference.queries` (the only place with ODA rules).
Parameters are validated here: bad ones answer 400 with {"detail": ...}, an
unknown country 404, never 500.
"""

import re
from datetime import date
from enum import Enum

from django.http import Http404
from django.utils import timezone, translation
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from partnerhub.api.schemas import ErrorOut, Language, lang_field
from partnerhub.reference import queries
from partnerhub.reference.models import Country, Region

router = Router(tags=["reference"])

ISO2 = re.compile(r"^[A-Za-z]{2}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

RegionChoice = Enum("RegionChoice", {value: value for value in Region.values}, type=str)


class CountryOdaOut(Schema):
    """ODA status today: eligible is null when no DAC list is on record for the date."""

    eligible: bool | None
    group: str
    list_id: str | None
    confidence: str


class CountryOut(Schema):
    iso2: str
    iso3: str
    name: str
    region: str
    oda: CountryOdaOut


class OdaStatusOut(Schema):
    country: str
    date: date
    list_known: bool
    eligible: bool | None
    list_id: str | None
    list_label: str | None
    effective_from: date | None
    effective_to: date | None
    group: str
    confidence: str
    explanation: str


class CountryFilters(Schema):
    region: RegionChoice | None = Field(None, description="Only countries of this world region.")
    eligible: bool | None = Field(
        None,
        description="true: only countries on today's DAC List of ODA Recipients; false: others.",
    )
    lang: Language | None = lang_field()


def parse_date(value: str | None) -> date:
    """A YYYY-MM-DD date, default today; anything else is a 400."""
    if value is None or value == "":
        return timezone.localdate()
    if not ISO_DATE.match(value):
        raise HttpError(400, "date must be a calendar date in the form YYYY-MM-DD.")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise HttpError(400, "date must be a calendar date in the form YYYY-MM-DD.") from error


def get_country(iso2: str) -> Country:
    """The country for a case-insensitive ISO code: 400 when malformed, 404 when unknown."""
    if not ISO2.match(iso2):
        raise HttpError(400, "The country code must be two letters (ISO 3166-1 alpha-2).")
    country = Country.objects.filter(iso2=iso2.upper()).first()
    if country is None:
        raise Http404(f"No country with the code {iso2.upper()}.")
    return country


def _oda_summary(status: queries.OdaStatus) -> dict:
    return {
        "eligible": status.eligible,
        "group": status.group,
        "list_id": status.dac_list.list_id if status.dac_list else None,
        "confidence": status.confidence,
    }


@router.get(
    "",
    response={200: list[CountryOut], 400: ErrorOut},
    summary="Countries with their ODA status today",
)
def list_countries(request, filters: Query[CountryFilters]):
    """Every country, its name in the reader's language (or `lang`), region and ODA status today.

    Filter by `region` and by `eligible` (true: on today's DAC list).
    """
    language = filters.lang.value if filters.lang else translation.get_language()
    with translation.override(language):
        countries = queries.countries(filters.region.value if filters.region else "")
        statuses = queries.oda_statuses_for(countries, timezone.localdate())
        rows = [
            {
                "iso2": country.iso2,
                "iso3": country.iso3,
                "name": country.name,
                "region": country.region,
                "oda": _oda_summary(statuses[country.iso2]),
            }
            for country in countries
        ]
    if filters.eligible is not None:
        rows = [row for row in rows if bool(row["oda"]["eligible"]) is filters.eligible]
    return rows


@router.get(
    "/{iso2}/oda",
    response={200: OdaStatusOut, 400: ErrorOut, 404: ErrorOut},
    summary="ODA status of one country on a date",
)
def country_oda(
    request,
    iso2: str = Path(..., description="ISO 3166-1 alpha-2 code of the country, any case: GH."),
    date: str | None = Query(None, description="YYYY-MM-DD; default today", example="2019-06-30"),
):
    """Was the country on the DAC List of ODA Recipients on `date` (YYYY-MM-DD, default today)?

    Lists apply to whole flow years; before 2011 no list is on record
    (`list_known` false, `eligible` null).
    """
    on = parse_date(date)
    country = get_country(iso2)
    status = queries.oda_status(country, on)
    dac_list = status.dac_list
    return {
        "country": country.iso2,
        "date": on,
        "list_known": status.list_known,
        "eligible": status.eligible,
        "list_id": dac_list.list_id if dac_list else None,
        "list_label": str(dac_list.label) if dac_list else None,
        "effective_from": dac_list.effective_from if dac_list else None,
        "effective_to": dac_list.effective_to if dac_list else None,
        "group": status.group,
        "confidence": status.confidence,
        "explanation": status.explanation,
    }
