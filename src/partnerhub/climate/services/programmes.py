"""Every write to action programmes: one function, one transaction, each rule in one place.

Rules and where they are checked:

* a target year after its baseline year: `Target.clean` (and a database constraint);
* a measure serves at least one target, all of the same version: `_check_measure_targets`;
* a measure does not end before it starts: `Measure.clean`;
* the German departments of international relations and environment/climate are named
  before either side approves: `version_missing` (the edit page shows the same list);
* each side approves only for itself (`climate.approve_<side>_side`); any edit after an
  approval clears both approvals (`_after_edit`);
* adoption needs both approvals and is recorded by the German side or an organiser with the
  date of the decision; the earlier adopted version is then superseded (`version_adopt`);
* a new version starts as a copy of the adopted one (`version_start_new`).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.services import audit_record

from ..models import (
    ActionProgramme,
    ClimatePartnership,
    FieldOfAction,
    Measure,
    ProgrammeStatus,
    ProgrammeVersion,
    Side,
    Target,
)
from ..models.programmes import OPEN_STATUSES

TARGET_FIELDS = (
    "field_of_action",
    "kind",
    "municipality",
    "indicator",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "order",
)
MEASURE_FIELDS = (
    "title",
    "description",
    "kind",
    "responsible_german",
    "responsible_partner",
    "start_date",
    "end_date",
    "status",
    "staff_person_days",
    "money_amount",
    "money_currency",
    "know_how",
    "funding_source",
    "order",
)
DETAIL_FIELDS = (
    "summary",
    "department_international",
    "department_environment",
    "civil_society_actors",
)


def _lock(version: ProgrammeVersion) -> ProgrammeVersion:
    return ProgrammeVersion.objects.select_for_update().get(pk=version.pk)


def _require(by, perm: str, obj, message: str) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied(message)


def _editable(version: ProgrammeVersion, by) -> ProgrammeVersion:
    """The version locked for a change, after checking who and the state."""
    _require(
        by,
        "climate.edit_programme",
        version,
        _("Only the two partner municipalities and organisers edit this programme."),
    )
    locked = _lock(version)
    if not locked.is_open:
        raise ValidationError(
            _("Version %(number)s is adopted and can no longer be changed; start a new version.")
            % {"number": locked.number}
        )
    return locked


def _after_edit(version: ProgrammeVersion, by, what: str) -> None:
    """Any change after an approval clears both approvals: they approved other content."""
    if version.german_approved_at or version.partner_approved_at:
        before = version.status
        version.german_approved_at = version.partner_approved_at = None
        version.german_approved_by = version.partner_approved_by = None
        version.status = ProgrammeStatus.DRAFT
        version.save(
            update_fields=[
                "german_approved_at",
                "german_approved_by",
                "partner_approved_at",
                "partner_approved_by",
                "status",
                "updated_at",
            ]
        )
        audit_record(
            subject=version,
            action="climate.approvals_cleared",
            actor=by,
            from_state=before,
            to_state=version.status,
            note=what,
        )
    else:
        version.save(update_fields=["updated_at"])


# --- Programme and versions -------------------------------------------------------------


@transaction.atomic
def programme_start(*, climate_partnership: ClimatePartnership, by) -> ProgrammeVersion:
    """The programme of a climate partnership with its first draft (or the open draft)."""
    _require(
        by,
        "climate.edit_programme",
        climate_partnership,
        _("Only the two partner municipalities and organisers write this programme."),
    )
    programme, _created = ActionProgramme.objects.get_or_create(
        climate_partnership=climate_partnership
    )
    open_version = programme.versions.filter(status__in=OPEN_STATUSES).first()
    if open_version:
        return open_version
    if programme.versions.exists():
        return version_start_new(programme=programme, by=by)
    version = ProgrammeVersion.objects.create(programme=programme, number=1)
    audit_record(
        subject=version, action="climate.version_started", actor=by, to_state=version.status
    )
    return version


@transaction.atomic
def version_update_details(*, version: ProgrammeVersion, by, **data) -> ProgrammeVersion:
    """Summary, the German departments and the civil-society actors."""
    version = _editable(version, by)
    unknown = set(data) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    changed = False
    for name, value in data.items():
        value = (value or "").strip()
        if getattr(version, name) != value:
            setattr(version, name, value)
            changed = True
    version.full_clean()
    if changed:
        version.save()
        _after_edit(version, by, "details")
    return version


def version_missing(version: ProgrammeVersion) -> dict[str, list[str]]:
    """What keeps a side from approving this version, by field (empty: nothing).

    The approval service refuses with exactly these messages; the edit page shows them.
    """
    missing: dict[str, list[str]] = {}
    if not version.department_international.strip():
        missing["department_international"] = [
            _("Name the department of international relations on the German side.")
        ]
    if not version.department_environment.strip():
        missing["department_environment"] = [
            _("Name the department of environment and climate on the German side.")
        ]
    targets = list(version.targets.all())
    if not targets:
        missing["targets"] = [_("Set at least one target.")]
    measures = list(version.measures.prefetch_related("targets"))
    if not measures:
        missing["measures"] = [_("Plan at least one measure.")]
    without = [m.title for m in measures if not m.targets.all()]
    if without:
        missing["measures"] = [
            _("Every measure serves at least one target: %(titles)s.")
            % {"titles": ", ".join(without)}
        ]
    return missing


@transaction.atomic
def version_approve(*, version: ProgrammeVersion, side: str, by) -> ProgrammeVersion:
    """One side approves this version; when both have, it is agreed."""
    if side not in Side.values:
        raise ValidationError(_("Unknown side."))
    if side == Side.GERMAN:
        message = _("Only a member of the German municipality approves for the German side.")
    else:
        message = _("Only a member of a partner municipality approves for the partner side.")
    _require(by, f"climate.approve_{side}_side", version, message)
    version = _lock(version)
    if not version.is_open:
        raise ValidationError(_("Only a draft can be approved."))
    missing = version_missing(version)
    if missing:
        raise ValidationError(missing)
    if version.approved_by_side(side):
        return version
    setattr(version, f"{side}_approved_by", by)
    setattr(version, f"{side}_approved_at", timezone.now())
    before = version.status
    if version.german_approved_at and version.partner_approved_at:
        version.status = ProgrammeStatus.AGREED
    version.save()
    audit_record(
        subject=version,
        action=f"climate.approved_{side}",
        actor=by,
        from_state=before,
        to_state=version.status,
    )
    return version


@transaction.atomic
def version_adopt(
    *, version: ProgrammeVersion, decision_date: datetime.date, by, today=None
) -> ProgrammeVersion:
    """Record the adoption (decision date given); the adopted version before is superseded."""
    _require(
        by,
        "climate.adopt_programme",
        version,
        _("Only the German municipality or an organiser records the adoption."),
    )
    version = _lock(version)
    if version.status != ProgrammeStatus.AGREED:
        raise ValidationError(
            _("A version is adopted only after both sides have approved it (agreed).")
        )
    today = today or timezone.localdate()
    if decision_date is None:
        raise ValidationError({"decision_date": _("Give the date of the decision.")})
    if decision_date > today:
        raise ValidationError({"decision_date": _("The decision date cannot be in the future.")})
    previous = (
        ProgrammeVersion.objects.select_for_update()
        .filter(programme_id=version.programme_id, status=ProgrammeStatus.ADOPTED)
        .first()
    )
    if previous is not None:
        previous.status = ProgrammeStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit_record(
            subject=previous,
            action="climate.version_superseded",
            actor=by,
            from_state=ProgrammeStatus.ADOPTED,
            to_state=ProgrammeStatus.SUPERSEDED,
        )
    version.status = ProgrammeStatus.ADOPTED
    version.adopted_by = by
    version.adopted_at = timezone.now()
    version.decision_date = decision_date
    version.save()
    audit_record(
        subject=version,
        action="climate.version_adopted",
        actor=by,
        from_state=ProgrammeStatus.AGREED,
        to_state=ProgrammeStatus.ADOPTED,
        note=decision_date.isoformat(),
    )
    return version


@transaction.atomic
def version_start_new(*, programme: ActionProgramme, by) -> ProgrammeVersion:
    """A new draft as a copy of the adopted version, which stays public until it is replaced."""
    _require(
        by,
        "climate.edit_programme",
        programme,
        _("Only the two partner municipalities and organisers write this programme."),
    )
    ActionProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("A draft of this programme is already open."))
    adopted = programme.versions.filter(status=ProgrammeStatus.ADOPTED).first()
    if adopted is None:
        raise ValidationError(_("There is no adopted version to start from."))
    last = programme.versions.order_by("-number").first()
    new = ProgrammeVersion.objects.create(
        programme=programme,
        number=last.number + 1,
        **{name: getattr(adopted, name) for name in DETAIL_FIELDS},
    )
    fields = {}
    for old in adopted.fields_of_action.all():
        fields[old.pk] = FieldOfAction.objects.create(
            version=new, name=old.name, description=old.description, order=old.order
        )
    targets = {}
    for old in adopted.targets.all():
        data = {name: getattr(old, name) for name in TARGET_FIELDS if name != "field_of_action"}
        targets[old.pk] = Target.objects.create(
            version=new, key=old.key, field_of_action=fields[old.field_of_action_id], **data
        )
    for old in adopted.measures.prefetch_related("targets"):
        measure = Measure.objects.create(
            version=new, key=old.key, **{name: getattr(old, name) for name in MEASURE_FIELDS}
        )
        measure.targets.set([targets[t.pk] for t in old.targets.all()])
    audit_record(
        subject=new,
        action="climate.version_started",
        actor=by,
        from_state=f"v{adopted.number}",
        to_state=new.status,
    )
    return new


# --- Fields of action, targets, measures ----------------------------------------------------


@transaction.atomic
def field_of_action_save(
    *, version: ProgrammeVersion, by, field: FieldOfAction | None = None, **data
) -> FieldOfAction:
    version = _editable(version, by)
    if field is not None and field.version_id != version.pk:
        raise ValidationError(_("This field of action belongs to another version."))
    field = field or FieldOfAction(version=version)
    for name in ("name", "description", "order"):
        if name in data:
            setattr(field, name, data[name])
    field.full_clean()
    field.save()
    _after_edit(version, by, "field_of_action")
    return field


@transaction.atomic
def field_of_action_delete(*, field: FieldOfAction, by) -> None:
    version = _editable(field.version, by)
    if field.targets.exists():
        raise ValidationError(
            _("Move or delete the targets of this field of action before deleting it.")
        )
    field.delete()
    _after_edit(version, by, "field_of_action")


def _check_target(version: ProgrammeVersion, target: Target) -> None:
    errors = {}
    if target.field_of_action_id and target.field_of_action.version_id != version.pk:
        errors["field_of_action"] = [_("Choose a field of action of this version.")]
    partnership = version.programme.climate_partnership.partnership
    sides = {partnership.german_municipality_id, *(p.pk for p in partnership.partners.all())}
    if target.municipality_id and target.municipality_id not in sides:
        errors["municipality"] = [_("Choose one of the two partner municipalities.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_save(*, version: ProgrammeVersion, by, target: Target | None = None, **data) -> Target:
    version = _editable(version, by)
    if target is not None and target.version_id != version.pk:
        raise ValidationError(_("This target belongs to another version."))
    unknown = set(data) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    target = target or Target(version=version)
    for name, value in data.items():
        setattr(target, name, value)
    target.full_clean(exclude=["version"])
    _check_target(version, target)
    target.save()
    _after_edit(version, by, "target")
    return target


@transaction.atomic
def target_delete(*, target: Target, by) -> None:
    version = _editable(target.version, by)
    orphans = [
        m.title for m in target.measures.prefetch_related("targets") if len(m.targets.all()) == 1
    ]
    if orphans:
        raise ValidationError(
            _("These measures serve only this target; give them another target first: %(titles)s.")
            % {"titles": ", ".join(orphans)}
        )
    target.delete()
    _after_edit(version, by, "target")


def _check_measure_targets(version: ProgrammeVersion, targets) -> list[Target]:
    """A measure serves at least one target, and only targets of its own version."""
    targets = list(targets)
    if not targets:
        raise ValidationError({"targets": [_("A measure serves at least one target.")]})
    if any(t.version_id != version.pk for t in targets):
        raise ValidationError(
            {"targets": [_("A measure serves only targets of the same programme version.")]}
        )
    return targets


@transaction.atomic
def measure_save(
    *, version: ProgrammeVersion, by, targets, measure: Measure | None = None, **data
) -> Measure:
    version = _editable(version, by)
    if measure is not None and measure.version_id != version.pk:
        raise ValidationError(_("This measure belongs to another version."))
    unknown = set(data) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    measure = measure or Measure(version=version)
    for name, value in data.items():
        setattr(measure, name, "" if value is None and name in _TEXT_FIELDS else value)
    errors = {}
    try:
        measure.full_clean(exclude=["version"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        targets = _check_measure_targets(version, targets)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    measure.save()
    measure.targets.set(targets)
    _after_edit(version, by, "measure")
    return measure


_TEXT_FIELDS = {
    "description",
    "responsible_german",
    "responsible_partner",
    "money_currency",
    "know_how",
    "funding_source",
}


@transaction.atomic
def measure_delete(*, measure: Measure, by) -> None:
    version = _editable(measure.version, by)
    if measure.progress.exists():
        raise ValidationError(_("This measure has been reported on and cannot be deleted."))
    measure.delete()
    _after_edit(version, by, "measure")
