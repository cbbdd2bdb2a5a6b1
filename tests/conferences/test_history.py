"""The demo holds every edition of the history table in DOMAIN.md §1, as the sources say it."""

import datetime

import pytest

from partnerhub.conferences.models import ConferenceSeries, Edition, EditionStatus
from partnerhub.reference.models import Municipality

pytestmark = pytest.mark.django_db

D = datetime.date

# The table of DOMAIN.md §1, row by row: (series, number, place, parts), where a part is
# (start, end, precision) and place is None for an open/unnamed place, "online" for online.
DOMAIN_TABLE = [
    ("africa", 1, "Ludwigsburg", [(D(2010, 11, 18), D(2010, 11, 20), "day")]),
    ("africa", 2, "Hamburg", [(D(2013, 10, 24), D(2013, 10, 26), "day")]),
    ("africa", 3, "Erfurt", [(D(2016, 10, 19), D(2016, 10, 21), "day")]),
    ("africa", 4, "Hannover", [(D(2019, 9, 9), D(2019, 9, 11), "day")]),
    ("africa", 5, None, [(D(2022, 1, 1), None, "year")]),
    ("africa", 6, "Gießen", [(D(2025, 9, 8), D(2025, 9, 11), "day")]),
    ("latin-america", 1, "Frankfurt am Main", [(D(2015, 11, 18), D(2015, 11, 20), "day")]),
    ("latin-america", 2, "Nürnberg", [(D(2018, 10, 29), D(2018, 10, 31), "day")]),
    ("latin-america", 3, None, [(D(2021, 10, 1), None, "month")]),
    ("latin-america", 4, "Köln", [(D(2024, 9, 4), D(2024, 9, 5), "day")]),
    ("asia", 1, "Berlin", [(D(2014, 11, 17), D(2014, 11, 18), "day")]),
    ("asia", 2, "Bonn", [(D(2017, 6, 19), D(2017, 6, 21), "day")]),
    ("asia", 3, "Leipzig", [(D(2021, 2, 1), None, "month")]),
    ("asia", 4, "Hildesheim", [(D(2023, 9, 26), D(2023, 9, 28), "day")]),
    ("eastern-europe", 1, "Esslingen am Neckar", [(D(2017, 10, 23), D(2017, 10, 25), "day")]),
    (
        "eastern-europe",
        2,
        "online",
        [(D(2020, 9, 17), None, "day"), (D(2020, 11, 1), None, "month")],
    ),
    ("german-ukrainian", 7, "Münster", [(D(2025, 6, 16), D(2025, 6, 18), "day")]),
]


def test_every_row_of_the_table_is_an_edition_and_nothing_else(history):
    editions = {
        (e.series.slug, e.number): e
        for e in Edition.objects.select_related("series", "host_municipality")
    }
    assert set(editions) == {(series, number) for series, number, _, _ in DOMAIN_TABLE}
    for series, number, place, parts in DOMAIN_TABLE:
        edition = editions[(series, number)]
        if place == "online":
            assert edition.is_online and edition.host_municipality is None
        elif place is None:
            assert edition.place_is_open, (series, number)
            assert edition.host_municipality is None
        else:
            assert edition.place == place
            assert edition.host_municipality.name == place
            assert edition.host_municipality.country_id == "DE"
        stored = [(p.start, p.end, p.precision) for p in edition.ordered_parts]
        assert stored == parts, (series, number)
        assert edition.source_note, (series, number)


def test_series(history):
    series = {s.slug: s for s in ConferenceSeries.objects.all()}
    assert set(series) == {"africa", "latin-america", "asia", "eastern-europe", "german-ukrainian"}
    assert {s.region for s in series.values()} == {
        "africa",
        "latin_america",
        "asia",
        "eastern_europe",
        "",
    }
    assert series["german-ukrainian"].rotation_years is None
    assert all(series[slug].rotation_years == 3 for slug in series if slug != "german-ukrainian")


def test_statuses_and_conflicts_are_recorded_not_resolved(history):
    def edition(series, number):
        return Edition.objects.get(series__slug=series, number=number)

    planned = {(e.series.slug, e.number) for e in Edition.objects.filter(status="planned")}
    assert planned == {("latin-america", 3), ("asia", 3)}
    for series, number in planned:
        assert "Outcome not recorded" in edition(series, number).source_note or (
            "outcome not recorded" in edition(series, number).source_note
        )
    assert not Edition.objects.exclude(status__in=[EditionStatus.HELD, EditionStatus.PLANNED])
    asia3 = edition("asia", 3).source_note
    assert "Leipzig, February 2021" in asia3 and "2020" in asia3
    ee2 = edition("eastern-europe", 2).source_note
    assert "17.09.2020 & November 2020" in ee2 and "only Eastern Europe (2017)" in ee2
    assert "neither names the place" in edition("africa", 5).source_note


def test_guiding_question_of_latin_america_4(history):
    edition = Edition.objects.get(series__slug="latin-america", number=4)
    assert edition.guiding_question_en == (
        "How can municipal partnerships contribute to future-proof urban development?"
    )
    assert edition.guiding_question_de.startswith("Wie können kommunale Partnerschaften")
    assert [goal.number for goal in edition.sdgs.all()] == [11]


def test_host_cities_are_real_cities_without_people_or_keys(history):
    hosts = Municipality.objects.filter(hosted_conference_editions__isnull=False).distinct()
    assert hosts.count() == 14
    for host in Municipality.objects.filter(is_sample=False):
        assert host.kind == "city" and host.country_id == "DE" and host.official_key == ""
