"""GET /api/v1/action-programmes and /api/v1/action-programmes/{id}: adopted versions only."""

import pytest
from django.test import Client

from partnerhub.climate import services
from tests.climate.conftest import adopt, fill_version, make_world
from tests.permissions import assert_matrix

pytestmark = pytest.mark.django_db

EVERYBODY_200 = dict.fromkeys(
    ("anonymous", "participant", "member_own", "member_other", "reviewer_conflict", "organiser"),
    200,
)
EVERYBODY_404 = dict.fromkeys(EVERYBODY_200, 404)


def _client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def adopted():
    world = make_world()
    version = adopt(world, targets=2, measures=2)
    for year in (2013, 2014):
        report = services.report_start(programme=version.programme, year=year, by=world.partner)
        services.report_save(
            report=report,
            by=world.partner,
            narrative=f"Year {year}",
            values={t.pk: (str(90 - year + 2013), t.unit) for t in version.targets.all()},
        )
        services.report_submit(report=report, by=world.partner)
    return world, version


def test_adopted_programme_with_targets_measures_and_latest_report(api, adopted):
    world, version = adopted
    # A later draft changes nothing in the answer: the adopted version is what is public.
    new = services.version_start_new(programme=version.programme, by=world.german)
    services.field_of_action_save(version=new, by=world.german, name="Draft only")
    response = api.get(f"/api/v1/action-programmes/{version.programme.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1 and body["decision_date"] == "2013-06-20"
    assert body["partnership"]["partners"][0]["country"] == "GH"
    assert [f["name"] for f in body["fields_of_action"]] == ["Energy"]
    assert [t["number"] for t in body["targets"]] == [1, 2]
    target = body["targets"][0]
    assert target["unit"] == "t_co2e_year" and target["baseline_year"] == 2010
    assert target["target_year"] == 2020
    assert body["measures"][0]["targets"] == [1]
    assert body["latest_report"]["year"] == 2014
    assert body["latest_report"]["narrative"] == "Year 2014"
    assert {v["target"] for v in body["latest_report"]["values"]} == {1, 2}


def test_unknown_or_never_adopted_is_404_json(api):
    world = make_world()
    draft = services.programme_start(climate_partnership=world.climate, by=world.german)
    fill_version(draft, world.german)
    for pk in (draft.programme.pk, 999999):
        response = api.get(f"/api/v1/action-programmes/{pk}")
        assert response.status_code == 404
        assert response.json()["detail"] == f"No adopted action programme with the id {pk}."
    assert api.get("/api/v1/action-programmes/abc").status_code in (400, 422)
    assert api.get("/api/v1/action-programmes/0").status_code in (400, 422)


def test_list_of_adopted_programmes(api, adopted):
    _world, version = adopted
    make_world()  # without a programme
    draft_world = make_world()
    services.programme_start(climate_partnership=draft_world.climate, by=draft_world.german)
    body = api.get("/api/v1/action-programmes").json()
    assert [row["id"] for row in body] == [version.programme.pk]
    assert body[0]["target_count"] == 2 and body[0]["measure_count"] == 2


def test_matrix(roles, adopted):
    _world, version = adopted
    other = make_world(german_municipality=roles.municipality_own)
    draft = services.programme_start(climate_partnership=other.climate, by=other.german)
    assert_matrix(_client, f"/api/v1/action-programmes/{version.programme.pk}", EVERYBODY_200)
    # A draft is not revealed, not even to its own partners: the API shows adopted versions.
    assert_matrix(_client, f"/api/v1/action-programmes/{draft.programme.pk}", EVERYBODY_404)
    assert_matrix(_client, "/api/v1/action-programmes", EVERYBODY_200)


def test_fixed_number_of_queries(api, django_assert_max_num_queries):
    world = make_world()
    adopt(world)
    with django_assert_max_num_queries(8) as few:
        api.get("/api/v1/action-programmes")
    for _ in range(4):
        adopt(make_world(), targets=3, measures=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/action-programmes").json()) == 5
    url = f"/api/v1/action-programmes/{world.climate.programme.pk}"
    with django_assert_max_num_queries(12) as one:
        api.get(url)
    large = make_world()
    version = adopt(large, targets=8, measures=8)
    url = f"/api/v1/action-programmes/{version.programme.pk}"
    with django_assert_max_num_queries(len(one.captured_queries)):
        api.get(url)
