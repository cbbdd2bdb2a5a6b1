"""Connective Cities in figures: computed from known dialogue events, never typed in."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from partnerhub.calls import statistics
from partnerhub.calls.models import (
    DialogueEvent,
    EventParticipant,
    LearningProcess,
    ParticipantStatus,
    ThemeField,
)
from tests.factories import MunicipalityFactory, PartnerMunicipalityFactory
from tests.permissions import assert_matrix

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
EVERYBODY = dict.fromkeys(
    ("anonymous", "participant", "member_own", "member_other", "reviewer_conflict", "organiser"),
    200,
)
T = ThemeField


def event(host, day, theme=T.INTEGRATED_URBAN_DEVELOPMENT, participants=()):
    process = LearningProcess.objects.create(
        title=f"Learning process {day:%Y-%m}",
        host=host,
        theme_field=theme,
        starts_on=day,
        ends_on=day + datetime.timedelta(days=364),
    )
    dialogue = DialogueEvent.objects.create(learning_process=process, starts_on=day)
    EventParticipant.objects.bulk_create(
        EventParticipant(
            event=dialogue, full_name=f"Test Participant {n}", country_id=iso2, status=status
        )
        for n, (iso2, status) in enumerate(participants)
    )
    return dialogue


SELECTED, NOMINATED = ParticipantStatus.SELECTED, ParticipantStatus.NOMINATED


@pytest.fixture
def history():
    """Four events in three German towns since 2014, and four that do not count."""
    a, b, c = (MunicipalityFactory(name=f"Sample Host {x}") for x in "ABC")
    partner_town = PartnerMunicipalityFactory()
    today = timezone.localdate()
    event(a, datetime.date(2013, 5, 10), participants=[("KE", SELECTED)])  # before 2014
    event(
        a,
        datetime.date(2014, 3, 12),
        participants=[("DE", SELECTED), ("GH", SELECTED), ("FR", NOMINATED)],
    )
    event(b, datetime.date(2014, 10, 1), T.MUNICIPAL_SERVICES)
    event(
        a,
        datetime.date(2016, 6, 6),
        T.GOOD_URBAN_GOVERNANCE,
        participants=[("GH", SELECTED), ("PE", SELECTED)],
    )
    event(c, datetime.date(2017, 9, 9))
    event(partner_town, datetime.date(2019, 4, 4), participants=[("TZ", SELECTED)])  # abroad
    event(b, today + datetime.timedelta(days=60), participants=[("IN", SELECTED)])  # planned
    return today


def test_public_figures_from_known_data(history):
    figures = statistics.public_figures(history)
    assert {key: figures[key] for key in ("events", "host_municipalities", "countries")} == {
        "events": 4,
        "host_municipalities": 3,
        "countries": 3,  # Germany, Ghana, Peru
    }
    assert (figures["planned"], figures["since"]) == (1, 2014)
    assert figures["sentence"] == "4 dialogue events in 3 German municipalities since 2014"


def test_the_sentence_in_the_singular_and_without_events():
    assert statistics.figures_sentence(1, 1, 2015) == (
        "1 dialogue event in 1 German municipality since 2015"
    )
    assert statistics.figures_sentence(29, 13, 2014) == (
        "29 dialogue events in 13 German municipalities since 2014"
    )
    assert statistics.public_figures()["sentence"] == "No dialogue events on record yet."


def test_the_figures_change_with_the_data(history):
    before = statistics.public_figures(history)
    event(MunicipalityFactory(), datetime.date(2020, 2, 2), participants=[("UA", SELECTED)])
    after = statistics.public_figures(history)
    assert (after["events"], after["host_municipalities"], after["countries"]) == (
        before["events"] + 1,
        before["host_municipalities"] + 1,
        before["countries"] + 1,
    )


def test_events_by_theme_field_and_year(history):
    assert statistics.events_by_theme_field(history) == [
        ("integrated_urban_development", str(T.INTEGRATED_URBAN_DEVELOPMENT.label), 2),
        ("municipal_services", str(T.MUNICIPAL_SERVICES.label), 1),
        ("good_urban_governance", str(T.GOOD_URBAN_GOVERNANCE.label), 1),
        ("local_economic_development", str(T.LOCAL_ECONOMIC_DEVELOPMENT.label), 0),
    ]
    assert statistics.events_by_year(history) == [(2014, 2), (2015, 0), (2016, 1), (2017, 1)]
    assert [c.iso2 for c in statistics.countries_reached(history)] == ["DE", "GH", "PE"]


def test_bar_chart_geometry():
    chart = statistics.bar_chart("x", "Title", "Label", [("a", 4), ("b", 1), ("c", 0)])
    assert [bar.width for bar in chart.bars] == [statistics.BAR_AREA, statistics.BAR_AREA / 4, 0]
    assert chart.total == 5
    assert chart.description == "a: 4; b: 1; c: 0"
    empty = statistics.bar_chart("y", "Title", "Label", [])
    assert (empty.total, empty.bars) == (0, [])


def test_the_public_page(client, roles, history):
    assert_matrix(client, reverse("calls:statistics"), EVERYBODY)
    html = client.get(reverse("calls:statistics"), **EN).text
    assert "4 dialogue events in 3 German municipalities since 2014" in html
    assert '<dd data-figure="events">4</dd>' in html
    assert '<dd data-figure="host_municipalities">3</dd>' in html
    assert '<dd data-figure="countries">3</dd>' in html
    assert 'role="img" aria-labelledby="theme-fields-title theme-fields-desc"' in html
    assert '<th scope="row">2015</th><td>0</td>' in html
    assert "<li>Ghana</li>" in html and "<li>Peru</li>" in html
    assert "Test Participant" not in html


def test_the_public_page_runs_a_fixed_number_of_queries(
    client, history, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert client.get(reverse("calls:statistics")).status_code == 200
    for year in range(2018, 2024):
        event(MunicipalityFactory(), datetime.date(year, 5, 5), participants=[("GH", SELECTED)])
    with django_assert_max_num_queries(5):
        assert client.get(reverse("calls:statistics")).status_code == 200


def test_the_figures_include_is_self_contained(history):
    with translation.override("en"):
        html = render_to_string(
            "calls/_figures.html", {"figures": statistics.public_figures(history)}
        )
    assert "4 dialogue events in 3 German municipalities since 2014" in html
    assert 'data-figure="host_municipalities">3<' in html
    assert reverse("calls:statistics") in html
