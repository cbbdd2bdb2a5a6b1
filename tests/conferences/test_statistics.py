"""Statistics of an edition: figures from aggregate queries, SVG charts and tables."""

import re

import pytest

from partnerhub.conferences import services, statistics
from partnerhub.conferences.models import RegistrationStatus

from .test_organiser import EN, build_world

S = RegistrationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roles):
    """Five places: the civil-society actor waits; Sample Town Beta cancels later in a test."""
    return build_world(organiser=roles["organiser"], capacity=5)


def figures(breakdown) -> dict:
    return {figure.key: (figure.confirmed, figure.active) for figure in breakdown.figures}


def test_figures_by_country_type_and_region(world):
    result = statistics.edition_statistics(world.edition)
    assert figures(result.by_country) == {"DE": (3, 4), "GH": (2, 2)}
    assert figures(result.by_type) == {
        "german_municipality": (3, 3),
        "partner_municipality": (2, 2),
        "civil_society": (0, 1),
    }
    assert figures(result.by_region) == {"germany": (3, 4), "africa": (2, 2)}
    assert result.by_country.total_confirmed == 5 and result.by_country.total_active == 6
    labels = {figure.key: figure.label for figure in result.by_country.figures}
    assert labels == {"DE": "Germany", "GH": "Ghana"}


def test_german_municipalities_with_and_without_a_partner(world):
    result = statistics.edition_statistics(world.edition)
    # Alpha came with its partner (two representatives, counted once); Beta came alone.
    assert figures(result.german_municipalities) == {
        "german_with_partner": (1, 1),
        "german_without_partner": (1, 1),
    }


def test_figures_follow_cancellations_at_once(world):
    services.registration_cancel(registration=world.get("Test Person Beta"), by=world.organiser)
    result = statistics.edition_statistics(world.edition)
    assert figures(result.german_municipalities)["german_without_partner"] == (0, 0)
    # The civil-society actor got the place set free.
    assert figures(result.by_type)["civil_society"] == (1, 1)
    assert figures(result.by_country)["DE"] == (3, 3)


def test_statistics_take_four_queries(world, django_assert_num_queries):
    with django_assert_num_queries(4):
        statistics.edition_statistics(world.edition)


def test_chart_is_accessible_svg():
    breakdown = statistics.Breakdown(
        "country",
        "Participants by country",
        [
            statistics.Figure("DE", "Germany", 3, 4),
            statistics.Figure("XX", "<script>alert(1)</script>", 0, 2),
        ],
    )
    svg = str(breakdown.chart)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="chart-country-title">Participants by country</title>' in svg
    assert 'aria-labelledby="chart-country-title chart-country-desc"' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg  # no inline styles (Content-Security-Policy)
    assert svg.count("<rect") == 2 + 2 * 2  # legend and two bars per line
    widths = [
        float(w) for w in re.findall(r'<rect x="0" y="\d+" width="([\d.]+)" height="12"', svg)
    ]
    assert max(widths) == statistics.BAR_AREA  # the largest figure spans the bar area


def test_statistics_page_has_charts_and_tables_with_the_same_figures(client, world):
    client.force_login(world.organiser)
    response = client.get(world.url("statistics"), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 4 and html.count("<table") == 4
    assert "German municipalities registered with a partner and without" in html
    assert "Participants by country" in html and "Ghana" in html
    assert world.url("participants") + "?country=GH" in html


def test_statistics_of_an_edition_without_registrations(client, roles):
    from tests.factories import EditionFactory

    edition = EditionFactory()
    client.force_login(roles["organiser"])
    response = client.get(f"/conferences/{edition.series.slug}/{edition.number}/statistics/", **EN)
    assert response.status_code == 200
    assert "No active registrations yet." in response.content.decode()
