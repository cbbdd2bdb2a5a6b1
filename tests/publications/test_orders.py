"""Orders of printed copies: limits, stock, address, consent, shipping, cancelling, privacy."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerhub.accounts.services import person_erase, person_export_data
from partnerhub.core.models import AuditEvent
from partnerhub.publications import services
from partnerhub.publications.models import OrderStatus, PublicationOrder
from tests.factories import PersonFactory

from .helpers import address, make_publication, order

pytestmark = pytest.mark.django_db


def refused(items, **kwargs) -> dict:
    """The service's messages, in English."""
    consent = kwargs.pop("consent", True)
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            services.order_submit(
                items=items, address=address(**kwargs), consent=consent, language="en"
            )
        return caught.value.message_dict


def test_an_order_takes_its_copies_from_the_stock(
    guide, material, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placed = order({guide.pk: 2, material.pk: 3, 999_999: 0})
    guide.refresh_from_db()
    material.refresh_from_db()
    assert (guide.printed_stock, material.printed_stock) == (18, 0)
    assert placed.status == OrderStatus.OPEN
    assert {(line.publication_id, line.quantity) for line in placed.lines.all()} == {
        (guide.pk, 2),
        (material.pk, 3),
    }
    assert placed.consent_version and placed.consent_given_at
    assert AuditEvent.objects.filter(action="publication_order.submit").count() == 1
    assert not material.orderable  # out of stock now


def test_the_confirmation_is_written_in_the_readers_language(
    guide, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        german = order({guide.pk: 1}, language="de")
        french = order({guide.pk: 2}, language="fr", email="bureau@example.org")
    first, second = mail.outbox
    assert first.to == ["orders@example.org"]
    assert f"/publications/orders/{german.access_token}/" in first.body
    assert "Deutschland" in first.body  # the country in the reader's language
    assert f"1 × {guide.title_de}" in first.body
    assert second.to == ["bureau@example.org"]
    assert "Allemagne" in second.body
    assert second.subject.endswith(f"{french.pk})")


def test_no_more_than_the_per_order_limit(guide):
    errors = refused({guide.pk: 6})
    assert errors == {f"items[{guide.pk}]": ["At most 5 copies of this publication per order."]}
    guide.refresh_from_db()
    assert guide.printed_stock == 20
    assert not PublicationOrder.objects.exists()


def test_never_more_than_the_stock(material, guide):
    errors = refused({material.pk: 4, guide.pk: 1})
    assert errors == {f"items[{material.pk}]": ["Only 3 copies are left."]}
    guide.refresh_from_db()
    assert guide.printed_stock == 20  # nothing of a refused order is taken


def test_out_of_print_out_of_stock_and_unpublished_publications_cannot_be_ordered(material):
    online = make_publication(slug="online", online_only=True)
    not_printed = make_publication(slug="no-print")
    hidden = make_publication(slug="hidden", printed_stock=5, is_published=False)
    order({material.pk: 3})
    errors = refused({online.pk: 1, not_printed.pk: 1, hidden.pk: 1, material.pk: 1})
    assert errors[f"items[{online.pk}]"] == [
        "This publication is not available in print; download it instead."
    ]
    assert errors[f"items[{not_printed.pk}]"] == errors[f"items[{online.pk}]"]
    assert errors[f"items[{hidden.pk}]"] == ["This publication is not in the catalogue."]
    assert errors[f"items[{material.pk}]"] == ["Out of stock: no printed copies are left."]


def test_at_least_one_copy_consent_and_an_address(guide):
    errors = refused({guide.pk: 0}, consent=False, organisation="", street="", email="nope")
    assert errors["items"] == ["Order at least one copy of a publication."]
    assert errors["consent"] == ["Agree to the processing of your details to order."]
    assert errors["organisation"] == ["This field cannot be blank."]
    assert errors["street"] == ["This field cannot be blank."]
    assert errors["email"] == ["Enter a valid email address."]
    assert refused({guide.pk: 1}, country=None)["country"] == ["Choose the country."]
    assert refused({guide.pk: -1})[f"items[{guide.pk}]"] == [
        "Enter a number of copies of 0 or more."
    ]


def test_a_german_postcode_has_five_digits_other_countries_may_have_none(guide):
    from partnerhub.reference.models import Country

    assert refused({guide.pk: 1}, postcode="5311")["postcode"] == [
        "A German postcode has five digits."
    ]
    assert refused({guide.pk: 1}, postcode="")["postcode"] == ["Give the postcode."]
    placed = order(
        {guide.pk: 1}, postcode="", country=Country.objects.get(iso2="GH"), town="Tamale"
    )
    assert placed.postcode == ""


def test_the_same_form_sent_twice_orders_once(guide):
    first = order({guide.pk: 2}, key="same-key")
    second = order({guide.pk: 2}, key="same-key")
    assert first.pk == second.pk
    guide.refresh_from_db()
    assert guide.printed_stock == 18


def test_shipping_an_open_order_is_audited_and_e_mailed(
    guide, roles, django_capture_on_commit_callbacks
):
    placed = order({guide.pk: 1})
    with django_capture_on_commit_callbacks(execute=True):
        services.order_ship(order=placed, by=roles["organiser"])
    placed.refresh_from_db()
    assert placed.status == OrderStatus.SHIPPED
    event = AuditEvent.objects.get(action="publication_order.shipped")
    assert (event.from_state, event.to_state, event.actor) == (
        "open",
        "shipped",
        roles["organiser"],
    )
    assert mail.outbox[-1].subject.startswith("Your publications are on their way")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.order_ship(order=placed, by=roles["organiser"])
    assert caught.value.messages == ["Only an open order can be shipped; this one is shipped."]


def test_cancelling_returns_the_copies_once(guide, roles):
    placed = order({guide.pk: 4})
    services.order_cancel(order=placed, by=roles["organiser"], reason="Address abroad unclear")
    guide.refresh_from_db()
    assert guide.printed_stock == 20
    placed.refresh_from_db()
    assert (placed.status, placed.cancel_reason) == ("cancelled", "Address abroad unclear")
    assert AuditEvent.objects.filter(action="publication_order.cancelled").count() == 1
    with pytest.raises(ValidationError):
        services.order_cancel(order=placed, by=roles["organiser"])
    guide.refresh_from_db()
    assert guide.printed_stock == 20
    with pytest.raises(ValidationError):
        services.order_ship(order=placed, by=roles["organiser"])


def test_cancelling_leaves_a_publication_out_of_print_out_of_print(guide, roles):
    placed = order({guide.pk: 1})
    guide.refresh_from_db()
    guide.printed_stock = None
    services.publication_save(publication=guide, by=roles["organiser"])
    services.order_cancel(order=placed, by=roles["organiser"])
    guide.refresh_from_db()
    assert guide.printed_stock is None


def test_a_persons_orders_are_exported_and_erased_keeping_the_counts(guide, roles):
    person = PersonFactory(email="reader@example.org")
    logged_in = order({guide.pk: 2}, by=person, email="office@example.org")
    by_address = order({guide.pk: 1}, email="Reader@example.org")
    other = order({guide.pk: 1}, email="someone-else@example.org")

    exported = person_export_data(person=person)["publication_orders"]["orders"]
    assert {entry["id"] for entry in exported} == {logged_in.pk, by_address.pk}
    assert exported[0]["items"][0]["copies"] in (1, 2)
    assert "consent_text" in exported[0]

    person_erase(person=person, by=person)
    for erased in (logged_in, by_address):
        erased.refresh_from_db()
        assert erased.erased_at is not None
        assert (erased.organisation, erased.street, erased.town, erased.email) == ("", "", "", "")
        assert erased.country_id == "DE"
    assert sum(line.quantity for line in logged_in.lines.all()) == 2
    other.refresh_from_db()
    assert other.email == "someone-else@example.org" and other.erased_at is None


def test_retention_anonymises_shipped_and_cancelled_orders_only(guide, roles):
    import datetime
    from unittest import mock

    from django.utils import timezone

    from partnerhub.core import retention

    long_ago = timezone.now() - datetime.timedelta(days=800)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        shipped = order({guide.pk: 2})
        services.order_ship(order=shipped, by=roles["organiser"])
        cancelled = order({guide.pk: 1})
        services.order_cancel(order=cancelled, by=roles["organiser"])
        still_open = order({guide.pk: 1})
    recent = order({guide.pk: 1})
    services.order_ship(order=recent, by=roles["organiser"])

    assert retention.purge_personal_data(dry_run=True)["publication_orders"] == 2
    assert shipped.__class__.objects.get(pk=shipped.pk).email == "orders@example.org"
    assert retention.purge_personal_data()["publication_orders"] == 2
    assert retention.purge_personal_data()["publication_orders"] == 0
    for purged in (shipped, cancelled):
        purged.refresh_from_db()
        assert (purged.email, purged.street, purged.erased_at is not None) == ("", "", True)
        assert purged.lines.get().quantity in (1, 2)
    for kept in (still_open, recent):
        kept.refresh_from_db()
        assert kept.email == "orders@example.org"
