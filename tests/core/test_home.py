"""The home page: links to every area, figures computed from the data, a fixed number of
queries, landmarks, and the language switcher (which works without JavaScript)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from partnerhub.core.queries import home_figures
from partnerhub.reference.models import Municipality
from tests.factories import (
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    country,
)

pytestmark = pytest.mark.django_db

AREAS = {
    "partnerships": reverse("partnerships:list"),
    "conferences": reverse("conferences:overview"),
    "municipalities": reverse("reference:municipalities"),
    "countries": reverse("reference:countries"),
    "sdgs": reverse("reference:sdgs"),
    "calls": reverse("calls:list"),
    "climate partnerships": reverse("climate:overview"),
    "map": reverse("partnerships:map"),
    "publications": reverse("publications:catalogue"),
    "open data": reverse("opendata:index"),
}


class PageStructure(HTMLParser):
    """Collects the links inside <main>, the landmarks and the figures of a page."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.main_links: list[str] = []
        self.tags: list[str] = []
        self.html_lang = None
        self.figures: dict[str, str] = {}
        self._figure = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "main":
            self.in_main += 1
        if tag == "a" and self.in_main:
            self.main_links.append(attrs.get("href"))
        if "data-figure" in attrs:
            self._figure = attrs["data-figure"]

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if tag == "dd":
            self._figure = None

    def handle_data(self, data):
        if self._figure and data.strip():
            self.figures[self._figure] = data.strip()


def structure(response) -> PageStructure:
    parser = PageStructure()
    parser.feed(response.content.decode())
    return parser


def figures(client) -> dict[str, int]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {name: int(value) for name, value in structure(response).figures.items()}


def test_home_page_links_to_every_area_from_its_main_content(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    links = structure(response).main_links
    for area, url in AREAS.items():
        assert url in links, f"no link to {area} ({url}) in <main>"


def test_home_page_has_landmarks_skip_link_and_german_by_default(client):
    response = client.get(reverse("home"))
    page = structure(response)
    assert page.html_lang == "de"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.tags.count(landmark) == 1, landmark
    assert page.tags.count("h1") == 1
    html = response.content.decode()
    assert re.search(r'<body>\s*(\{#.*?#\}\s*)?<a class="skip-link" href="#main">', html)
    assert '<main id="main"' in html
    assert 'aria-current="page"' in html  # the nav shows where the visitor is


def test_pages_have_no_inline_script_or_style(client):
    """A Content-Security-Policy without 'unsafe-inline' must not break the layout."""
    html = client.get(reverse("home")).content.decode()
    assert "<script" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_figures_are_computed_from_the_data(client):
    before = figures(client)
    assert before == home_figures()

    MunicipalityFactory.create_batch(2)
    PartnershipFactory(partners=[PartnerMunicipalityFactory()])  # 1 more German, 1 partner (GH)
    after = figures(client)

    assert after["german_municipalities"] == before["german_municipalities"] + 3
    assert after["partner_municipalities"] == before["partner_municipalities"] + 1
    assert after["partnerships"] == before["partnerships"] + 1
    assert after["partner_countries"] >= 1


def test_partner_countries_count_each_country_once_and_never_germany(client):
    abroad = Municipality.objects.exclude(country_id="DE")
    before = set(abroad.values_list("country_id", flat=True))
    PartnerMunicipalityFactory.create_batch(2)  # both in Ghana
    PartnerMunicipalityFactory(country=country("TZ"))
    MunicipalityFactory()  # Germany is not a partner country
    assert figures(client)["partner_countries"] == len(before | {"GH", "TZ"})


@pytest.mark.parametrize("rows", [1, 30])
def test_home_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    PartnershipFactory.create_batch(rows)
    # Two for the figures, two for the next conference edition (editions, their parts).
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_language_switch_sets_the_language(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert structure(response).html_lang == "en"
    # The choice sticks for the next page too.
    assert structure(client.get(reverse("home"))).html_lang == "en"


def test_language_switch_refuses_a_foreign_next_url(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switcher_offers_every_language_and_marks_the_current_one(client):
    html = client.get(reverse("home"), headers={"accept-language": "fr"}).content.decode()
    assert '<html lang="fr"' in html
    for code in ("de", "en", "fr", "es"):
        assert f'value="{code}"' in html
    assert re.search(r'<option value="fr" lang="fr" selected>', html)
    assert '<label for="language-select">' in html
