"""Every write of the publications app: the catalogue, orders, shipping, cancelling, privacy.

No overselling, ever: an order takes its copies only while holding row locks
on the publications it orders (`SELECT … FOR UPDATE`, always in the order of
their ids, so two orders never wait for each other in a circle), and the
stock is decremented in the same transaction. A concurrent order for the same
publication waits for the lock and then reads the stock that is left. SQLite
runs every transaction IMMEDIATE, which serialises writers anyway. Cancelling
an open order returns its copies the same way.

Rules of an order (messages keyed by field; `items[<publication id>]` for one
publication): at least one copy; each publication in print and published, at
most its per-order limit and never more than its stock; the address complete
(a German postcode has five digits); consent to the processing of the data.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.jobs import enqueue
from partnerhub.core.services import actor_or_none, audit_record

from . import consent as consent_texts
from .models import OrderStatus, Publication, PublicationOrder, PublicationOrderLine
from .tasks import send_order_mail

ADDRESS_FIELDS = ("organisation", "attention", "street", "postcode", "town", "country", "email")
PERSONAL_FIELDS = ("organisation", "attention", "street", "postcode", "town", "email")
MAX_COPIES = 1000


# --- The catalogue ----------------------------------------------------------------------


def publication_save(*, publication: Publication, by=None) -> Publication:
    """Create or change a catalogue entry after checking all its rules.

    A change of the printed stock is recorded in the audit trail. The row is
    locked while saving, so the stock an order is taking copies from at the
    same moment is not overwritten with a value read before.
    """
    publication.full_clean()
    with transaction.atomic():
        before = []
        if publication.pk:
            before = list(
                Publication.objects.select_for_update()
                .filter(pk=publication.pk)
                .values_list("printed_stock", flat=True)
            )
        publication.save()
        if before and before[0] != publication.printed_stock:
            audit_record(
                subject=publication,
                action="publication.stock",
                actor=by,
                from_state="" if before[0] is None else before[0],
                to_state="" if publication.printed_stock is None else publication.printed_stock,
            )
    return publication


# --- Orders -----------------------------------------------------------------------------


def _quantities(items: Mapping[int, int] | Iterable[tuple[int, int]]) -> dict[int, int]:
    """{publication id: copies} without the publications ordered zero times."""
    pairs = items.items() if isinstance(items, Mapping) else items
    quantities: dict[int, int] = {}
    for publication_id, quantity in pairs:
        quantity = int(quantity or 0)
        if quantity:
            quantities[int(publication_id)] = quantities.get(int(publication_id), 0) + quantity
    return quantities


def _check_address(order: PublicationOrder) -> dict[str, list[str]]:
    try:
        order.full_clean(
            exclude=["consent_version", "consent_given_at", "access_token", "status"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        return {key: list(messages) for key, messages in error.message_dict.items()}
    return {}


def _item_problems(publication: Publication | None, quantity: int) -> list[str]:
    """Why these copies of this publication cannot be ordered (read with the row locked)."""
    if publication is None or not publication.is_published:
        return [_("This publication is not in the catalogue.")]
    if quantity < 0:
        return [_("Enter a number of copies of 0 or more.")]
    if not publication.in_print:
        return [_("This publication is not available in print; download it instead.")]
    if publication.printed_stock == 0:
        return [_("Out of stock: no printed copies are left.")]
    problems = []
    if quantity > publication.order_limit:
        problems.append(
            _("At most %(limit)d copies of this publication per order.")
            % {"limit": publication.order_limit}
        )
    if quantity > publication.printed_stock:
        problems.append(_("Only %(stock)d copies are left.") % {"stock": publication.printed_stock})
    return problems


def order_submit(
    *,
    items: Mapping[int, int] | Iterable[tuple[int, int]],
    address: Mapping,
    consent: bool,
    language: str = "de",
    by=None,
    submission_key: str | None = None,
    is_sample: bool = False,
) -> PublicationOrder:
    """Order free printed copies: one transaction that takes them from the stock.

    `items` maps publication ids to numbers of copies (zeros are ignored);
    `address` holds the fields of `ADDRESS_FIELDS` (`country` a Country). The
    same `submission_key` sent again (a form submitted twice) returns the first
    order instead of ordering again.
    """
    quantities = _quantities(items)
    order = PublicationOrder(
        **{field: address.get(field) or "" for field in ADDRESS_FIELDS if field != "country"},
        country=address.get("country"),
        language=language if language in ("de", "en", "fr", "es") else "de",
        created_by=actor_or_none(by),
        submission_key=submission_key or None,
        is_sample=is_sample,
    )
    errors = _check_address(order)
    if "country" in errors and address.get("country") is None:
        errors["country"] = [_("Choose the country.")]
    if not consent:
        errors["consent"] = [_("Agree to the processing of your details to order.")]
    if not quantities:
        errors["items"] = [_("Order at least one copy of a publication.")]
    elif any(quantity < 0 or quantity > MAX_COPIES for quantity in quantities.values()):
        errors.update(
            {
                f"items[{pk}]": [_("Enter a number of copies of 0 or more.")]
                for pk, quantity in quantities.items()
                if quantity < 0 or quantity > MAX_COPIES
            }
        )
    if quantities and not errors.keys() & {f"items[{pk}]" for pk in quantities}:
        # Read without a lock, so that one answer names every problem of the form; the
        # copies are counted again under the lock below before anything is taken.
        current = Publication.objects.in_bulk(list(quantities))
        for pk, quantity in quantities.items():
            problems = _item_problems(current.get(pk), quantity)
            if problems:
                errors[f"items[{pk}]"] = problems
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            locked = {
                publication.pk: publication
                for publication in Publication.objects.select_for_update()
                .filter(pk__in=sorted(quantities))
                .order_by("pk")
            }
            if submission_key:
                existing = PublicationOrder.objects.filter(submission_key=submission_key).first()
                if existing is not None:
                    return existing
            for pk, quantity in quantities.items():
                problems = _item_problems(locked.get(pk), quantity)
                if problems:
                    errors[f"items[{pk}]"] = problems
            if errors:
                raise ValidationError(errors)
            now = timezone.now()
            order.consent_version = consent_texts.VERSION
            order.consent_given_at = now
            order.status_changed_at = now
            order.save()
            PublicationOrderLine.objects.bulk_create(
                [
                    PublicationOrderLine(order=order, publication=locked[pk], quantity=quantity)
                    for pk, quantity in sorted(quantities.items())
                ]
            )
            for pk, quantity in quantities.items():
                publication = locked[pk]
                publication.printed_stock -= quantity
                publication.save(update_fields=["printed_stock", "updated_at"])
            audit_record(
                subject=order,
                action="publication_order.submit",
                actor=by,
                to_state=OrderStatus.OPEN,
                note=", ".join(f"{locked[pk].pk}×{q}" for pk, q in sorted(quantities.items())),
            )
            enqueue(send_order_mail, order.pk, "received")
    except IntegrityError:
        # The same form, submitted twice at the same moment: the unique key lets one win.
        if submission_key:
            existing = PublicationOrder.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing
        raise
    return order


def _lock_order(order: PublicationOrder) -> PublicationOrder:
    return PublicationOrder.objects.select_for_update().get(pk=order.pk)


def _set_status(order: PublicationOrder, status: str, *, by, note: str = "") -> None:
    previous = order.status
    order.status = status
    order.status_changed_at = timezone.now()
    order.save(update_fields=["status", "status_changed_at", "cancel_reason"])
    audit_record(
        subject=order,
        action=f"publication_order.{status}",
        actor=by,
        from_state=previous,
        to_state=status,
        note=note,
    )


def order_ship(*, order: PublicationOrder, by) -> PublicationOrder:
    """Mark an open order as shipped (the copies left the stock when it was ordered)."""
    with transaction.atomic():
        order = _lock_order(order)
        if order.status != OrderStatus.OPEN:
            raise ValidationError(
                _("Only an open order can be shipped; this one is %(status)s.")
                % {"status": order.get_status_display()}
            )
        _set_status(order, OrderStatus.SHIPPED, by=by)
        enqueue(send_order_mail, order.pk, "shipped")
    return order


def order_cancel(*, order: PublicationOrder, by, reason: str = "") -> PublicationOrder:
    """Cancel an open order and return its copies to the stock.

    A publication taken out of print since (stock `None`) stays out of print.
    """
    reason = (reason or "").strip()
    if len(reason) > 300:
        raise ValidationError({"reason": _("At most 300 characters.")})
    with transaction.atomic():
        order = _lock_order(order)
        if order.status != OrderStatus.OPEN:
            raise ValidationError(
                _("Only an open order can be cancelled; this one is %(status)s.")
                % {"status": order.get_status_display()}
            )
        lines = {line.publication_id: line.quantity for line in order.lines.all()}
        for publication in (
            Publication.objects.select_for_update().filter(pk__in=sorted(lines)).order_by("pk")
        ):
            if publication.printed_stock is not None:
                publication.printed_stock += lines[publication.pk]
                publication.save(update_fields=["printed_stock", "updated_at"])
        order.cancel_reason = reason
        _set_status(order, OrderStatus.CANCELLED, by=by, note=reason)
        enqueue(send_order_mail, order.pk, "cancelled")
    return order


# --- Personal data (accounts.privacy) ---------------------------------------------------


def _orders_of(person):
    orders = PublicationOrder.objects.filter(created_by=person)
    if person.email:
        orders = orders | PublicationOrder.objects.filter(email__iexact=person.email)
    return orders.distinct()


def orders_export_for_person(person) -> dict:
    """The person's orders (placed while logged in or to their e-mail address)."""
    orders = _orders_of(person).select_related("country").prefetch_related("lines__publication")
    return {
        "orders": [
            {
                "id": order.pk,
                "created_at": order.created_at,
                "status": order.status,
                "organisation": order.organisation,
                "attention": order.attention,
                "street": order.street,
                "postcode": order.postcode,
                "town": order.town,
                "country": order.country_id,
                "email": order.email,
                "language": order.language,
                "consent_version": order.consent_version,
                "consent_text": consent_texts.text_for(order.consent_version, order.language),
                "consent_given_at": order.consent_given_at,
                "items": [
                    {"publication": str(line.publication), "copies": line.quantity}
                    for line in order.lines.all()
                ],
            }
            for order in orders
        ]
    }


def purge_orders(cutoff, *, dry_run: bool) -> int:
    """Retention (`core.retention`): anonymise orders shipped or cancelled before `cutoff`.

    Open orders keep their address until they are shipped or cancelled. The
    lines (which publication, how many copies) and the country stay.
    """
    from partnerhub.core.retention import ANONYMISED

    due = PublicationOrder.objects.filter(
        status__in=[OrderStatus.SHIPPED, OrderStatus.CANCELLED],
        status_changed_at__date__lt=cutoff,
        erased_at__isnull=True,
    )
    count = due.count()
    if not dry_run:
        due.update(
            **{**dict.fromkeys(PERSONAL_FIELDS, ""), "organisation": ANONYMISED},
            created_by=None,
            erased_at=timezone.now(),
        )
    return count


def orders_erase_for_person(person) -> None:
    """Blank the address and e-mail of the person's orders; the copies and country stay."""
    ids = list(_orders_of(person).values_list("pk", flat=True))
    if not ids:
        return
    PublicationOrder.objects.filter(pk__in=ids).update(
        **dict.fromkeys(PERSONAL_FIELDS, ""),
        created_by=None,
        erased_at=timezone.now(),
    )
