"""Workshop assignment runs: start, compute (background job), adjust by hand, publish.

Rules kept here:

* only organisers (`conferences.assign_workshops`) start, adjust and publish runs;
* one run per edition at a time: a run cannot start while another is queued or running;
* the policy is one of the solver's, the weight lies in 0–10, the seed in 0–2³¹−1
  (drawn at random and shown when the organiser leaves it empty);
* the instance: the edition's workshops (places = the workshop's places, else its
  room's seats, else unlimited), its confirmed registrations, each one's ranked
  workshops per time slot (the order of their ranking among that slot's
  workshops), and their partnership (the registration form's partnership, else the
  joint registration form) as the group kept together with the organiser's weight.
  An existing assignment in a slot the person ranked nothing for is kept and its seat
  is not offered to the solver;
* languages: a workshop held in a language (`ProgrammeSession.language`) takes only
  people who speak it; what a person speaks is `participant_languages` (the union of
  the language of their registration, the language they need interpretation into,
  their account's preferred language and their municipality's working languages).
  Workshops without a language are open to everybody;
* a hand adjustment moves a person to another workshop of the same slot (one workshop
  per person and slot by construction) only while the workshop has a free place in
  the proposal, or takes them out of a slot. A move into a workshop held in a language
  the platform does not know the person to speak is allowed (the organiser may know
  better), noted in the audit trail and named to the organiser
  (`assignment_language_problem`);
* a run can be published once, only when it finished, and only while its input is
  unchanged (the fingerprint of registrations, preferences, workshops and current
  assignments): a stale proposal would overwrite decisions taken since; run again;
* publishing makes the edition's assignments equal to the proposal in one
  transaction, through `workshop_unassign` / `workshop_assign` (row locks on the
  workshops, capacity and one-per-slot checked there again), and is audited.

The job (`tasks.run_workshop_assignment`) calls `assignment_run_execute`, which never
raises: whatever goes wrong ends as a failed run with a reason the page shows.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub import solver
from partnerhub.core import solver_runs
from partnerhub.core.jobs import enqueue
from partnerhub.core.jsonable import jsonable
from partnerhub.core.services import actor_or_none, audit_record

from ..assignment_texts import language_name
from ..models import (
    AssignmentPolicy,
    AssignmentRun,
    AssignmentSource,
    Edition,
    ProgrammeSession,
    Registration,
    RegistrationStatus,
    RunStage,
    RunStatus,
    SessionKind,
    TimeSlot,
    WorkshopAssignment,
    WorkshopPreference,
)
from ..models.assignment_runs import MAX_GROUP_WEIGHT, MAX_SEED
from .programme import workshop_assign, workshop_places, workshop_unassign

__all__ = [
    "AssignmentInput",
    "assignment_input",
    "assignment_language_problem",
    "assignment_run_execute",
    "assignment_run_is_stale",
    "assignment_run_move",
    "assignment_run_publish",
    "assignment_run_remove",
    "assignment_run_start",
    "participant_languages",
]


# CP-SAT (weight > 0) stops here at the latest; the result then reports its gap.
TIME_LIMIT_SECONDS = 60.0

# Sources of a proposed placement.
FROM_SOLVER, KEPT, MOVED = "solver", "kept", "manual"


def _require(by) -> None:
    if by is None or not by.has_perm("conferences.assign_workshops"):
        raise PermissionDenied(_("Only organisers assign workshops."))


# --- The instance ------------------------------------------------------------------------


def participant_languages(registration: Registration) -> frozenset[str]:
    """The languages a participant can follow a workshop in, as far as the platform knows.

    The union of what they said themselves (the language of their registration, the
    language they need interpretation into), their account's preferred language, and
    the working languages of the municipality they come for. A union, not an
    intersection: each source is evidence that they speak the language, and a wrong
    "does not speak" would silently keep them out of a workshop they chose, while the
    organiser sees and can correct every placement. Needs `person` and `municipality`
    loaded (`assignment_input` does).
    """
    languages = {registration.language, registration.interpretation_language}
    if registration.person_id is not None and registration.person is not None:
        languages.add(registration.person.preferred_language)
    if registration.municipality_id is not None:
        languages.update(
            str(code).strip().lower()
            for code in (registration.municipality.languages or [])
            if isinstance(code, str)
        )
    return frozenset(code for code in languages if code)


@dataclass
class AssignmentInput:
    """Everything a run reads, loaded in five queries whatever the size of the edition."""

    workshops: dict[int, ProgrammeSession]  # pk → workshop (with slot and room)
    slots: dict[int, TimeSlot]  # slots that have workshops
    registrations: dict[int, Registration]  # confirmed, by pk
    ranked: dict[int, dict[int, list[int]]]  # registration → slot → workshops, best first
    current: dict[tuple[int, int], int]  # (registration, slot) → workshop, confirmed only
    current_all: list[tuple[int, int]] = field(default_factory=list)  # (registration, workshop)

    def places(self, session_id: int) -> int | None:
        return workshop_places(self.workshops[session_id])

    def rank(self, registration_id: int, slot_id: int, session_id: int) -> int | None:
        choices = self.ranked.get(registration_id, {}).get(slot_id, [])
        return choices.index(session_id) + 1 if session_id in choices else None

    @property
    def uses_languages(self) -> bool:
        """Does any workshop have a language? Only then do languages constrain the run."""
        return any(w.language for w in self.workshops.values())

    def languages_of(self, registration_id: int) -> frozenset[str]:
        return participant_languages(self.registrations[registration_id])

    @staticmethod
    def group_of(registration: Registration) -> str | None:
        group = registration.group
        if group.partnership_id:
            return f"partnership-{group.partnership_id}"
        if group.is_joint:
            return f"form-{group.pk}"
        return None

    def kept(self) -> dict[tuple[int, int], int]:
        """Current assignments in slots the person ranked nothing for: the run keeps them."""
        return {
            (registration_id, slot_id): session_id
            for (registration_id, slot_id), session_id in self.current.items()
            if not self.ranked.get(registration_id, {}).get(slot_id)
        }

    def fingerprint(self) -> str:
        data = {
            "workshops": sorted(
                [pk, w.slot_id, self.places(pk)] for pk, w in self.workshops.items()
            ),
            "registrations": sorted(
                [pk, self.group_of(r) or ""] for pk, r in self.registrations.items()
            ),
            "ranked": sorted(
                [pk, slot, choices]
                for pk, slots in self.ranked.items()
                for slot, choices in slots.items()
            ),
            "assigned": sorted(self.current_all),
        }
        if self.uses_languages:
            # Only then do languages change the result; without this condition, runs made
            # before workshops had languages would all have become stale.
            data["languages"] = {
                "workshops": sorted([pk, w.language] for pk, w in self.workshops.items()),
                "participants": sorted(
                    [pk, sorted(self.languages_of(pk))] for pk in self.registrations
                ),
            }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def assignment_input(edition: Edition) -> AssignmentInput:
    workshops = {
        session.pk: session
        for session in ProgrammeSession.objects.filter(
            edition=edition, kind=SessionKind.WORKSHOP
        ).select_related("slot", "room")
    }
    registrations = {
        registration.pk: registration
        for registration in Registration.objects.filter(
            edition=edition, status=RegistrationStatus.CONFIRMED
        ).select_related("group", "municipality", "organisation", "person")
    }
    ranked: dict[int, dict[int, list[int]]] = {}
    for registration_id, session_id in (
        WorkshopPreference.objects.filter(
            registration__edition=edition,
            registration__status=RegistrationStatus.CONFIRMED,
            session__kind=SessionKind.WORKSHOP,
        )
        .order_by("registration_id", "rank")
        .values_list("registration_id", "session_id")
    ):
        if session_id in workshops:
            slot_id = workshops[session_id].slot_id
            ranked.setdefault(registration_id, {}).setdefault(slot_id, []).append(session_id)
    current: dict[tuple[int, int], int] = {}
    current_all: list[tuple[int, int]] = []
    for registration_id, session_id, slot_id in WorkshopAssignment.objects.filter(
        session__edition=edition
    ).values_list("registration_id", "session_id", "slot_id"):
        current_all.append((registration_id, session_id))
        if registration_id in registrations:
            current[registration_id, slot_id] = session_id
    slots = {w.slot_id: w.slot for w in workshops.values()}
    return AssignmentInput(
        workshops=workshops,
        slots=slots,
        registrations=registrations,
        ranked=ranked,
        current=current,
        current_all=current_all,
    )


def assignment_run_is_stale(run: AssignmentRun, data: AssignmentInput | None = None) -> bool:
    """Has anything the run read changed since? (registrations, preferences, workshops …)"""
    data = data or assignment_input(run.edition)
    return data.fingerprint() != run.fingerprint


# --- Start ----------------------------------------------------------------------------------


def _clean_options(policy, group_weight, seed) -> tuple[str, Decimal, int]:
    errors = {}
    if policy not in AssignmentPolicy.values:
        errors["policy"] = _("Choose one of the policies.")
    try:
        weight = Decimal(str(group_weight if group_weight not in (None, "") else 0))
        if not weight.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        weight = None
    if weight is None or not 0 <= weight <= MAX_GROUP_WEIGHT:
        errors["group_weight"] = _("The weight is a number from 0 to %(max)s.") % {
            "max": MAX_GROUP_WEIGHT
        }
    if seed in (None, ""):
        seed = secrets.randbelow(MAX_SEED + 1)
    else:
        try:
            seed = int(seed)
        except (TypeError, ValueError):
            seed = -1
        if not 0 <= seed <= MAX_SEED:
            errors["seed"] = _("The seed is a whole number from 0 to %(max)s.") % {"max": MAX_SEED}
    if errors:
        raise ValidationError(errors)
    return policy, weight.quantize(Decimal("0.1")), seed


@transaction.atomic
def assignment_run_start(
    *, edition: Edition, by, policy: str, group_weight=0, seed=None
) -> AssignmentRun:
    """Queue a run; the job computes it once this transaction commits."""
    _require(by)
    policy, weight, seed = _clean_options(policy, group_weight, seed)
    edition = Edition.objects.locked(edition.pk)
    if AssignmentRun.objects.filter(
        edition=edition, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    ).exists():
        raise ValidationError(
            _("An assignment run for this edition is already under way; wait for its result.")
        )
    run = AssignmentRun.objects.create(
        edition=edition,
        policy=policy,
        group_weight=weight,
        seed=seed,
        created_by=actor_or_none(by),
    )
    audit_record(
        subject=run,
        action="assignment_run.started",
        actor=by,
        to_state=RunStatus.QUEUED,
        note=f"{policy}, weight {weight}, seed {seed}",
    )
    from ..tasks import run_workshop_assignment

    enqueue(run_workshop_assignment, run.pk)
    return run


# --- The job -----------------------------------------------------------------------------------


def _explanations(explanations) -> list:
    return [[e.code, jsonable(dict(e.params))] for e in explanations]


def solve(run: AssignmentRun, data: AssignmentInput, *, time_limit: float = TIME_LIMIT_SECONDS):
    """Map the edition onto the solver's dataclasses and run it (no database access)."""
    kept = data.kept()
    kept_seats = Counter(kept.values())
    participants = [
        solver.Participant(
            id=pk, languages=data.languages_of(pk), group=data.group_of(registration)
        )
        for pk, registration in data.registrations.items()
    ]
    everybody = max(1, len(participants))
    workshops = []
    for pk, session in data.workshops.items():
        places = data.places(pk)
        capacity = everybody if places is None else places
        workshops.append(
            solver.Workshop(
                id=pk,
                slot=session.slot_id,
                capacity=max(0, capacity - kept_seats[pk]),
                language=session.language or None,
            )
        )
    preferences = {
        pk: {slot: list(choices) for slot, choices in data.ranked.get(pk, {}).items()}
        for pk in data.registrations
    }
    return solver.assign_workshops(
        participants,
        workshops,
        preferences,
        policy=run.policy,
        group_weight=float(run.group_weight),
        seed=run.seed,
        max_choices=max(
            [solver.workshops.MAX_CHOICES]
            + [len(c) for slots in preferences.values() for c in slots.values()]
        ),
        time_limit=time_limit,
    )


def _store(run: AssignmentRun, data: AssignmentInput, result) -> None:
    kept = data.kept()
    placements = []
    for (registration_id, slot_id), session_id in sorted(kept.items()):
        placements.append([registration_id, slot_id, session_id, None, KEPT])
    for registration_id, slots in sorted(result.assignment.items()):
        for slot_id, session_id in sorted(slots.items()):
            rank = result.ranks.get((registration_id, slot_id))
            placements.append([registration_id, slot_id, session_id, rank, FROM_SOLVER])
    unplaced = [
        [u.participant, u.slot, u.reason.code, jsonable(dict(u.reason.params))]
        for u in result.unplaced
        if (u.participant, u.slot) not in kept
    ]
    profile = result.profile
    report = result.report
    run.result = jsonable(
        {
            "status": result.status,
            "solver": report.solver,
            "solver_status": report.status,
            "gap": report.gap,
            "objective": [list(item) for item in report.objective],
            "best_bound": [list(item) for item in report.best_bound],
            "phases": len(report.phases),
            "profile": {
                "by_rank": list(profile.by_rank),
                "unplaced": profile.unplaced,
                "ranked_nothing": profile.ranked_nothing,
                "mean_rank": profile.mean_rank,
                "worst_rank": profile.worst_rank,
            },
            "groups": {"group_slots": result.groups.group_slots, "split": result.groups.split},
            "issues": _explanations(result.issues),
            "wall_time": result.wall_time,
            "participants": len(data.registrations),
            "workshops": len(data.workshops),
            "slots": len(data.slots),
            "kept": len(kept),
        }
    )
    run.placements = placements
    run.unplaced = unplaced


def assignment_run_execute(*, run_id: int, time_limit: float = TIME_LIMIT_SECONDS) -> str:
    """The background job's work; returns the run's final status and never raises."""

    def compute(run: AssignmentRun) -> None:
        data = assignment_input(run.edition)
        run.fingerprint = data.fingerprint()
        run.set_stage(RunStage.SOLVING, 30)
        result = solve(run, data, time_limit=time_limit)
        run.set_stage(RunStage.STORING, 90)
        if result.status in ("invalid", "empty"):
            run.result = jsonable({"status": result.status, "issues": _explanations(result.issues)})
            run.status, run.error = RunStatus.FAILED, result.status
        else:
            _store(run, data, result)
            run.status = RunStatus.DONE

    return solver_runs.execute(
        AssignmentRun, run_id, related="edition", compute=compute, action="assignment_run"
    )


# --- Hand adjustments ---------------------------------------------------------------------------


def assignment_language_problem(
    registration: Registration, session: ProgrammeSession
) -> str | None:
    """Why the person may not follow the workshop's language, or None when they can.

    The rule is the solver's (`solver.check_assignment`, code
    `assigned_language_missing`), applied to this one placement. `registration` needs
    `person` and `municipality` loaded, or costs up to two queries.
    """
    if not session.language:
        return None
    languages = participant_languages(registration)
    problems = solver.check_assignment(
        [solver.Participant(id=registration.pk, languages=languages)],
        [
            solver.Workshop(
                id=session.pk, slot=session.slot_id, capacity=1, language=session.language
            )
        ],
        {registration.pk: {session.slot_id: [session.pk]}},
        {registration.pk: {session.slot_id: session.pk}},
    )
    if not any(problem.code == "assigned_language_missing" for problem in problems):
        return None
    return _(
        "As far as the platform knows, %(name)s does not speak %(language)s, the language of "
        "the workshop “%(title)s” (known: %(known)s)."
    ) % {
        "name": registration.full_name,
        "language": language_name(session.language),
        "title": session.title,
        "known": ", ".join(sorted(language_name(code) for code in languages)) or "–",
    }


def _locked_run(run: AssignmentRun) -> AssignmentRun:
    return solver_runs.locked_for_change(
        run,
        unfinished=_("Only a finished run can be changed or published."),
        published=_("This run has been published; start a new run to change it."),
    )


@transaction.atomic
def assignment_run_move(
    *, run: AssignmentRun, by, registration: Registration, session: ProgrammeSession
) -> AssignmentRun:
    """Put a person into `session` in the proposal, instead of their workshop of that slot."""
    _require(by)
    run = _locked_run(run)
    if session.edition_id != run.edition_id or session.kind != SessionKind.WORKSHOP:
        raise ValidationError(_("Choose a workshop of this edition."))
    if (
        registration.edition_id != run.edition_id
        or registration.status != RegistrationStatus.CONFIRMED
    ):
        raise ValidationError(
            _("Only confirmed participants of this edition can be assigned (%(name)s is not).")
            % {"name": registration.full_name}
        )
    placements = [list(p) for p in run.placements]
    own = [p for p in placements if p[0] == registration.pk and p[1] == session.slot_id]
    if own and own[0][2] == session.pk:
        raise ValidationError(
            _("%(name)s is already in this workshop.") % {"name": registration.full_name}
        )
    places = workshop_places(session)
    taken = sum(1 for p in placements if p[2] == session.pk)
    if places is not None and taken >= places:
        raise ValidationError(
            _("The workshop “%(title)s” is full: %(taken)s of %(places)s places are taken.")
            % {"title": session.title, "taken": taken, "places": places}
        )
    previous = own[0][2] if own else None
    placements = [p for p in placements if p not in own]
    rank = None
    choices = list(
        WorkshopPreference.objects.filter(
            registration=registration, session__slot_id=session.slot_id
        )
        .order_by("rank")
        .values_list("session_id", flat=True)
    )
    if session.pk in choices:
        rank = choices.index(session.pk) + 1
    placements.append([registration.pk, session.slot_id, session.pk, rank, MOVED])
    placements.sort(key=lambda p: (p[0], p[1]))
    language_problem = assignment_language_problem(registration, session)
    run.placements = placements
    run.unplaced = [
        u for u in run.unplaced if not (u[0] == registration.pk and u[1] == session.slot_id)
    ]
    run.adjustments += 1
    run.save(update_fields=["placements", "unplaced", "adjustments"])
    audit_record(
        subject=run,
        action="assignment_run.moved",
        actor=by,
        from_state=str(previous or ""),
        to_state=str(session.pk),
        note=registration.full_name
        + (f"; language {session.language} not known to be spoken" if language_problem else ""),
    )
    return run


@transaction.atomic
def assignment_run_remove(
    *, run: AssignmentRun, by, registration: Registration, slot: TimeSlot
) -> AssignmentRun:
    """Take a person out of their proposed workshop of a slot (their seat is free again)."""
    _require(by)
    run = _locked_run(run)
    placements = [list(p) for p in run.placements]
    own = [p for p in placements if p[0] == registration.pk and p[1] == slot.pk]
    if not own:
        raise ValidationError(
            _("%(name)s has no workshop in this time slot in the proposal.")
            % {"name": registration.full_name}
        )
    run.placements = [p for p in placements if p not in own]
    run.unplaced = [*run.unplaced, [registration.pk, slot.pk, "removed_by_hand"]]
    run.adjustments += 1
    run.save(update_fields=["placements", "unplaced", "adjustments"])
    audit_record(
        subject=run,
        action="assignment_run.removed",
        actor=by,
        from_state=str(own[0][2]),
        note=registration.full_name,
    )
    return run


# --- Publish ------------------------------------------------------------------------------------


@transaction.atomic
def assignment_run_publish(*, run: AssignmentRun, by) -> AssignmentRun:
    """Make the edition's workshop assignments what the run proposes, all or nothing."""
    _require(by)
    run = _locked_run(run)
    # Lock every workshop of the edition first (always in the same order), so that no
    # organiser assigns by hand while the proposal is written.
    list(
        ProgrammeSession.objects.select_for_update(of=("self",))
        .filter(edition_id=run.edition_id, kind=SessionKind.WORKSHOP)
        .order_by("pk")
    )
    data = assignment_input(run.edition)
    if data.fingerprint() != run.fingerprint:
        raise ValidationError(
            _(
                "Registrations, workshop preferences, workshops or assignments have changed "
                "since this run was computed. Start a new run and publish that one."
            )
        )
    wanted = {(p[0], p[1]): p[2] for p in run.placements}
    current = data.current
    removals = [key for key, session_id in current.items() if wanted.get(key) != session_id]
    additions = [key for key, session_id in wanted.items() if current.get(key) != session_id]
    for registration_id, slot_id in removals:
        workshop_unassign(
            registration=data.registrations[registration_id],
            session=data.workshops[current[registration_id, slot_id]],
            by=by,
        )
    for registration_id, slot_id in additions:
        workshop_assign(
            registration=data.registrations[registration_id],
            session=data.workshops[wanted[registration_id, slot_id]],
            by=by,
            source=AssignmentSource.SOLVER,
        )
    run.published_at, run.published_by = timezone.now(), actor_or_none(by)
    run.save(update_fields=["published_at", "published_by"])
    audit_record(
        subject=run,
        action="assignment_run.published",
        actor=by,
        to_state="published",
        note=f"{len(additions)} assigned, {len(removals)} removed",
    )
    return run
