"""Pages of the registry: list with search, map, profile, register, edit, delete.

Permission matrix over the six roles for every page, fixed query counts at two sizes,
bad input never a 500 and forms that keep what was typed.
"""

import re

import pytest
from django.urls import reverse

from partnerhub.partnerships.models import Partnership, PartnershipContact, PartnershipKind
from partnerhub.reference.models import Municipality, SdgGoal
from tests.factories import (
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    country,
)
from tests.partnerships.test_search import join_climate_project, needs_climate
from tests.permissions import LOGIN, assert_matrix

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def placed(**kwargs):
    """A municipality with coordinates (for the map)."""
    return MunicipalityFactory(latitude="51.1", longitude="10.3", **kwargs)


def placed_partner(**kwargs):
    return PartnerMunicipalityFactory(latitude="6.9", longitude="-1.4", **kwargs)


@pytest.fixture
def own_partnership(roles):
    """A partnership of municipality A ("own") with a partner in Ghana."""
    partnership = PartnershipFactory(
        german_municipality=roles.municipality_own, partners=[placed_partner()]
    )
    partnership.sdgs.set([SdgGoal.objects.get(number=13)])
    return partnership


# --- permission matrix ---------------------------------------------------------------


def test_public_pages_for_every_role(client, roles, own_partnership):
    for url in (
        reverse("partnerships:list"),
        reverse("partnerships:map"),
        reverse("partnerships:detail", args=[own_partnership.pk]),
    ):
        assert_matrix(
            client,
            url,
            {
                "anonymous": 200,
                "participant": 200,
                "member_own": 200,
                "member_other": 200,
                "reviewer_conflict": 200,
                "organiser": 200,
            },
        )


def test_register_page_for_members_and_organisers(client, roles):
    assert_matrix(
        client,
        reverse("partnerships:create"),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 200,
            "member_other": 200,
            "reviewer_conflict": 200,
            "organiser": 200,
        },
    )


def test_edit_page_for_both_sides_and_organisers(client, roles, own_partnership):
    assert_matrix(
        client,
        reverse("partnerships:edit", args=[own_partnership.pk]),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 200,
            "member_other": 403,
            "reviewer_conflict": 200,
            "organiser": 200,
        },
    )


def test_delete_page_for_organisers_only(client, roles, own_partnership):
    assert_matrix(
        client,
        reverse("partnerships:delete", args=[own_partnership.pk]),
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 403,
            "member_other": 403,
            "reviewer_conflict": 403,
            "organiser": 200,
        },
    )


def test_a_partner_side_member_may_edit(client, roles):
    partnership = PartnershipFactory(partners=[roles.municipality_other])
    client.force_login(roles["member_other"])
    assert client.get(reverse("partnerships:edit", args=[partnership.pk])).status_code == 200


# --- list and search ---------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["partnerships:list", "partnerships:map"])
def test_list_and_map_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, url_name
):
    PartnershipFactory(german_municipality=placed(), partners=[placed_partner()])
    with django_assert_max_num_queries(8):
        response = client.get(reverse(url_name), {"q": "Sample", "kind": "town_twinning"})
    assert response.status_code == 200
    for _ in range(12):
        PartnershipFactory(
            german_municipality=placed(), partners=[placed_partner(), placed_partner()]
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse(url_name), {"q": "Sample", "kind": "town_twinning"})
    links = set(re.findall(r'href="/partnerships/(\d+)/"', response.content.decode()))
    assert len(links) == 13


def test_search_page_finds_and_keeps_the_filters(client):
    wanted = PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Lindenau"),
        partners=[PartnerMunicipalityFactory(country=country("TZ"))],
        description_en="Rainwater harvesting.",
    )
    PartnershipFactory(description_en="Rainwater harvesting.")
    response = client.get(reverse("partnerships:list"), {"q": "rainwater", "country": "TZ"}, **EN)
    assert list(response.context["page"]) == [wanted]
    html = response.content.decode()
    assert 'value="rainwater"' in html
    assert f"{reverse('partnerships:map')}?q=rainwater&amp;country=TZ" in html


@pytest.mark.parametrize(
    "params",
    [
        {"sdg": "99"},
        {"sdg": "abc"},
        {"kind": "<script>"},
        {"country": "x" * 500},
        {"region": "atlantis"},
        {"theme": "astrology"},
        {"q": "x" * 1000},
        {"page": "-1"},
    ],
)
def test_bad_filters_are_shown_and_left_out_never_a_500(client, params):
    PartnershipFactory()
    for url_name in ("partnerships:list", "partnerships:map"):
        response = client.get(reverse(url_name), params, **EN)
        assert response.status_code == 200
    if "page" not in params:
        assert "were not understood" in response.content.decode()


def test_pagination_keeps_the_filters(client):
    for _ in range(21):
        PartnershipFactory(kind=PartnershipKind.PROJECT)
    response = client.get(reverse("partnerships:list"), {"kind": "project"})
    assert "?kind=project&amp;page=2" in response.content.decode()
    page2 = client.get(reverse("partnerships:list"), {"kind": "project", "page": 2})
    assert len(page2.context["page"]) == 1


# --- map -----------------------------------------------------------------------------


def test_map_draws_lines_as_links_with_names_and_a_table(client):
    partnership = PartnershipFactory(
        german_municipality=placed(name="Sample Town Lindenau"),
        partners=[placed_partner(name="Sample Partner Town Keta")],
    )
    unplaced = PartnershipFactory()
    response = client.get(reverse("partnerships:map"), **EN)
    html = response.content.decode()
    detail = reverse("partnerships:detail", args=[partnership.pk])
    assert (
        f'<a href="{detail}" class="map-line" aria-label="Town twinning: Sample Town Lindenau '
        f'– Sample Partner Town Keta (Ghana)">' in html
    )
    assert "world-land-110m.svg" in html
    assert "1 partnership is not on the map" in html
    # The table below the map lists both.
    assert reverse("partnerships:detail", args=[unplaced.pk]) in html
    # No inline script or style.
    assert "<script" not in html and "style=" not in html


def test_map_honours_the_filters(client):
    PartnershipFactory(german_municipality=placed(), partners=[placed_partner()])
    climate = PartnershipFactory(
        german_municipality=placed(), partners=[placed_partner()], kind=PartnershipKind.CLIMATE
    )
    response = client.get(reverse("partnerships:map"), {"kind": "climate"})
    assert [line.partnership for line in response.context["map"].lines] == [climate]


# --- profile -------------------------------------------------------------------------


def test_profile_shows_both_sides_themes_sdgs_contacts_and_description_in_language(client):
    partnership = PartnershipFactory(
        themes=["education"], description_de="Schulen", description_en="Schools"
    )
    partnership.sdgs.set([SdgGoal.objects.get(number=4)])
    partner = partnership.partners.get()
    PartnershipContact.objects.create(
        partnership=partnership,
        municipality=partner,
        role="Planning department",
        email="planning@example.org",
    )
    url = reverse("partnerships:detail", args=[partnership.pk])
    html = client.get(url, **EN).content.decode()
    for text in (
        partnership.german_municipality.name,
        partner.name,
        "Ghana",
        "Education",
        "SDG 4: Quality Education",
        "Planning department",
        "planning@example.org",
        "Schools",
    ):
        assert text in html
    assert "Schulen" in client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()


@needs_climate
def test_profile_of_a_twinning_with_a_climate_partnership_shows_the_badge(client):
    partnership = PartnershipFactory()
    join_climate_project(partnership)
    html = client.get(reverse("partnerships:detail", args=[partnership.pk]), **EN).content.decode()
    assert "Climate partnership" in html
    assert "takes part in the municipal climate partnerships project" in html


@needs_climate
def test_a_partnership_in_the_climate_project_cannot_be_deleted(client, roles):
    partnership = PartnershipFactory()
    join_climate_project(partnership)
    client.force_login(roles["organiser"])
    response = client.post(reverse("partnerships:delete", args=[partnership.pk]), **EN)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert Partnership.objects.filter(pk=partnership.pk).exists()


@pytest.mark.parametrize("size", [1, 8])
def test_profile_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    partnership = PartnershipFactory(partners=[placed_partner() for _ in range(size)])
    partnership.sdgs.set(SdgGoal.objects.all()[:size])
    for number in range(size):
        PartnershipContact.objects.create(
            partnership=partnership,
            municipality=partnership.german_municipality,
            role=f"Office {number}",
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partnerships:detail", args=[partnership.pk]))
    assert response.status_code == 200


def test_profile_of_unknown_partnership_is_404(client):
    assert client.get(reverse("partnerships:detail", args=[999999])).status_code == 404
    assert client.get("/partnerships/99999999999999999999999/").status_code == 404


# --- register, edit, delete ----------------------------------------------------------


def test_member_registers_a_partnership_with_a_new_partner(client, roles):
    client.force_login(roles["member_own"])
    page = client.get(reverse("partnerships:create"))
    assert page.context["form"].initial["german_municipality"] == roles.municipality_own.pk
    response = client.post(
        reverse("partnerships:create"),
        {
            "german_municipality": roles.municipality_own.pk,
            "new_partner_name": "Sample Partner Town Ho",
            "new_partner_kind": "city",
            "new_partner_country": "GH",
            "new_partner_latitude": "6.6",
            "new_partner_longitude": "0.47",
            "kind": "project",
            "since_year": "2020",
            "status": "active",
            "themes": ["energy"],
            "sdgs": ["7"],
            "description_en": "Solar pumps.",
        },
        **EN,
    )
    partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("partnerships:detail", args=[partnership.pk])
    assert partnership.partners.get().name == "Sample Partner Town Ho"


def test_register_form_keeps_input_and_shows_rule_errors(client, roles):
    client.force_login(roles["member_own"])
    response = client.post(
        reverse("partnerships:create"),
        {
            "german_municipality": roles.municipality_own.pk,
            "new_partner_name": "Sample Partner Town Bonn",
            "new_partner_kind": "city",
            "new_partner_country": "GH",
            "new_partner_latitude": "6.6",
            "kind": "project",
            "status": "active",
            "description_en": "Kept text.",
        },
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give both latitude and longitude" in html
    assert "Kept text." in html and 'value="Sample Partner Town Bonn"' in html
    assert not Partnership.objects.exists()
    assert not Municipality.objects.filter(name="Sample Partner Town Bonn").exists()


def test_register_for_a_stranger_municipality_is_refused(client, roles):
    client.force_login(roles["member_other"])
    response = client.post(
        reverse("partnerships:create"),
        {
            "german_municipality": roles.municipality_own.pk,
            "partners": [PartnerMunicipalityFactory().pk],
            "kind": "project",
            "status": "active",
        },
        **EN,
    )
    assert response.status_code == 200
    assert "municipality you act for" in response.content.decode()
    assert not Partnership.objects.exists()


def test_edit_saves_fields_and_contacts(client, roles, own_partnership):
    client.force_login(roles["member_own"])
    partner = own_partnership.partners.get()
    url = reverse("partnerships:edit", args=[own_partnership.pk])
    data = {
        "partners": [partner.pk],
        "kind": "climate",
        "since_year": "2011",
        "status": "dormant",
        "themes": ["climate_adaptation"],
        "sdgs": ["13", "6"],
        "description_de": "Klima",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
        "contacts-0-municipality": str(roles.municipality_own.pk),
        "contacts-0-role": "International relations office",
        "contacts-0-email": "international-relations@example.org",
        "contacts-1-municipality": str(partner.pk),
        "contacts-1-role": "",
        "contacts-1-email": "",
    }
    response = client.post(url, data, **EN)
    assert response.status_code == 302
    own_partnership.refresh_from_db()
    assert (own_partnership.kind, own_partnership.status) == ("climate", "dormant")
    assert list(own_partnership.contacts.values_list("role", flat=True)) == [
        "International relations office"
    ]
    # A contact with an address but no role: the service's message on that row, input kept.
    data.update({"contacts-1-email": "planning@example.org", "description_de": "Neu"})
    response = client.post(url, data, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Name the role" in html and "planning@example.org" in html
    own_partnership.refresh_from_db()
    assert own_partnership.description_de == "Klima"


def test_organiser_deletes(client, roles, own_partnership):
    client.force_login(roles["organiser"])
    response = client.post(reverse("partnerships:delete", args=[own_partnership.pk]))
    assert response.status_code == 302
    assert not Partnership.objects.filter(pk=own_partnership.pk).exists()


def test_member_cannot_delete_by_post(client, roles, own_partnership):
    client.force_login(roles["member_own"])
    response = client.post(reverse("partnerships:delete", args=[own_partnership.pk]))
    assert response.status_code == 403
    assert Partnership.objects.filter(pk=own_partnership.pk).exists()


# --- admin ---------------------------------------------------------------------------


def test_admin_saves_through_the_service_and_refuses_duplicates(admin_client):
    from partnerhub.core.models import AuditEvent

    german, partner = MunicipalityFactory(), PartnerMunicipalityFactory()
    data = {
        "german_municipality": german.pk,
        "partners": [partner.pk],
        "kind": "town_twinning",
        "status": "active",
        "since_year": "1990",
        "themes": "[]",
        "sdgs": ["4"],
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:partnerships_partnership_add"), data, **EN)
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert [g.number for g in partnership.sdgs.all()] == [4]
    assert AuditEvent.objects.filter(action="partnership.created").count() == 1
    response = admin_client.post(reverse("admin:partnerships_partnership_add"), data, **EN)
    assert response.status_code == 200
    assert "already in the registry" in str(response.context["adminform"].form.errors)
    assert Partnership.objects.count() == 1
    change = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    response = admin_client.post(change, {**data, "status": "ended"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="partnership.status_changed").count() == 1
