"""/api/v1/series and /api/v1/editions: answers, 400 for bad parameters, 404 JSON, fixed queries."""

import datetime

import pytest

from partnerhub.conferences.models import ConferenceSeries, Edition
from partnerhub.conferences.services import edition_create
from tests.conferences.helpers import load_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db):
    load_history()


def test_series_with_rotation(api, history):
    response = api.get("/api/v1/series")
    assert response.status_code == 200
    series = {s["slug"]: s for s in response.json()}
    assert series["africa"]["title"] == "Partnership Conference Africa"
    assert series["africa"]["last_year"] == 2025
    assert series["africa"]["next_due_year"] == 2028
    assert series["eastern-europe"]["next_due_year"] == 2023
    assert series["eastern-europe"]["due_not_scheduled"] is True
    assert series["german-ukrainian"]["region"] is None


def test_editions_filtered_by_series_and_year(api, history):
    response = api.get("/api/v1/editions", {"series": "asia"})
    assert response.status_code == 200
    assert [e["number"] for e in response.json()] == [4, 3, 2, 1]  # newest first
    response = api.get("/api/v1/editions", {"year": 2017})
    assert sorted((e["series"], e["number"]) for e in response.json()) == [
        ("asia", 2),
        ("eastern-europe", 1),
    ]
    response = api.get("/api/v1/editions", {"series": "latin-america", "year": 2021})
    (edition,) = response.json()
    assert edition["place"] is None and edition["place_is_open"] is True
    assert edition["dates"] == "October 2021"


@pytest.mark.parametrize(
    "params",
    [{"series": "atlantis"}, {"year": "twenty"}, {"year": 1800}, {"lang": "xx"}],
)
def test_bad_parameters_are_400_json(api, history, params):
    response = api.get("/api/v1/editions", params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_one_edition_with_parts_at_their_precision(api, history):
    edition = Edition.objects.get(series__slug="eastern-europe", number=2)
    response = api.get(f"/api/v1/editions/{edition.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["is_online"] is True and data["host_municipality"] is None
    assert [(p["start"], p["precision"]) for p in data["parts"]] == [
        ("2020-09-17", "day"),
        ("2020-11", "month"),
    ]
    assert "17.09.2020 & November 2020" in data["source_note"]
    assert data["ics_url"].endswith("/calendar.ics")


def test_unknown_edition_is_404_json(api, history):
    response = api.get("/api/v1/editions/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]
    assert api.get("/api/v1/editions/abc").status_code == 400


@pytest.mark.parametrize("rows", [1, 25])
def test_lists_run_a_fixed_number_of_queries(api, django_assert_max_num_queries, rows):
    series = ConferenceSeries.objects.create(slug="africa", region="africa", title_de="Afrika")
    for number in range(1, rows + 1):
        edition_create(
            series=series, number=number, parts=[{"start": datetime.date(2000 + number, 5, 1)}]
        )
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/editions").status_code == 200
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/series").status_code == 200
