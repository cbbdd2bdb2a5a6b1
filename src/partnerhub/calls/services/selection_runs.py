"""Participant selection runs for a dialogue event: start, compute (background job), publish.

Rules kept here:

* only organisers (`calls.manage_learning_processes`) start and publish runs;
* one run per event at a time (none while another is queued or running);
* the quotas: size within 1 ≤ at least ≤ at most (default: the event's 25–35), each
  origin's share in 0–100 % with at least ≤ at most, required countries (default:
  the countries of the actors the proposal named), at most N per municipality;
  the seed in 0–2³¹−1 (drawn and shown when left empty);
* the pool is every nominee of the event whatever their status; the origin comes
  from the country and the DAC list in force on the event's first day
  (`participant_origins`); the nomination score (empty = 0) counts in score mode;
* infeasible quotas end the run as failed with the solver's explanation of which
  quota conflicts;
* hand adjustments (`selection_run_adjust`): on a finished, unpublished run whose
  nominations are unchanged, an organiser takes a nominee in, takes one out, or swaps
  two, always with a reason. The adjusted panel must still meet every quota of the
  run (size, shares per origin, the required countries, at most N per municipality),
  measured by the solver's own `check_panel`; an adjustment that breaks one is
  refused with the quota named. Each adjustment is recorded (`SelectionAdjustment`:
  who, when, whom, why) and audited;
* publishing applies the panel (the solver's, as adjusted by hand) through
  `event_participant_set_status` (the event's maximum is checked there again): first
  everybody not chosen becomes "not selected", then everybody chosen "selected", in
  one transaction, audited; only a finished run, once, and only while the
  nominations are unchanged (fingerprint of nominees, countries, municipalities,
  scores and statuses): run again otherwise.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub import solver
from partnerhub.core import solver_runs
from partnerhub.core.jobs import enqueue
from partnerhub.core.jsonable import jsonable
from partnerhub.core.services import actor_or_none, audit_record

from ..models import (
    DialogueEvent,
    EventParticipant,
    LearningProcess,
    ParticipantStatus,
    ProposedActor,
    SelectionMode,
    SelectionRun,
    SelectionRunStatus,
    SelectionStage,
)
from ..models.selection_runs import MAX_SEED, AdjustmentAction, SelectionAdjustment
from ..selection_texts import explanation_text
from .learning import event_participant_set_status, participant_origins

__all__ = [
    "QUOTA_FIELDS",
    "SelectionInput",
    "selection_defaults",
    "selection_input",
    "selection_run_adjust",
    "selection_run_execute",
    "selection_run_publish",
    "selection_run_start",
]

TIME_LIMIT_SECONDS = 20.0

# (origin, field of the minimum share, field of the maximum share)
SHARE_FIELDS = (
    ("germany", "germany_min", "germany_max"),
    ("global_south", "global_south_min", "global_south_max"),
    ("other_industrialised", "other_min", "other_max"),
)
QUOTA_FIELDS = (
    "min_size",
    "max_size",
    *(name for _origin, low, high in SHARE_FIELDS for name in (low, high)),
    "required_countries",
    "max_per_municipality",
)


def _require(by) -> None:
    if by is None or not by.has_perm("calls.manage_learning_processes"):
        raise PermissionDenied(_("Only organisers run learning processes."))


@dataclass
class SelectionInput:
    participants: list[EventParticipant]
    origins: dict[int, str]
    named_countries: list[str]  # the countries of the actors the proposal named

    def fingerprint(self) -> str:
        data = sorted(
            [
                p.pk,
                p.country_id,
                p.municipality_id,
                str(p.nomination_score or 0),
                p.status,
                self.origins[p.pk],
            ]
            for p in self.participants
        )
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    def nominees(self) -> list[solver.Nominee]:
        return [
            solver.Nominee(
                id=p.pk,
                origin=self.origins[p.pk],
                country=p.country_id,
                municipality=p.municipality_id,
                score=float(p.nomination_score or 0),
            )
            for p in self.participants
        ]


def selection_input(event: DialogueEvent) -> SelectionInput:
    """The nominees with their origin, and the proposal's named countries (3 queries)."""
    participants = list(
        EventParticipant.objects.filter(event=event)
        .select_related("country", "municipality")
        .order_by("full_name", "pk")
    )
    origins = participant_origins(participants, event.starts_on)
    proposal_id = (
        LearningProcess.objects.filter(pk=event.learning_process_id)
        .values_list("proposal_id", flat=True)
        .first()
    )
    named = []
    if proposal_id:
        named = sorted(
            set(
                ProposedActor.objects.filter(proposal_id=proposal_id).values_list(
                    "country_id", flat=True
                )
            )
        )
    return SelectionInput(participants=participants, origins=origins, named_countries=named)


def selection_defaults(event: DialogueEvent, data: SelectionInput | None = None) -> dict:
    """The quotas a new run starts from: the event's size and the proposal's countries."""
    data = data or selection_input(event)
    return {
        "mode": SelectionMode.SCORE,
        "min_size": event.min_participants,
        "max_size": event.max_participants,
        "germany_min": 25,
        "germany_max": 50,
        "global_south_min": 35,
        "global_south_max": None,
        "other_min": None,
        "other_max": None,
        "required_countries": data.named_countries,
        "max_per_municipality": 2,
    }


# --- Start ---------------------------------------------------------------------------------


def _clean(values: dict) -> dict:
    errors = {}
    cleaned = {}
    for name in ("min_size", "max_size", "max_per_municipality"):
        value = values.get(name)
        if value in (None, ""):
            cleaned[name] = None
            continue
        try:
            cleaned[name] = int(value)
        except (TypeError, ValueError):
            errors[name] = _("Enter a whole number.")
            continue
        if cleaned[name] < 1:
            errors[name] = _("Enter a number of at least 1.")
    if "min_size" not in errors and cleaned.get("min_size") is None:
        errors["min_size"] = _("Give the smallest size of the group.")
    if "max_size" not in errors and cleaned.get("max_size") is None:
        errors["max_size"] = _("Give the largest size of the group.")
    sizes_given = not errors.get("min_size") and not errors.get("max_size")
    if sizes_given and cleaned["max_size"] < cleaned["min_size"]:
        errors["max_size"] = _("The maximum cannot be below the minimum.")
    for _origin, low, high in SHARE_FIELDS:
        for name in (low, high):
            value = values.get(name)
            if value in (None, ""):
                cleaned[name] = None
                continue
            try:
                cleaned[name] = int(value)
            except (TypeError, ValueError):
                errors[name] = _("Enter a whole percentage from 0 to 100.")
                continue
            if not 0 <= cleaned[name] <= 100:
                errors[name] = _("Enter a whole percentage from 0 to 100.")
        if (
            low not in errors
            and high not in errors
            and cleaned.get(low) is not None
            and cleaned.get(high) is not None
            and cleaned[low] > cleaned[high]
        ):
            errors[high] = _("The largest share cannot be below the smallest.")
    countries = values.get("required_countries") or []
    cleaned["required_countries"] = sorted({str(code).upper() for code in countries})
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def selection_run_start(
    *, event: DialogueEvent, by, mode: str, seed=None, **quotas
) -> SelectionRun:
    """Queue a selection run; the job computes it once this transaction commits."""
    _require(by)
    unknown = set(quotas) - set(QUOTA_FIELDS)
    if unknown:
        raise ValueError(f"Unknown quota fields: {sorted(unknown)}")
    errors = {}
    if mode not in SelectionMode.values:
        errors["mode"] = _("Choose how to select.")
    if seed in (None, ""):
        seed = secrets.randbelow(MAX_SEED + 1)
    else:
        try:
            seed = int(seed)
        except (TypeError, ValueError):
            seed = -1
        if not 0 <= seed <= MAX_SEED:
            errors["seed"] = _("The seed is a whole number from 0 to %(max)s.") % {"max": MAX_SEED}
    try:
        cleaned = _clean(quotas)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    event = DialogueEvent.objects.select_for_update().get(pk=event.pk)
    if SelectionRun.objects.filter(
        event=event, status__in=(SelectionRunStatus.QUEUED, SelectionRunStatus.RUNNING)
    ).exists():
        raise ValidationError(
            _("A selection run for this event is already under way; wait for its result.")
        )
    run = SelectionRun.objects.create(
        event=event, mode=mode, seed=seed, created_by=actor_or_none(by), **cleaned
    )
    audit_record(
        subject=run,
        action="selection_run.started",
        actor=by,
        to_state=SelectionRunStatus.QUEUED,
        note=f"{mode}, seed {seed}",
    )
    from ..tasks import run_participant_selection

    enqueue(run_participant_selection, run.pk)
    return run


# --- The job ---------------------------------------------------------------------------------


def quotas_of(run: SelectionRun) -> solver.Quotas:
    shares = {}
    for origin, low, high in SHARE_FIELDS:
        minimum, maximum = getattr(run, low), getattr(run, high)
        if minimum is not None or maximum is not None:
            shares[origin] = (
                Fraction(minimum, 100) if minimum is not None else None,
                Fraction(maximum, 100) if maximum is not None else None,
            )
    return solver.Quotas(
        min_size=run.min_size,
        max_size=run.max_size,
        origin_shares=shares,
        required_countries=frozenset(run.required_countries or ()),
        max_per_municipality=run.max_per_municipality,
    )


def _explanations(explanations) -> list:
    return [[e.code, jsonable(dict(e.params))] for e in explanations]


def selection_run_execute(*, run_id: int, time_limit: float = TIME_LIMIT_SECONDS) -> str:
    """The background job's work; returns the run's final status and never raises."""

    def compute(run: SelectionRun) -> None:
        data = selection_input(run.event)
        run.fingerprint = data.fingerprint()
        run.set_stage(SelectionStage.SOLVING, 30)
        result = solver.select_participants(
            data.nominees(),
            quotas_of(run),
            mode=run.mode,
            seed=run.seed,
            time_limit=time_limit,
        )
        run.set_stage(SelectionStage.STORING, 90)
        run.result = jsonable(
            {
                "status": result.status,
                "selected": list(result.selected),
                "probabilities": result.probabilities,
                "explanations": _explanations(result.explanations),
                "issues": _explanations(result.issues),
                "counts": result.counts,
                "total_score": result.total_score,
                "solver": result.solver,
                "solver_status": result.solver_status,
                "objective": result.objective,
                "best_bound": result.best_bound,
                "gap": result.gap,
                "wall_time": result.wall_time,
                "nominees": len(data.participants),
            }
        )
        if result.status in ("optimal", "feasible"):
            run.status = SelectionRunStatus.DONE
        else:
            run.status = SelectionRunStatus.FAILED
            run.error = result.status  # infeasible, invalid or error: explained in the result

    return solver_runs.execute(
        SelectionRun, run_id, related="event", compute=compute, action="selection_run"
    )


# --- Hand adjustments ---------------------------------------------------------------------------

MAX_REASON_LENGTH = 1000


def _stale_error() -> ValidationError:
    return ValidationError(
        _(
            "The nominations have changed since this run was computed (nominees, countries, "
            "scores or decisions). Start a new run and publish that one."
        )
    )


def _locked_run(run: SelectionRun, message: str) -> SelectionRun:
    return solver_runs.locked_for_change(
        run, unfinished=message, published=_("This run has been published already.")
    )


def panel_problems(run: SelectionRun, data: SelectionInput, panel) -> list[str]:
    """The quotas of the run that `panel` breaks, in the reader's language (empty: none)."""
    countries = {p.country_id: p.country.name for p in data.participants}
    return [
        explanation_text(problem.code, dict(problem.params), countries)
        for problem in solver.check_panel(data.nominees(), quotas_of(run), panel)
    ]


@transaction.atomic
def selection_run_adjust(
    *,
    run: SelectionRun,
    by,
    reason: str,
    take_in: EventParticipant | None = None,
    take_out: EventParticipant | None = None,
) -> SelectionAdjustment:
    """Take a nominee into the panel, take one out, or both (a swap), with a reason.

    Refused, with the quota named, when the adjusted panel would break a quota of the run.
    """
    _require(by)
    run = _locked_run(run, _("Only a finished run can be adjusted."))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give a reason: it is kept with the adjustment.")
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = _("Keep the reason under %(max)s characters.") % {
            "max": MAX_REASON_LENGTH
        }
    if take_in is None and take_out is None:
        errors["__all__"] = _("Choose whom to take in, whom to take out, or both.")
    if errors:
        raise ValidationError(errors)
    event = DialogueEvent.objects.select_for_update().get(pk=run.event_id)
    data = selection_input(event)
    if data.fingerprint() != run.fingerprint:
        raise _stale_error()
    nominees = {p.pk: p for p in data.participants}
    panel = list(run.proposed)
    for person in (take_in, take_out):
        if person is not None and person.pk not in nominees:
            raise ValidationError(
                _("%(name)s is not a nominee of this event.") % {"name": person.full_name}
            )
    if take_in is not None and take_out is not None and take_in.pk == take_out.pk:
        raise ValidationError(_("Choose two different nominees for a swap."))
    if take_in is not None and take_in.pk in panel:
        raise ValidationError(
            _("%(name)s is in the selection already.") % {"name": take_in.full_name}
        )
    if take_out is not None and take_out.pk not in panel:
        raise ValidationError(_("%(name)s is not in the selection.") % {"name": take_out.full_name})
    if take_out is not None:
        panel.remove(take_out.pk)
    if take_in is not None:
        panel.append(take_in.pk)
    problems = panel_problems(run, data, panel)
    if problems:
        refused = _("This adjustment is refused: the selection would break a quota of this run.")
        raise ValidationError([refused, *problems])
    action = (
        AdjustmentAction.SWAP
        if take_in is not None and take_out is not None
        else AdjustmentAction.TAKE_IN
        if take_in is not None
        else AdjustmentAction.TAKE_OUT
    )
    run.panel = sorted(panel)
    run.save(update_fields=["panel"])
    adjustment = SelectionAdjustment.objects.create(
        run=run,
        action=action,
        taken_in=take_in,
        taken_out=take_out,
        reason=reason,
        made_by=actor_or_none(by),
    )
    audit_record(
        subject=run,
        action="selection_run.adjusted",
        actor=by,
        from_state=str(take_out.pk) if take_out is not None else "",
        to_state=str(take_in.pk) if take_in is not None else "",
        note=f"{action}: {reason}",
    )
    return adjustment


# --- Publish ------------------------------------------------------------------------------------


@transaction.atomic
def selection_run_publish(*, run: SelectionRun, by) -> SelectionRun:
    """Select the run's panel (as adjusted by hand) and turn down everybody else, all or nothing."""
    _require(by)
    run = _locked_run(run, _("Only a finished run can be published."))
    event = DialogueEvent.objects.select_for_update().get(pk=run.event_id)
    data = selection_input(event)
    if data.fingerprint() != run.fingerprint:
        raise _stale_error()
    if run.panel is not None:
        problems = panel_problems(run, data, run.panel)
        if problems:  # adjustments are checked one by one; this is the last safety net
            raise ValidationError(problems)
    chosen = set(run.proposed)
    participants = data.participants
    for participant in participants:
        if participant.pk not in chosen and participant.status != ParticipantStatus.NOT_SELECTED:
            event_participant_set_status(
                participant=participant, status=ParticipantStatus.NOT_SELECTED, by=by
            )
    for participant in participants:
        if participant.pk in chosen and participant.status != ParticipantStatus.SELECTED:
            event_participant_set_status(
                participant=participant, status=ParticipantStatus.SELECTED, by=by
            )
    run.published_at, run.published_by = timezone.now(), actor_or_none(by)
    run.save(update_fields=["published_at", "published_by"])
    audit_record(
        subject=run,
        action="selection_run.published",
        actor=by,
        to_state="published",
        note=f"{len(chosen)} selected of {len(participants)}"
        + (f", adjusted by hand ({run.adjustments.count()})" if run.panel is not None else ""),
    )
    return run
