"""/api/v1/sdgs and the OpenAPI document."""

import pytest

pytestmark = pytest.mark.django_db


def test_sdgs_with_targets(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/sdgs")
    assert response.status_code == 200
    goals = response.json()
    assert [g["number"] for g in goals] == list(range(1, 18))
    assert sum(len(g["targets"]) for g in goals) == 169
    first = goals[0]
    assert first["short_title"] == "No Poverty"
    assert first["full_title"] == "End poverty in all its forms everywhere"
    assert [t["code"] for t in first["targets"]] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.a",
        "1.b",
    ]
    assert all(t["title_translated"] for g in goals for t in g["targets"])


def test_sdgs_mark_missing_translations(api):
    goals = api.get("/api/v1/sdgs", {"lang": "es"}).json()
    first = goals[0]
    assert first["short_title"] == "Fin de la pobreza"
    assert first["full_title_translated"] is False
    assert first["full_title"] == "End poverty in all its forms everywhere"  # English fallback
    assert first["targets"][0]["title_translated"] is False
    french = api.get("/api/v1/sdgs", {"lang": "fr"}).json()[0]
    assert french["full_title_translated"] is True
    assert french["targets"][0]["title"].startswith("D’ici à 2030")


def test_sdgs_bad_language_is_400(api):
    response = api.get("/api/v1/sdgs", {"lang": "klingon"})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_openapi_documents_paths_and_schemas(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    assert {"/api/v1/countries", "/api/v1/countries/{iso2}/oda", "/api/v1/sdgs"} <= paths.keys()
    oda = paths["/api/v1/countries/{iso2}/oda"]["get"]
    assert {"200", "400", "404"} <= oda["responses"].keys()
    assert oda["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/OdaStatusOut"
    )
    schemas = document["components"]["schemas"]
    assert {"explanation", "list_known", "eligible", "effective_to"} <= set(
        schemas["OdaStatusOut"]["properties"]
    )
    assert {"iso2", "iso3", "name", "region", "oda"} <= set(schemas["CountryOut"]["properties"])
    parameters = {p["name"] for p in paths["/api/v1/countries"]["get"]["parameters"]}
    assert {"region", "eligible", "lang"} <= parameters
