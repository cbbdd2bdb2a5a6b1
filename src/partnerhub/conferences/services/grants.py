"""Travel grants: partner delegates apply, organisers decide line by line against the budget.

The budget rule: the approved amounts of an edition's decided applications
(its *committed* total) never exceed the edition's `travel_budget`. Every
decision and every change of the budget locks the edition's row first
(`SELECT … FOR UPDATE`), so two organisers deciding at the same moment queue
behind each other and the second sees what the first committed.

An application is editable by the applicant (through their account or their
registration's link) until it is decided, and can be withdrawn until then; an
organiser may decide it again later (e.g. lower an amount to free budget).
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partnerhub.core.jobs import enqueue
from partnerhub.core.services import actor_or_none, audit_record

from ..models import (
    Edition,
    GrantCategory,
    GrantStatus,
    Registration,
    TravelGrantApplication,
    TravelGrantLine,
)
from ..tasks import send_travel_grant_mail

__all__ = [
    "committed_travel_grants",
    "edition_set_travel_budget",
    "travel_grant_apply",
    "travel_grant_decide",
    "travel_grant_withdraw",
    "travel_grants_erase_for_person",
    "travel_grants_export_for_person",
]

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999.99")  # the lines' max_digits=9, decimal_places=2


def _eur(amount: Decimal | None) -> str:
    """An amount for messages, in the reader's number format: "1.250,00 EUR"."""
    return _("%(amount)s EUR") % {
        "amount": number_format(amount or Decimal("0"), 2, use_l10n=True, force_grouping=True)
    }


def committed_travel_grants(edition: Edition, *, exclude: TravelGrantApplication | None = None):
    """The approved amounts of the edition's decided applications."""
    lines = TravelGrantLine.objects.filter(
        application__registration__edition_id=edition.pk,
        application__status=GrantStatus.DECIDED,
    )
    if exclude is not None:
        lines = lines.exclude(application_id=exclude.pk)
    return lines.aggregate(total=Sum("approved_amount"))["total"] or Decimal("0")


def _require_organiser(by, message: str) -> None:
    if by is None or not by.has_perm("conferences.decide_travel_grant"):
        raise PermissionDenied(message)


def _amount(value, key: str, *, allow_zero: bool) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({key: _("Enter an amount in euros, e.g. 250.00.")}) from error
    if not amount.is_finite():
        raise ValidationError({key: _("Enter an amount in euros, e.g. 250.00.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({key: _("Enter the amount to the cent at most.")})
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({key: _("Enter an amount above zero.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({key: _("This amount is too large.")})
    return amount.quantize(CENT)


# --- The applicant ----------------------------------------------------------------------


def _may_apply(by, registration: Registration, token: str) -> bool:
    if token and token == registration.access_token:
        return True
    return by is not None and by.has_perm("conferences.apply_for_travel_grant", registration)


def _clean_lines(lines: Iterable[Mapping]) -> list[dict]:
    """One dict per category with an amount: {"category", "amount", "description"}."""
    cleaned, seen = [], set()
    categories = set(GrantCategory.values)
    for line in lines:
        category = line.get("category")
        if category not in categories:
            raise ValidationError(
                _("Unknown cost category: %(category)s.") % {"category": category}
            )
        if category in seen:
            raise ValidationError(
                {f"{category}_amount": _("Each cost category appears once per application.")}
            )
        seen.add(category)
        description = (line.get("description") or "").strip()
        if len(description) > 200:
            raise ValidationError(
                {f"{category}_description": _("Keep the details to 200 characters.")}
            )
        cleaned.append(
            {
                "category": category,
                "requested_amount": _amount(
                    line.get("amount"), f"{category}_amount", allow_zero=False
                ),
                "description": description,
            }
        )
    if not cleaned:
        raise ValidationError(_("Ask for at least one cost category with an amount."))
    return cleaned


@transaction.atomic
def travel_grant_apply(
    *,
    registration: Registration,
    lines: Iterable[Mapping],
    justification: str,
    by,
    token: str = "",
) -> TravelGrantApplication:
    """Apply, or change an application not yet decided (its lines are replaced).

    `lines`: one mapping per cost category asked for, with `category`
    (`GrantCategory`), `amount` (EUR) and optional `description`.
    """
    if not _may_apply(by, registration, token):
        raise PermissionDenied(_("You may not apply for a travel grant for this registration."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_partner_delegate:
        raise ValidationError(
            _("Travel grants are for delegates of partner municipalities in the Global South.")
        )
    if not registration.is_active:
        raise ValidationError(
            _("Only an active registration can apply for a travel grant (this one is %(status)s).")
            % {"status": registration.get_status_display()}
        )
    cleaned = _clean_lines(lines)
    justification = justification.strip()
    if not justification:
        raise ValidationError({"justification": _("Explain why you need the grant.")})
    application = (
        TravelGrantApplication.objects.select_for_update().filter(registration=registration).first()
    )
    previous = ""
    if application is None:
        application = TravelGrantApplication(
            registration=registration, submitted_by=actor_or_none(by), justification=justification
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:  # the same form sent twice at the same moment
            raise ValidationError(
                _("Your application has just been saved; reload the page to see it.")
            ) from error
    else:
        previous = application.status
        if application.status == GrantStatus.DECIDED:
            raise ValidationError(
                _("Your application has been decided and can no longer be changed.")
            )
        application.status = GrantStatus.SUBMITTED
        application.justification = justification
        application.submitted_at = timezone.now()
        if actor_or_none(by) is not None:
            application.submitted_by = by
        application.save()
        application.lines.all().delete()
    for values in cleaned:
        line = TravelGrantLine(application=application, **values)
        line.full_clean()
        line.save()
    audit_record(
        subject=application,
        action="travel_grant.submitted" if not previous else "travel_grant.changed",
        actor=by,
        from_state=previous,
        to_state=application.status,
        note=str(sum((v["requested_amount"] for v in cleaned), Decimal("0"))),
    )
    return application


@transaction.atomic
def travel_grant_withdraw(
    *, application: TravelGrantApplication, by, token: str = ""
) -> TravelGrantApplication:
    """The applicant withdraws an application that has not been decided yet."""
    registration = application.registration
    if not _may_apply(by, registration, token):
        raise PermissionDenied(_("You may not withdraw this application."))
    application = TravelGrantApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != GrantStatus.SUBMITTED:
        raise ValidationError(
            _("Only an application awaiting a decision can be withdrawn (this one is %(status)s).")
            % {"status": application.get_status_display()}
        )
    application.status = GrantStatus.WITHDRAWN
    application.save(update_fields=["status"])
    audit_record(
        subject=application,
        action="travel_grant.withdrawn",
        actor=by,
        from_state=GrantStatus.SUBMITTED,
        to_state=GrantStatus.WITHDRAWN,
    )
    return application


# --- Organisers --------------------------------------------------------------------------------


@transaction.atomic
def edition_set_travel_budget(*, edition: Edition, budget: Decimal | None, by) -> Edition:
    """Set the travel grant budget; never below what decided applications have committed."""
    _require_organiser(by, _("Only organisers set the travel grant budget."))
    edition = Edition.objects.locked(edition.pk)
    committed = committed_travel_grants(edition)
    if budget is not None:
        budget = _amount(budget, "budget", allow_zero=True)
    if (budget is None and committed > 0) or (budget is not None and budget < committed):
        raise ValidationError(
            {
                "budget": _(
                    "%(committed)s are already approved; the budget cannot be lower than that."
                )
                % {"committed": _eur(committed)}
            }
        )
    previous = edition.travel_budget
    edition.travel_budget = budget
    edition.full_clean()
    edition.save(update_fields=["travel_budget"])
    audit_record(
        subject=edition,
        action="edition.travel_budget_set",
        actor=by,
        from_state="" if previous is None else previous,
        to_state="" if budget is None else budget,
    )
    return edition


@transaction.atomic
def travel_grant_decide(
    *,
    application: TravelGrantApplication,
    approved: Mapping[int, Decimal],
    note: str = "",
    by,
) -> TravelGrantApplication:
    """Approve an amount for every line (0 declines it); the applicant is told by e-mail.

    Every amount lies between 0 and the request, and the edition's committed
    total stays within its budget; the edition's row is locked while checking.
    """
    _require_organiser(by, _("Only organisers decide travel grants."))
    edition_id = (
        TravelGrantApplication.objects.filter(pk=application.pk)
        .values_list("registration__edition_id", flat=True)
        .get()
    )
    edition = Edition.objects.locked(edition_id)
    application = (
        TravelGrantApplication.objects.select_for_update(of=("self",))
        .select_related("registration")
        .get(pk=application.pk)
    )
    if application.status == GrantStatus.WITHDRAWN:
        raise ValidationError(_("This application has been withdrawn."))
    lines = list(application.lines.all())
    unknown = set(approved) - {line.pk for line in lines}
    if unknown:
        raise ValidationError(_("Decide only the lines of this application."))
    total = Decimal("0")
    for line in lines:
        key = f"line_{line.pk}"
        if line.pk not in approved or approved[line.pk] in (None, ""):
            raise ValidationError(
                {key: _("Enter the approved amount for every line (0 to decline it).")}
            )
        amount = _amount(approved[line.pk], key, allow_zero=True)
        if amount > line.requested_amount:
            raise ValidationError(
                {
                    key: _("At most the requested %(requested)s can be approved.")
                    % {"requested": _eur(line.requested_amount)}
                }
            )
        line.approved_amount = amount
        total += amount
    committed = committed_travel_grants(edition, exclude=application)
    budget = edition.travel_budget
    if total > 0 and budget is None:
        raise ValidationError(_("Set the travel grant budget of this edition before approving."))
    if total > 0 and committed + total > budget:
        raise ValidationError(
            _(
                "Approving %(total)s would exceed the budget: %(committed)s of %(budget)s are "
                "already approved, %(available)s are available."
            )
            % {
                "total": _eur(total),
                "committed": _eur(committed),
                "budget": _eur(budget),
                "available": _eur(max(budget - committed, Decimal("0"))),
            }
        )
    for line in lines:
        line.full_clean()
        line.save(update_fields=["approved_amount"])
    previous = application.status
    application.status = GrantStatus.DECIDED
    application.decided_at = timezone.now()
    application.decided_by = actor_or_none(by)
    application.note_to_applicant = note.strip()
    application.save(update_fields=["status", "decided_at", "decided_by", "note_to_applicant"])
    audit_record(
        subject=application,
        action="travel_grant.decided",
        actor=by,
        from_state=previous,
        to_state=application.status,
        note=f"approved={total} requested={application.requested_total}",
    )
    enqueue(send_travel_grant_mail, application.pk)
    return application


# --- Privacy --------------------------------------------------------------------------------


def travel_grants_export_for_person(person) -> dict:
    """The person's travel grant applications, for their data export (GDPR)."""
    applications = (
        TravelGrantApplication.objects.filter(registration__person=person)
        .select_related("registration__edition__series")
        .prefetch_related("lines")
    )
    return {
        "travel_grants": [
            {
                "edition": str(application.registration.edition),
                "status": application.status,
                "justification": application.justification,
                "submitted_at": application.submitted_at.isoformat(),
                "decided_at": application.decided_at.isoformat()
                if application.decided_at
                else None,
                "note_to_applicant": application.note_to_applicant,
                "lines": [
                    {
                        "category": line.category,
                        "description": line.description,
                        "requested_amount": str(line.requested_amount),
                        "approved_amount": None
                        if line.approved_amount is None
                        else str(line.approved_amount),
                    }
                    for line in application.lines.all()
                ],
            }
            for application in applications
        ]
    }


def travel_grants_erase_for_person(person) -> None:
    """Blank the person's free texts; categories and amounts stay for the accounts."""
    applications = TravelGrantApplication.objects.filter(registration__person=person)
    TravelGrantLine.objects.filter(application__in=applications).update(description="")
    applications.update(justification="", note_to_applicant="")
