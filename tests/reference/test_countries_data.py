"""The generated countries.csv: coverage, Kosovo, and the region rule."""

import csv

import pytest

from partnerhub.reference.loader import COUNTRIES_CSV, DAC_CHANGES_CSV, DAC_LISTS_CSV
from partnerhub.reference.models import Country, Region


def read(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ROWS = {row["iso2"]: row for row in read(COUNTRIES_CSV)}


def test_columns():
    assert list(next(iter(ROWS.values()))) == [
        "iso2",
        "iso3",
        "name_en",
        "name_de",
        "name_fr",
        "name_es",
        "region",
        "is_iso_code",
        "source",
    ]


def test_every_dac_country_is_present():
    listed = {row["iso2"] for row in read(DAC_LISTS_CSV)} | {
        row["iso2"] for row in read(DAC_CHANGES_CSV)
    }
    assert listed <= ROWS.keys()


def test_every_row_is_complete():
    for iso2, row in ROWS.items():
        assert len(iso2) == 2 and iso2.isupper()
        assert all(row[f"name_{code}"] for code in ("en", "de", "fr", "es")), iso2
        assert row["region"] in Region.values, iso2
        assert row["source"], iso2


def test_kosovo_is_a_user_assigned_code():
    kosovo = ROWS["XK"]
    assert kosovo["is_iso_code"] == "false"
    assert {kosovo[f"name_{code}"] for code in ("en", "de", "fr", "es")} == {"Kosovo"}
    assert sum(row["is_iso_code"] == "false" for row in ROWS.values()) == 1


@pytest.mark.parametrize(
    ("iso2", "region"),
    [
        ("GH", "africa"),
        ("UA", "eastern_europe"),
        ("GE", "eastern_europe"),
        ("AM", "eastern_europe"),
        ("RS", "eastern_europe"),
        ("XK", "eastern_europe"),
        ("VN", "asia"),
        ("FJ", "asia"),
        ("BR", "latin_america"),
        ("HT", "latin_america"),
        ("FR", "other_industrialised"),
        ("US", "other_industrialised"),
        ("AU", "other_industrialised"),
        ("NZ", "other_industrialised"),
        ("DE", "germany"),
    ],
)
def test_region_rule(iso2, region):
    assert ROWS[iso2]["region"] == region


@pytest.mark.django_db
def test_loaded_countries_match_the_file():
    ghana = Country.objects.get(iso2="GH")
    assert (ghana.iso3, ghana.name_de, ghana.region, ghana.is_iso_code) == (
        "GHA",
        "Ghana",
        "africa",
        True,
    )
    assert Country.objects.get(iso2="XK").is_iso_code is False
    assert Country.objects.filter(region=Region.GERMANY).count() == 1
