"""The registry's services: registering, updating, contacts, new partner municipalities, deleting.

Each rule is shown rejecting bad data (with its message, in English) and accepting good data.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import translation

from partnerhub.core.models import AuditEvent
from partnerhub.partnerships import services
from partnerhub.partnerships.models import (
    Partnership,
    PartnershipContact,
    PartnershipKind,
    PartnershipStatus,
)
from partnerhub.reference.models import Municipality, MunicipalityKind
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def member_of(municipality):
    person = PersonFactory()
    MembershipFactory(person=person, municipality=municipality)
    return person


FIELDS = {"kind": PartnershipKind.TOWN_TWINNING, "since_year": 1990}


def test_german_member_registers_with_a_new_partner_municipality():
    german = MunicipalityFactory()
    person = member_of(german)
    partnership = services.partnership_register(
        by=person,
        german_municipality=german,
        partners=[],
        new_partner={
            "name": "Sample Partner Town Ho",
            "kind": MunicipalityKind.CITY,
            "country": country("GH"),
            "latitude": Decimal("6.6"),
            "longitude": Decimal("0.47"),
        },
        themes=["education"],
        sdgs=[4, 17],
        descriptions={"de": "Schulen", "en": "Schools"},
        **FIELDS,
    )
    partner = partnership.partners.get()
    assert (partner.name, partner.country_id, partner.slug) == (
        "Sample Partner Town Ho",
        "GH",
        "sample-partner-town-ho-gh",
    )
    assert [g.number for g in partnership.sdgs.all()] == [4, 17]
    assert partnership.description_de == "Schulen"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"municipality.created", "partnership.created"} <= actions


def test_partner_side_member_registers_with_a_german_municipality_from_the_registry():
    german = MunicipalityFactory()
    partner = PartnerMunicipalityFactory()
    partnership = services.partnership_register(
        by=member_of(partner), german_municipality=german, partners=[partner], **FIELDS
    )
    assert list(partnership.partners.all()) == [partner]


def test_a_member_registers_only_partnerships_of_their_own_municipality():
    stranger = member_of(MunicipalityFactory())
    with pytest.raises(ValidationError) as error:
        services.partnership_register(
            by=stranger,
            german_municipality=MunicipalityFactory(),
            partners=[PartnerMunicipalityFactory()],
            **FIELDS,
        )
    assert "municipality you act for" in error.value.message_dict[NON_FIELD_ERRORS][0]
    assert not Partnership.objects.exists()
    # Organisers register any partnership.
    organiser = PersonFactory(is_organiser=True)
    services.partnership_register(
        by=organiser,
        german_municipality=MunicipalityFactory(),
        partners=[PartnerMunicipalityFactory()],
        **FIELDS,
    )


@pytest.mark.parametrize(
    ("new_partner", "field", "message"),
    [
        ({"name": "", "kind": "city", "country": "GH"}, "new_partner_name", "Give the name"),
        ({"name": "X", "kind": "city", "country": "DE"}, "new_partner_country", "outside"),
        ({"name": "X", "kind": "castle", "country": "GH"}, "new_partner_kind", "type"),
        (
            {"name": "X", "kind": "city", "country": "GH", "latitude": Decimal("5")},
            "new_partner_longitude",
            "both",
        ),
        (
            {"name": "X", "kind": "city", "country": "GH", "latitude": 95, "longitude": 0},
            "new_partner_latitude",
            "less than or equal to 90",
        ),
    ],
)
def test_a_new_partner_municipality_is_checked(new_partner, field, message):
    german = MunicipalityFactory()
    with pytest.raises(ValidationError) as error:
        services.partnership_register(
            by=member_of(german),
            german_municipality=german,
            partners=[],
            new_partner=new_partner,
            **FIELDS,
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not Municipality.objects.filter(name="X").exists()
    assert not Partnership.objects.exists()


def test_a_partner_already_in_the_registry_is_chosen_not_added_twice():
    existing = PartnerMunicipalityFactory(name="Sample Partner Town Keta")
    with pytest.raises(ValidationError) as error:
        services.partner_municipality_create(
            name="sample partner town keta", kind="city", country="GH"
        )
    assert "already in the registry" in error.value.message_dict["name"][0]
    # The same name in another country is another municipality.
    other = services.partner_municipality_create(
        name=existing.name, kind="city", country=country("TZ")
    )
    assert other.slug != existing.slug


def test_no_second_partnership_of_the_same_kind_between_the_same_municipalities():
    partnership = PartnershipFactory()
    partner = partnership.partners.get()
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            german_municipality=partnership.german_municipality,
            partners=[partner],
            kind=partnership.kind,
        )
    assert "already in the registry" in error.value.message_dict["partners"][0]
    # Another kind between the same two is fine (a climate partnership next to a twinning).
    services.partnership_create(
        german_municipality=partnership.german_municipality,
        partners=[partner],
        kind=PartnershipKind.CLIMATE,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"themes": ["astrology"]}, "themes"),
        ({"sdgs": [18]}, "sdgs"),
        ({"sdgs": ["x"]}, "sdgs"),
        ({"since_year": 1200}, "since_year"),
        ({"status": "sleeping"}, "status"),
        ({"kind": "friendship"}, "kind"),
        ({"descriptions": {"en": "x" * 5001}}, "description_en"),
    ],
)
def test_update_refuses_bad_values_and_keeps_the_record(changes, field):
    partnership = PartnershipFactory(themes=["education"])
    changes.setdefault("since_year", 1995)
    with pytest.raises(ValidationError) as error:
        services.partnership_update(partnership=partnership, **changes)
    assert field in error.value.message_dict
    partnership.refresh_from_db()
    assert partnership.themes == ["education"] and partnership.since_year == 1995


def test_update_changes_fields_audits_status_and_is_refused_to_strangers():
    partnership = PartnershipFactory()
    person = member_of(partnership.partners.get())
    services.partnership_update(
        partnership=partnership,
        by=person,
        since_year=1996,
        status=PartnershipStatus.DORMANT,
        themes=["culture"],
        sdgs=[17],
        descriptions={"fr": "Jumelage"},
    )
    partnership.refresh_from_db()
    assert (partnership.status, partnership.since_year, partnership.description_fr) == (
        "dormant",
        1996,
        "Jumelage",
    )
    status = AuditEvent.objects.get(action="partnership.status_changed")
    assert (status.from_state, status.to_state, status.actor) == ("active", "dormant", person)
    assert "sdgs" in AuditEvent.objects.get(action="partnership.updated").note
    with pytest.raises(PermissionDenied):
        services.partnership_update(
            partnership=partnership, by=member_of(MunicipalityFactory()), since_year=2000
        )


def test_contacts_are_roles_of_the_partnership_municipalities():
    partnership = PartnershipFactory()
    german, partner = partnership.german_municipality, partnership.partners.get()
    services.partnership_set_contacts(
        partnership=partnership,
        contacts=[
            {"municipality": german, "role": "International relations office", "email": ""},
            {
                "municipality": partner.pk,
                "role": "Planning department",
                "email": "planning@example.org",
            },
        ],
    )
    assert list(partnership.contacts.values_list("role", flat=True)) == [
        "International relations office",
        "Planning department",
    ]
    with pytest.raises(ValidationError) as error:
        services.partnership_set_contacts(
            partnership=partnership,
            contacts=[
                {"municipality": MunicipalityFactory(), "role": "", "email": "not-an-address"},
            ],
        )
    errors = error.value.message_dict
    assert set(errors) == {"contacts[0].role", "contacts[0].email", "contacts[0].municipality"}
    assert PartnershipContact.objects.count() == 2  # unchanged
    with pytest.raises(ValidationError):
        services.partnership_set_contacts(
            partnership=partnership,
            contacts=[{"municipality": german, "role": "Office"}] * 11,
        )


def test_delete_by_organisers_only_and_audited():
    partnership = PartnershipFactory()
    with pytest.raises(PermissionDenied):
        services.partnership_delete(
            partnership=partnership, by=member_of(partnership.german_municipality)
        )
    organiser = PersonFactory(is_organiser=True)
    pk = partnership.pk
    services.partnership_delete(partnership=partnership, by=organiser)
    assert not Partnership.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="partnership.deleted", object_id=str(pk)).exists()
