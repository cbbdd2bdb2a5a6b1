"""The public reference pages: content, filters, errors, and a fixed number of queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from partnerhub.reference.models import Country, Municipality, MunicipalityKind
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db

COUNTRIES = reverse("reference:countries")


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def row_of(page: str, name: str) -> str:
    """The table row whose header cell links to `name`."""
    match = re.search(
        rf"<tr>\s*<th scope=\"row\"><a [^>]*>{re.escape(name)}</a>.*?</tr>", page, re.S
    )
    assert match, name
    return match.group(0)


# --- Countries -----------------------------------------------------------------


def test_countries_default_to_today(english, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        page = html(english.get(COUNTRIES))
    assert timezone.localdate().isoformat() in page
    assert "<caption>" in page and 'scope="col"' in page
    assert "badge-yes" in row_of(page, "Ghana")


def test_countries_on_a_date(english):
    page = html(english.get(COUNTRIES, {"date": "2017-06-30"}))
    assert "badge-yes" in row_of(page, "Chile")
    assert "Upper middle income country" in row_of(page, "Chile")
    assert "DAC list for 2014–2017 flows" in page
    page = html(english.get(COUNTRIES, {"date": "2019-06-30"}))
    assert "badge-no" in row_of(page, "Chile")
    assert "badge-no" in row_of(page, "Germany")


def test_countries_before_2011_are_unknown(english):
    page = html(english.get(COUNTRIES, {"date": "2010-11-18"}))
    assert "no DAC list on record for this date" in page
    assert "badge-yes" not in page and "badge-no" not in page


def test_region_filter(english):
    page = html(english.get(COUNTRIES, {"region": "africa"}))
    assert "Ghana" in page
    assert ">France<" not in page
    assert f"{Country.objects.filter(region='africa').count()} countries" in page
    assert page.count('<th scope="row">') == 60


@pytest.mark.parametrize("typed", ["2019-02-30", "abc", "<script>x</script>", "20190101"])
def test_invalid_date_shows_an_error_and_keeps_the_value(english, typed):
    page = html(english.get(COUNTRIES, {"date": typed, "region": "asia"}))
    assert "Enter a valid date in the form YYYY-MM-DD." in page
    field = re.search(r'<input[^>]*name="date"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    assert f'value="{escape(typed)}"' in field
    assert "<script>x</script>" not in page
    assert "The date could not be read, so the status is shown for today." in page
    assert timezone.localdate().isoformat() in page
    assert "Viet Nam" in page or "Vietnam" in page  # the region filter still applies


def test_invalid_region_is_an_error_not_a_500(english):
    page = html(english.get(COUNTRIES, {"region": "mars"}))
    assert "errorlist" in page
    assert "Germany" in page  # all regions shown


def test_unverified_marks_only_for_organisers(organiser_client):
    public = html(Client(HTTP_ACCEPT_LANGUAGE="en").get(COUNTRIES, {"date": "2011-06-01"}))
    assert "badge-unverified" not in public
    page = html(organiser_client.get(COUNTRIES, {"date": "2011-06-01"}))
    assert "badge-unverified" in row_of(page, "South Sudan")
    assert page.count("badge badge-unverified") == 1
    page = html(organiser_client.get(COUNTRIES, {"date": "2026-06-01"}))
    assert "badge-unverified" in row_of(page, "Montserrat")


def test_country_names_in_the_readers_language(client):
    page = html(client.get(COUNTRIES, HTTP_ACCEPT_LANGUAGE="de"))
    assert "Elfenbeinküste" in page or "Côte d&#x27;Ivoire" in page
    assert ">Deutschland<" in page


def test_country_detail(english, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        page = html(english.get(reverse("reference:country", args=["cl"])))
    assert "<h1>Chile</h1>" in page
    assert "DAC list for 2014–2017 flows" in page
    assert page.count("badge-yes") == 3 and page.count("badge-no") == 7
    assert "2018-01-01" in page and "graduated from the list" in page


def test_country_detail_shows_unverified_entries(english):
    page = html(english.get(reverse("reference:country", args=["SS"])))
    assert "badge-unverified" in page
    assert "moved to another income group" in page


def test_kosovo_detail_says_the_code_is_not_iso(english):
    page = html(english.get(reverse("reference:country", args=["XK"])))
    assert "not an official ISO 3166-1 code" in page


@pytest.mark.parametrize("code", ["ZZ", "DEU", "1"])
def test_unknown_country_is_404(english, code):
    assert english.get(reverse("reference:country", args=[code])).status_code == 404


# --- DAC lists -----------------------------------------------------------------


def test_dac_lists_page(english, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        page = html(english.get(reverse("reference:dac_lists")))
    for label in ["DAC list for 2011 flows", "DAC list for 2014–2017 flows", "flows from 2026"]:
        assert label in page
    row_2011 = re.search(r"DAC list for 2011 flows.*?</tr>", page, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", row_2011) == ["48", "6", "40", "54", "148"]
    assert page.count("badge badge-unverified") == 2
    assert "South Sudan" in page and "Montserrat" in page
    assert "Group OLIC inferred only from column order" in page


# --- SDGs ----------------------------------------------------------------------


def test_sdgs_in_english_have_no_missing_marks(english, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        page = html(english.get(reverse("reference:sdgs")))
    assert page.count("<caption>") == 17
    assert "SDG 1: No Poverty" in page
    assert page.count('scope="row"') == 169
    assert 'class="missing"' not in page


def test_sdgs_in_german_mark_missing_target_translations(client):
    page = html(client.get(reverse("reference:sdgs"), HTTP_ACCEPT_LANGUAGE="de"))
    assert "Keine Armut" in page
    assert "Armut in allen ihren Formen und überall beenden" in page
    assert page.count('class="missing"') == 169
    assert '<span lang="en">By 2030, eradicate extreme poverty' in page


def test_sdgs_in_spanish_mark_goals_and_targets(client):
    page = html(client.get(reverse("reference:sdgs"), HTTP_ACCEPT_LANGUAGE="es"))
    assert "Fin de la pobreza" in page
    assert page.count('class="missing"') == 17 + 169


def test_sdgs_in_french_are_complete(client):
    page = html(client.get(reverse("reference:sdgs"), HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Pas de pauvreté" in page
    assert 'class="missing"' not in page


def test_targets_are_in_un_order(english):
    page = html(english.get(reverse("reference:sdgs")))
    codes = re.findall(r'<th scope="row">(1\.\w+)</th>', page)
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]


# --- Municipalities ---------------------------------------------------------------


def test_municipality_list_filters_and_paginates(english):
    MunicipalityFactory.create_batch(55)
    PartnerMunicipalityFactory(name="Sample Partner District", kind=MunicipalityKind.DISTRICT)
    page = html(english.get(reverse("reference:municipalities")))
    assert "56 municipalities" in page and "Page 1 of 2" in page
    page = html(english.get(reverse("reference:municipalities"), {"country": "GH"}))
    assert "1 municipality" in page and "Sample Partner District" in page
    page = html(english.get(reverse("reference:municipalities"), {"kind": "district"}))
    assert "1 municipality" in page
    page = html(english.get(reverse("reference:municipalities"), {"country": "DE", "page": 2}))
    assert "Page 2 of 2" in page and "country=DE" in page


def test_municipality_list_ignores_bad_filters(english):
    MunicipalityFactory()
    page = html(english.get(reverse("reference:municipalities"), {"country": "ZZ", "page": "x"}))
    assert "1 municipality" in page
    assert "errorlist" in page


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as context:
        html(client.get(url))
    return len(context.captured_queries)


def test_municipality_list_queries_do_not_grow(english, django_assert_max_num_queries):
    url = reverse("reference:municipalities")
    MunicipalityFactory.create_batch(2)
    few = count_queries(english, url, django_assert_max_num_queries, 4)
    MunicipalityFactory.create_batch(20)
    PartnerMunicipalityFactory.create_batch(5)
    assert count_queries(english, url, django_assert_max_num_queries, 4) == few


def test_municipality_detail(english, django_assert_max_num_queries):
    town = MunicipalityFactory(name="Sample Town Detail", official_key="05315000")
    partners = PartnerMunicipalityFactory.create_batch(2)
    PartnershipFactory(german_municipality=town, partners=partners, since_year=1990)
    OrganisationFactory(name="Sample Friends Association", municipality=town)
    url = reverse("reference:municipality", args=[town.slug])
    with django_assert_max_num_queries(6):
        page = html(english.get(url))
    assert "<h1>Sample Town Detail</h1>" in page
    assert "05315000" in page
    assert all(partner.name in page for partner in partners)
    assert "Sample Friends Association" in page
    assert "1990" in page


def test_partner_municipality_shows_its_german_partner(english, django_assert_max_num_queries):
    partner = PartnerMunicipalityFactory(name="Sample Partner Detail")
    for index in range(3):
        PartnershipFactory(
            german_municipality=MunicipalityFactory(name=f"Sample German Side {index}"),
            partners=[partner],
        )
    url = reverse("reference:municipality", args=[partner.slug])
    with django_assert_max_num_queries(6):
        page = html(english.get(url))
    assert all(f"Sample German Side {index}" in page for index in range(3))
    assert "Ghana" in page


def test_unknown_municipality_is_404(english):
    assert not Municipality.objects.filter(slug="nowhere").exists()
    assert english.get(reverse("reference:municipality", args=["nowhere"])).status_code == 404
