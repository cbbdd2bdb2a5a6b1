"""Dates at their precision in every language, and the invariants of series, editions and parts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from partnerhub.conferences.dates import display_dates, normalise, partial_iso, period_end
from partnerhub.conferences.models import ConferenceSeries, Edition, EditionPart, SeriesKind
from partnerhub.conferences.services import edition_create
from tests.factories import MunicipalityFactory, PartnerMunicipalityFactory

D = datetime.date


@pytest.mark.parametrize(
    ("language", "start", "end", "precision", "expected"),
    [
        ("de", D(2010, 11, 18), D(2010, 11, 20), "day", "18.–20. November 2010"),
        ("en", D(2010, 11, 18), D(2010, 11, 20), "day", "18–20 November 2010"),
        ("fr", D(2010, 11, 18), D(2010, 11, 20), "day", "18–20 novembre 2010"),
        ("es", D(2010, 11, 18), D(2010, 11, 20), "day", "18–20 de noviembre de 2010"),
        ("de", D(2019, 9, 30), D(2019, 10, 2), "day", "30. September – 2. Oktober 2019"),
        ("de", D(2019, 12, 30), D(2020, 1, 2), "day", "30. Dezember 2019 – 2. Januar 2020"),
        ("de", D(2020, 9, 17), None, "day", "17. September 2020"),
        ("en", D(2020, 9, 17), D(2020, 9, 17), "day", "17 September 2020"),
        ("de", D(2021, 10, 1), None, "month", "Oktober 2021"),
        ("en", D(2021, 10, 1), None, "month", "October 2021"),
        ("es", D(2021, 10, 1), None, "month", "octubre de 2021"),
        ("de", D(2022, 1, 1), None, "year", "2022"),
    ],
)
def test_display_dates_in_the_readers_language(language, start, end, precision, expected):
    with translation.override(language):
        assert display_dates(start, end, precision) == expected


def test_normalise_and_partial_iso():
    assert normalise(D(2021, 10, 17), "month") == D(2021, 10, 1)
    assert normalise(D(2022, 5, 17), "year") == D(2022, 1, 1)
    assert normalise(D(2022, 5, 17), "day") == D(2022, 5, 17)
    assert partial_iso(D(2021, 10, 1), "month") == "2021-10"
    assert partial_iso(D(2022, 1, 1), "year") == "2022"
    assert period_end(D(2020, 2, 1), None, "month") == D(2020, 2, 29)
    assert period_end(D(2022, 1, 1), None, "year") == D(2022, 12, 31)


@pytest.fixture
def series(db):
    return ConferenceSeries.objects.create(slug="africa", region="africa", title_de="Afrika")


def test_edition_part_dates_are_normalised_by_the_service(series):
    edition = edition_create(
        series=series, number=1, parts=[{"start": D(2021, 10, 17), "precision": "month"}]
    )
    assert edition.ordered_parts[0].start == D(2021, 10, 1)


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ({"start": D(2020, 9, 17), "end": D(2020, 9, 16)}, "A part cannot end before it starts."),
        (
            {"start": D(2022, 1, 1), "end": D(2022, 3, 1), "precision": "year"},
            "A part known only to the year has no end date.",
        ),
    ],
)
def test_invalid_parts_are_rejected_with_a_clear_message(series, part, message):
    with pytest.raises(ValidationError) as error:
        edition_create(series=series, number=1, parts=[part])
    assert message in error.value.messages
    assert not Edition.objects.exists()  # one transaction: no edition without its parts


def test_the_database_refuses_a_part_ending_before_it_starts(series):
    edition = edition_create(series=series, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        EditionPart.objects.create(edition=edition, start=D(2020, 9, 17), end=D(2020, 9, 1))


def test_edition_numbers_are_unique_per_series(series):
    edition_create(series=series, number=1)
    with pytest.raises(ValidationError, match="already has an edition with this number"):
        edition_create(series=series, number=1)


def test_host_municipality_must_be_german(series):
    with pytest.raises(ValidationError, match="must be a municipality in Germany"):
        edition_create(series=series, number=1, host_municipality=PartnerMunicipalityFactory())
    edition = edition_create(series=series, number=2, host_municipality=MunicipalityFactory())
    assert edition.host_municipality.is_german


def test_series_region_rules(db):
    with pytest.raises(ValidationError, match="needs a region"):
        ConferenceSeries(slug="x", title_de="X", kind=SeriesKind.REGIONAL).full_clean()
    network = ConferenceSeries(
        slug="net", title_de="Netz", kind=SeriesKind.GERMAN_UKRAINIAN, region="eastern_europe"
    )
    with pytest.raises(ValidationError, match="Only regional conference series"):
        network.full_clean()


def test_place_display_and_translated_title_with_fallback(series):
    open_place = edition_create(series=series, number=1, status="planned")
    not_named = edition_create(series=series, number=2, status="held")
    online = edition_create(series=series, number=3, is_online=True, title_en="Online one")
    with translation.override("en"):
        assert open_place.place_is_open and open_place.place_display == "place to be announced"
        assert not_named.place_display == "place not recorded in the sources"
        assert online.place_display == "online" and not online.place_is_open
        assert online.display_title == "Online one"
        assert open_place.display_title == "Afrika, edition 1"  # series title falls back to de
    with translation.override("fr"):
        assert online.display_title == "Online one"  # no French title: English
