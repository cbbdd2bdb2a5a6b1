"""/api/v1/countries and /api/v1/countries/{iso2}/oda: answers, filters, errors as JSON."""

import pytest
from django.utils import timezone

from partnerhub.reference.models import Country

pytestmark = pytest.mark.django_db

LIST = "/api/v1/countries"


def oda(iso2, **params):
    return f"/api/v1/countries/{iso2}/oda", params


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_list_all_countries(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api.get(LIST)
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == Country.objects.count()
    ghana = next(row for row in rows if row["iso2"] == "GH")
    assert ghana == {
        "iso2": "GH",
        "iso3": "GHA",
        "name": "Ghana",
        "region": "africa",
        "oda": {
            "eligible": True,
            "group": ghana["oda"]["group"],
            "list_id": ghana["oda"]["list_id"],
            "confidence": ghana["oda"]["confidence"],
        },
    }
    assert ghana["oda"]["group"] in {"LDC", "OLIC", "LMIC", "UMIC"}
    germany = next(row for row in rows if row["iso2"] == "DE")
    assert germany["oda"]["eligible"] is False
    assert germany["oda"]["list_id"] == ghana["oda"]["list_id"]


def test_list_filters(api):
    rows = api.get(LIST, {"region": "africa", "eligible": "true"}).json()
    assert rows and all(r["region"] == "africa" and r["oda"]["eligible"] for r in rows)
    assert "GH" in {r["iso2"] for r in rows}
    rows = api.get(LIST, {"eligible": "false"}).json()
    assert all(r["oda"]["eligible"] is False for r in rows)
    assert {"DE", "FR", "CL"} <= {r["iso2"] for r in rows}
    assert "GH" not in {r["iso2"] for r in rows}


def test_list_names_in_the_requested_language(api, client):
    by_lang = {r["iso2"]: r["name"] for r in api.get(LIST, {"lang": "de"}).json()}
    assert by_lang["DE"] == "Deutschland"
    by_header = {r["iso2"]: r["name"] for r in client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr").json()}
    assert by_header["DE"] == "Allemagne"


@pytest.mark.parametrize(
    "params",
    [{"region": "mars"}, {"eligible": "maybe"}, {"lang": "xx"}, {"region": ""}],
)
def test_list_bad_parameters_are_400(api, params):
    body = assert_json_error(api.get(LIST, params), 400)
    assert body["errors"]


@pytest.mark.parametrize(
    ("iso2", "day", "eligible", "group", "list_id"),
    [
        ("CL", "2017-06-30", True, "UMIC", "L2014_2017"),
        ("cl", "2019-06-30", False, "", "L2018_2019"),
        ("Ck", "2019-06-30", True, "UMIC", "L2018_2019"),
        ("CK", "2020-06-30", False, "", "L2020"),
        ("BT", "2023-06-30", True, "LDC", "L2022_2023"),
        ("BT", "2024-06-30", True, "LMIC", "L2024"),
        ("DE", "2024-06-30", False, "", "L2024"),
    ],
)
def test_oda_on_a_date(api, iso2, day, eligible, group, list_id):
    url, params = oda(iso2, date=day)
    body = api.get(url, params).json()
    assert body["country"] == iso2.upper()
    assert body["date"] == day
    assert body["list_known"] is True
    assert (body["eligible"], body["group"], body["list_id"]) == (eligible, group, list_id)
    assert body["explanation"]


def test_oda_full_response(api, django_assert_max_num_queries):
    url, params = oda("ss", date="2011-07-09")
    with django_assert_max_num_queries(2):
        body = api.get(url, params).json()
    assert body == {
        "country": "SS",
        "date": "2011-07-09",
        "list_known": True,
        "eligible": True,
        "list_id": "L2011",
        "list_label": "DAC list for 2011 flows",
        "effective_from": "2011-01-01",
        "effective_to": "2011-12-31",
        "group": "OLIC",
        "confidence": "unverified",
        "explanation": body["explanation"],
    }
    assert "unverified" in body["explanation"]


def test_oda_open_list_has_no_end(api):
    url, params = oda("GH", date="2026-02-01")
    body = api.get(url, params).json()
    assert (body["list_id"], body["effective_to"]) == ("L2026", None)


def test_oda_before_2011_is_unknown(api):
    url, params = oda("DE", date="2010-11-18")
    body = api.get(url, params).json()
    assert body["list_known"] is False
    assert body["eligible"] is None
    assert body["list_id"] is None and body["effective_from"] is None
    assert "no DAC list on record" in body["explanation"]


def test_oda_defaults_to_today(api):
    url, _ = oda("GH")
    body = api.get(url).json()
    assert body["date"] == timezone.localdate().isoformat()
    assert body["eligible"] is True


@pytest.mark.parametrize("day", ["2019-02-30", "abc", "2019-1-1", "20190101", "2019-13-01", " "])
def test_oda_bad_date_is_400(api, day):
    url, params = oda("GH", date=day)
    assert_json_error(api.get(url, params), 400)


@pytest.mark.parametrize("iso2", ["123", "D", "DEU", "X" * 300, "d-"])
def test_oda_malformed_code_is_400(api, iso2):
    assert_json_error(api.get(f"/api/v1/countries/{iso2}/oda"), 400)


@pytest.mark.parametrize("iso2", ["ZZ", "zz", "AA"])
def test_oda_unknown_country_is_404(api, iso2):
    body = assert_json_error(api.get(f"/api/v1/countries/{iso2}/oda"), 404)
    assert iso2.upper() in body["detail"]
