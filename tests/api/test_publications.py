"""GET /api/v1/publications and /api/v1/publications/{id}."""

import pytest

from partnerhub.accounts.services import api_token_create
from tests.publications.helpers import make_publication, pdf_upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/publications"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue():
    guide = make_publication(
        slug="guide", title_de="Leitfaden", printed_stock=10, order_limit=5, published_on=None
    )
    guide.pdf = pdf_upload()
    guide.save()
    workshop = make_publication(
        slug="workshop",
        series="material",
        number=47,
        alternative_number=43,
        source_note="Two numbers in seed 004.",
        title_de="Workshop",
        printed_stock=0,
    )
    declaration = make_publication(
        slug="declaration",
        kind="declaration",
        title_de="Erklärung",
        languages="de,en,fr",
        topic="general",
        published_on="2009-01-01",
        date_precision="year",
    )
    make_publication(slug="draft", title_de="Entwurf", is_published=False)
    return {"guide": guide, "workshop": workshop, "declaration": declaration}


def test_the_catalogue_with_download_and_print_facts(api, catalogue):
    response = api.get(URL)
    assert response.status_code == 200
    data = {entry["slug"]: entry for entry in response.json()}
    assert set(data) == {"guide", "workshop", "declaration"}
    guide = data["guide"]
    assert guide["download_url"] == "/publications/guide/download.pdf"
    assert (guide["in_print"], guide["orderable"], guide["order_limit"]) == (True, True, 5)
    assert guide["order_url"] == "/publications/orders/new/?publication=guide"
    assert guide["date"] is None
    workshop = data["workshop"]
    assert (workshop["number"], workshop["alternative_number"]) == (47, 43)
    assert workshop["display_number"] == "Material no. 47"
    assert (workshop["in_print"], workshop["orderable"], workshop["order_url"]) == (
        True,
        False,
        None,
    )
    assert workshop["download_url"] is None
    assert workshop["date"] == "2012-05"
    declaration = data["declaration"]
    assert declaration["date"] == "2009"
    assert declaration["languages"] == ["de", "en", "fr"]
    assert declaration["in_print"] is False
    assert declaration["topic"] == {
        "value": "general",
        "label": "Municipal development cooperation in general",
    }


def test_filters_by_topic_language_and_series(api, catalogue):
    def slugs(**query):
        response = api.get(URL, query)
        assert response.status_code == 200
        return {entry["slug"] for entry in response.json()}

    assert slugs(topic="climate") == {"guide", "workshop"}
    assert slugs(language="fr") == {"declaration"}
    assert slugs(series="material") == {"workshop"}
    assert slugs(q="43") == {"workshop"}
    assert api.get(URL, {"topic": "cooking"}).status_code == 400
    assert api.get(URL, {"language": "'; DROP"}).status_code == 400


def test_one_publication_and_unknown_ids(api, catalogue):
    declaration = catalogue["declaration"]
    response = api.get(f"{URL}/{declaration.pk}", {"lang": "de"})
    assert response.status_code == 200
    assert response.json()["title"] == "Erklärung"
    assert api.get(f"{URL}/999999").json()["detail"] == "No publication with the id 999999."
    assert api.get(f"{URL}/999999").status_code == 404
    assert api.get(f"{URL}/0").status_code == 400
    assert api.get(f"{URL}/abc").status_code == 400


def test_unpublished_entries_only_for_organisers(api, catalogue, roles):
    draft_id = make_publication(slug="draft-2", is_published=False).pk
    for role in ("anonymous", "participant", "member_own", "member_other", "reviewer_conflict"):
        person = roles[role]
        headers = {}
        if person is not None:
            _token, secret = api_token_create(person=person, by=person, name="t")
            headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        assert api.get(f"{URL}/{draft_id}", **headers).status_code == 404, role
        assert "draft-2" not in {e["slug"] for e in api.get(URL, **headers).json()}, role
    organiser = roles["organiser"]
    _token, secret = api_token_create(person=organiser, by=organiser, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert api.get(f"{URL}/{draft_id}", **headers).status_code == 200
    assert "draft-2" in {e["slug"] for e in api.get(URL, **headers).json()}
    assert api.get(URL, HTTP_AUTHORIZATION="Bearer phk_wrong").status_code == 401


@pytest.mark.parametrize("rows", [1, 25])
def test_the_list_runs_a_fixed_number_of_queries(api, rows, django_assert_max_num_queries):
    for number in range(rows):
        make_publication(slug=f"p-{number}", series="material", number=number + 1)
    with django_assert_max_num_queries(1):
        assert len(api.get(URL).json()) == rows
    with django_assert_max_num_queries(1):
        assert len(api.get(URL, {"topic": "climate", "language": "de"}).json()) == rows
