import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.partnerships.models import Partnership, PartnershipKind
from partnerhub.partnerships.services import partnership_create, partnership_set_partners
from tests.factories import (
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    country,
)

pytestmark = pytest.mark.django_db


def test_create_links_german_municipality_with_partners_and_audits():
    german = MunicipalityFactory()
    partners = [PartnerMunicipalityFactory(), PartnerMunicipalityFactory(country=country("TZ"))]
    organiser = PersonFactory(is_organiser=True)

    partnership = partnership_create(
        german_municipality=german,
        partners=partners,
        kind=PartnershipKind.CLIMATE,
        since_year=2011,
        by=organiser,
    )

    assert set(partnership.partners.all()) == set(partners)
    event = AuditEvent.objects.get(object_id=str(partnership.pk))
    assert (event.action, event.actor) == ("partnership.created", organiser)


def test_german_side_must_lie_in_germany():
    with pytest.raises(ValidationError) as error:
        partnership_create(
            german_municipality=PartnerMunicipalityFactory(),
            partners=[PartnerMunicipalityFactory()],
            kind=PartnershipKind.TOWN_TWINNING,
        )
    assert "german_municipality" in error.value.message_dict
    assert Partnership.objects.count() == 0


@pytest.mark.parametrize("partner_countries", [[], ["DE"], ["GH", "DE"]])
def test_partner_side_needs_at_least_one_municipality_abroad(partner_countries):
    partners = [MunicipalityFactory(country=country(iso2)) for iso2 in partner_countries]
    with pytest.raises(ValidationError) as error:
        partnership_create(
            german_municipality=MunicipalityFactory(),
            partners=partners,
            kind=PartnershipKind.PROJECT,
        )
    assert "partners" in error.value.message_dict
    assert Partnership.objects.count() == 0


def test_since_year_out_of_range_is_rejected():
    with pytest.raises(ValidationError) as error:
        partnership_create(
            german_municipality=MunicipalityFactory(),
            partners=[PartnerMunicipalityFactory()],
            kind=PartnershipKind.PROJECT,
            since_year=1200,
        )
    assert "since_year" in error.value.message_dict


def test_changing_partners_is_checked_and_audited():
    partnership = PartnershipFactory()
    new_partner = PartnerMunicipalityFactory(country=country("BF"))
    partnership_set_partners(partnership=partnership, partners=[new_partner])
    assert list(partnership.partners.all()) == [new_partner]
    assert AuditEvent.objects.filter(action="partnership.partners_changed").count() == 1
    with pytest.raises(ValidationError):
        partnership_set_partners(partnership=partnership, partners=[])
    assert list(partnership.partners.all()) == [new_partner]


def test_list_page_shows_partnerships_with_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        PartnershipFactory()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partnerships:list"))
    assert response.status_code == 200
    for _ in range(10):
        PartnershipFactory(partners=[PartnerMunicipalityFactory(), PartnerMunicipalityFactory()])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partnerships:list"))
    assert len(re.findall(r'href="/partnerships/\d+/"', response.content.decode())) == 13


def test_list_filters_by_partner_country_and_kind(client):
    ghana = PartnershipFactory(kind=PartnershipKind.CLIMATE)
    tanzania = PartnershipFactory(partners=[PartnerMunicipalityFactory(country=country("TZ"))])
    page = client.get(reverse("partnerships:list"), {"country": "tz"}).context["page"]
    assert list(page) == [tanzania]
    page = client.get(reverse("partnerships:list"), {"kind": "climate"}).context["page"]
    assert list(page) == [ghana]
    # An unknown kind or a hostile country value is ignored, never an error.
    response = client.get(reverse("partnerships:list"), {"kind": "<script>", "country": "x" * 500})
    assert response.status_code == 200


def test_detail_page_and_unknown_partnership(client):
    partnership = PartnershipFactory()
    response = client.get(reverse("partnerships:detail", args=[partnership.pk]))
    assert response.status_code == 200
    assert partnership.german_municipality.name in response.content.decode()
    assert client.get(reverse("partnerships:detail", args=[999999])).status_code == 404


def test_admin_refuses_a_partnership_without_partner_abroad(admin_client):
    german = MunicipalityFactory()
    other_german = MunicipalityFactory()
    response = admin_client.post(
        reverse("admin:partnerships_partnership_add"),
        {
            "german_municipality": german.pk,
            "partners": [other_german.pk],
            "kind": PartnershipKind.TOWN_TWINNING,
            "status": "active",
            "since_year": "1990",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["partners"]
    assert Partnership.objects.count() == 0
