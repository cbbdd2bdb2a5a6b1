"""Expert secondments: requested by a climate partnership, decided by organisers, reported on."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record

from ..models import (
    ClimatePartnership,
    ExpertSecondment,
    SecondmentCost,
    SecondmentStatus,
)


@transaction.atomic
def secondment_request(
    *,
    climate_partnership: ClimatePartnership,
    by,
    direction: str,
    purpose: str,
    expert_role: str,
    start_date: datetime.date,
    end_date: datetime.date,
    costs: list[tuple[str, object, str]] = (),
    is_sample: bool = False,
) -> ExpertSecondment:
    """A member of the climate partnership asks for a secondment with its cost lines."""
    if by is None or not by.has_perm("climate.request_secondment", climate_partnership):
        raise PermissionDenied(_("Only members of the climate partnership request a secondment."))
    secondment = ExpertSecondment(
        climate_partnership=climate_partnership,
        direction=direction,
        purpose=(purpose or "").strip(),
        expert_role=(expert_role or "").strip(),
        start_date=start_date,
        end_date=end_date,
        requested_by=by,
        is_sample=is_sample,
    )
    secondment.full_clean()
    lines = []
    errors = {}
    for index, (description, amount, currency) in enumerate(costs):
        line = SecondmentCost(
            secondment=secondment, description=description, amount=amount, currency=currency
        )
        try:
            line.full_clean(exclude=["secondment"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"costs[{index}].{field}"] = messages
        lines.append(line)
    if errors:
        raise ValidationError(errors)
    secondment.save()
    for line in lines:
        line.secondment = secondment
    SecondmentCost.objects.bulk_create(lines)
    audit_record(
        subject=secondment,
        action="climate.secondment_requested",
        actor=by,
        to_state=secondment.status,
    )
    return secondment


@transaction.atomic
def secondment_decide(
    *, secondment: ExpertSecondment, approve: bool, reason: str, by
) -> ExpertSecondment:
    """Organisers approve or decline; a decline always says why."""
    if by is None or not by.has_perm("climate.decide_secondment", secondment):
        raise PermissionDenied(_("Only organisers decide on secondments."))
    secondment = ExpertSecondment.objects.select_for_update().get(pk=secondment.pk)
    if secondment.status != SecondmentStatus.REQUESTED:
        raise ValidationError(_("This secondment has already been decided."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": [_("Give the reason for declining.")]})
    before = secondment.status
    secondment.status = SecondmentStatus.APPROVED if approve else SecondmentStatus.DECLINED
    secondment.decision_reason = reason
    secondment.decided_by = by
    secondment.decided_at = timezone.now()
    secondment.save()
    audit_record(
        subject=secondment,
        action="climate.secondment_decided",
        actor=by,
        from_state=before,
        to_state=secondment.status,
        note=reason,
    )
    return secondment


@transaction.atomic
def secondment_report(
    *, secondment: ExpertSecondment, report: str, by, today=None
) -> ExpertSecondment:
    """After the end date, the partnership reports on an approved secondment."""
    if by is None or not by.has_perm("climate.report_secondment", secondment):
        raise PermissionDenied(_("Only members of the climate partnership report on it."))
    secondment = ExpertSecondment.objects.select_for_update().get(pk=secondment.pk)
    today = today or timezone.localdate()
    if secondment.status != SecondmentStatus.APPROVED:
        raise ValidationError(_("Only an approved secondment is reported on, once."))
    if today < secondment.end_date:
        raise ValidationError(
            _("The report is written after the end of the secondment (%(date)s).")
            % {"date": secondment.end_date.isoformat()}
        )
    report = (report or "").strip()
    if not report:
        raise ValidationError({"report": [_("Write the report.")]})
    secondment.report = report
    secondment.reported_by = by
    secondment.reported_at = timezone.now()
    secondment.status = SecondmentStatus.REPORTED
    secondment.save()
    audit_record(
        subject=secondment,
        action="climate.secondment_reported",
        actor=by,
        from_state=SecondmentStatus.APPROVED,
        to_state=secondment.status,
    )
    return secondment
