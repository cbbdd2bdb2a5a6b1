"""/api/v1/partnerships: search and filters as on the pages, pagination, 404/400 JSON, queries."""

import pytest

from partnerhub.partnerships.models import PartnershipContact, PartnershipKind
from partnerhub.reference.models import SdgGoal
from tests.factories import (
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    country,
)
from tests.permissions import assert_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    climate = PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Birkenfeld"),
        partners=[
            PartnerMunicipalityFactory(
                name="Sample Partner Town Moshi",
                country=country("TZ"),
                latitude="-3.3",
                longitude="37.3",
            )
        ],
        kind=PartnershipKind.CLIMATE,
        themes=["climate_adaptation"],
        description_de="Regenwasser",
        description_en="Rainwater harvesting.",
    )
    climate.sdgs.set([SdgGoal.objects.get(number=13)])
    PartnershipContact.objects.create(
        partnership=climate,
        municipality=climate.german_municipality,
        role="Climate protection management",
        email="climate@example.org",
    )
    twinning = PartnershipFactory(description_en="School exchange.")
    return {"climate": climate, "twinning": twinning}


def test_list_with_count_and_filters(api, registry):
    data = api.get("/api/v1/partnerships").json()
    assert data["count"] == 2 and data["offset"] == 0 and len(data["results"]) == 2
    data = api.get("/api/v1/partnerships", {"country": "tz", "kind": "climate"}).json()
    (row,) = data["results"]
    assert row["id"] == registry["climate"].pk
    assert row["is_climate_partnership"] is True
    assert row["partners"][0]["country"] == "TZ" and row["partners"][0]["latitude"] == -3.3
    assert row["sdgs"] == [{"number": 13, "title": "Climate Action"}]
    assert row["description"] == "Rainwater harvesting."
    assert row["url"] == f"/partnerships/{registry['climate'].pk}/"
    assert api.get("/api/v1/partnerships", {"q": "rainwater"}).json()["count"] == 1
    assert (
        api.get("/api/v1/partnerships", {"sdg": 13, "theme": "climate_adaptation"}).json()["count"]
        == 1
    )
    assert api.get("/api/v1/partnerships", {"region": "asia"}).json()["count"] == 0


def test_language_of_the_description(api, registry):
    data = api.get("/api/v1/partnerships", {"q": "rainwater", "lang": "de"}).json()
    assert data["results"][0]["description"] == "Regenwasser"


def test_pagination(api):
    for _ in range(5):
        PartnershipFactory()
    data = api.get("/api/v1/partnerships", {"limit": 2, "offset": 4}).json()
    assert (data["count"], len(data["results"]), data["limit"]) == (5, 1, 2)


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "friendship"},
        {"sdg": 18},
        {"sdg": "x"},
        {"country": "Ghana"},
        {"region": "germany"},
        {"theme": "astrology"},
        {"limit": 0},
        {"limit": 1000},
        {"offset": -1},
        {"q": "x" * 201},
        {"lang": "xx"},
    ],
)
def test_bad_parameters_are_400_json(api, params):
    response = api.get("/api/v1/partnerships", params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_one_partnership_with_contacts_and_descriptions(api, registry):
    data = api.get(f"/api/v1/partnerships/{registry['climate'].pk}").json()
    assert data["descriptions"] == {"de": "Regenwasser", "en": "Rainwater harvesting."}
    assert data["contacts"] == [
        {
            "municipality": registry["climate"].german_municipality.slug,
            "role": "Climate protection management",
            "email": "climate@example.org",
        }
    ]


def test_unknown_partnership_is_404_json(api):
    response = api.get("/api/v1/partnerships/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]
    assert api.get("/api/v1/partnerships/abc").status_code == 400


def test_public_for_every_role(client, roles, registry):
    everybody = dict.fromkeys(
        (
            "anonymous",
            "participant",
            "member_own",
            "member_other",
            "reviewer_conflict",
            "organiser",
        ),
        200,
    )
    assert_matrix(client, "/api/v1/partnerships", everybody)
    assert_matrix(client, f"/api/v1/partnerships/{registry['climate'].pk}", everybody)


@pytest.mark.parametrize("rows", [1, 20])
def test_list_runs_a_fixed_number_of_queries(api, django_assert_max_num_queries, rows):
    for _ in range(rows):
        partnership = PartnershipFactory(
            partners=[PartnerMunicipalityFactory(), PartnerMunicipalityFactory()],
            description_en="Sample exchange.",
        )
        partnership.sdgs.set([SdgGoal.objects.get(number=4)])
    with django_assert_max_num_queries(5):
        response = api.get("/api/v1/partnerships", {"q": "exchange", "limit": 50})
    assert response.json()["count"] == rows


@pytest.mark.parametrize("contacts", [1, 6])
def test_detail_runs_a_fixed_number_of_queries(api, django_assert_max_num_queries, contacts):
    partnership = PartnershipFactory()
    for number in range(contacts):
        PartnershipContact.objects.create(
            partnership=partnership,
            municipality=partnership.german_municipality,
            role=f"Office {number}",
        )
    with django_assert_max_num_queries(5):
        assert api.get(f"/api/v1/partnerships/{partnership.pk}").status_code == 200
