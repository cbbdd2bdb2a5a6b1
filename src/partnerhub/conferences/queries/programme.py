"""Reads: the programme of an edition, a participant's workshops, the organisers' assignment board.

Each function loads what its page shows in a fixed number of queries,
however many sessions, slots and participants there are, and groups in Python.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from ..models import (
    Edition,
    ProgrammeSession,
    Registration,
    RegistrationStatus,
    Room,
    SessionKind,
    Speaker,
    TimeSlot,
    WorkshopAssignment,
    WorkshopPreference,
)
from ..services.programme import MIN_RANKED_WORKSHOPS, workshop_places

__all__ = [
    "AssignmentBoard",
    "Programme",
    "WorkshopChoices",
    "edition_programme",
    "personal_programme",
    "programme_editor",
    "token_registration",
    "workshop_assignment_board",
    "workshop_choices",
]


# --- The public programme ---------------------------------------------------------


@dataclass
class SlotRow:
    slot: TimeSlot
    sessions: list[ProgrammeSession]

    @property
    def is_parallel(self) -> bool:
        return len(self.sessions) > 1


@dataclass
class ProgrammeDay:
    date: datetime.date
    slots: list[SlotRow]


@dataclass
class Programme:
    edition: Edition
    days: list[ProgrammeDay]

    @property
    def has_workshops(self) -> bool:
        return any(
            session.is_workshop
            for day in self.days
            for row in day.slots
            for session in row.sessions
        )


def _sessions():
    """Sessions with everything a programme shows: slot, room, SDGs, speakers (3 queries)."""
    return (
        ProgrammeSession.objects.select_related("slot", "room")
        .prefetch_related(
            "sdgs", Prefetch("speakers", queryset=Speaker.objects.order_by("full_name"))
        )
        .order_by("slot__starts_at", "slot__ends_at", "slot_id", "room__name", "id")
    )


def _group(sessions) -> list[ProgrammeDay]:
    """Sessions by local day and time slot, in order."""
    days: dict[datetime.date, dict[int, SlotRow]] = {}
    for session in sessions:
        day = timezone.localtime(session.slot.starts_at).date()
        rows = days.setdefault(day, {})
        rows.setdefault(session.slot_id, SlotRow(slot=session.slot, sessions=[]))
        rows[session.slot_id].sessions.append(session)
    return [ProgrammeDay(date=day, slots=list(rows.values())) for day, rows in days.items()]


def edition_programme(edition) -> Programme | None:
    """The programme shown on the edition page and the programme page; None while empty."""
    days = _group(_sessions().filter(edition=edition))
    return Programme(edition=edition, days=days) if days else None


# --- The organisers' programme editor -------------------------------------------------


@dataclass
class ProgrammeEditor:
    rooms: list[Room]
    slots: list[TimeSlot]
    speakers: list[Speaker]
    days: list[ProgrammeDay]


def programme_editor(edition: Edition) -> ProgrammeEditor:
    """Rooms, slots, speakers and the sessions by day, for the manage page (6 queries)."""
    return ProgrammeEditor(
        rooms=list(Room.objects.filter(edition=edition).order_by("name")),
        slots=list(TimeSlot.objects.filter(edition=edition).order_by("starts_at", "id")),
        speakers=list(Speaker.objects.filter(edition=edition).order_by("full_name")),
        days=_group(_sessions().filter(edition=edition)),
    )


# --- A participant (through the link of their registration) ---------------------------------


def token_registration(token: str) -> Registration | None:
    """The registration whose link this is, with its edition; None for an unknown token."""
    if not token:
        return None
    return (
        Registration.objects.select_related(
            "edition__series", "municipality", "country", "group__submitted_by"
        )
        .prefetch_related("edition__parts")
        .filter(access_token=token)
        .first()
    )


@dataclass
class WorkshopChoices:
    workshops: list[ProgrammeSession]
    ranked: list[ProgrammeSession]  # rank 1 first
    assigned: list[ProgrammeSession] = field(default_factory=list)

    @property
    def needed(self) -> int:
        return min(MIN_RANKED_WORKSHOPS, len(self.workshops))


def workshop_choices(registration: Registration) -> WorkshopChoices:
    """The edition's workshops, the person's ranking and assignments (5 queries)."""
    workshops = list(
        _sessions().filter(edition_id=registration.edition_id, kind=SessionKind.WORKSHOP)
    )
    by_id = {session.pk: session for session in workshops}
    ranked = [
        by_id[session_id]
        for session_id in WorkshopPreference.objects.filter(registration=registration)
        .order_by("rank")
        .values_list("session_id", flat=True)
        if session_id in by_id
    ]
    assigned = [
        by_id[session_id]
        for session_id in WorkshopAssignment.objects.filter(registration=registration)
        .order_by("slot__starts_at")
        .values_list("session_id", flat=True)
        if session_id in by_id
    ]
    return WorkshopChoices(workshops=workshops, ranked=ranked, assigned=assigned)


def personal_programme(registration: Registration) -> list[ProgrammeSession]:
    """The plenaries of the edition and the person's assigned workshops, in time order."""
    assigned = WorkshopAssignment.objects.filter(registration=registration).values("session_id")
    return list(
        _sessions().filter(
            Q(kind=SessionKind.PLENARY) | Q(kind=SessionKind.WORKSHOP, pk__in=assigned),
            edition_id=registration.edition_id,
        )
    )


# --- The organisers' assignment board ---------------------------------------------------------


@dataclass
class Participant:
    registration: Registration
    rank: int | None  # the rank this person gave the workshop; None: not ranked


@dataclass
class WorkshopRow:
    session: ProgrammeSession
    places: int | None
    participants: list[Participant]
    candidates: list[Participant]
    wanted_first: int

    @property
    def taken(self) -> int:
        return len(self.participants)

    @property
    def is_full(self) -> bool:
        return self.places is not None and self.taken >= self.places


@dataclass
class Satisfaction:
    """Of the confirmed participants who ranked workshops: the best rank they were given."""

    first: int = 0
    second: int = 0
    third: int = 0
    lower: int = 0
    unranked: int = 0  # assigned only to workshops they did not rank
    unassigned: int = 0
    without_preferences: int = 0  # confirmed, ranked nothing

    @property
    def ranked_total(self) -> int:
        return self.first + self.second + self.third + self.lower + self.unranked + self.unassigned


@dataclass
class AssignmentBoard:
    edition: Edition
    workshops: list[WorkshopRow]
    satisfaction: Satisfaction
    confirmed: int


def workshop_assignment_board(edition: Edition) -> AssignmentBoard:
    """Per workshop: places, participants with their rank, people who may still join (7 queries)."""
    workshops = list(_sessions().filter(edition=edition, kind=SessionKind.WORKSHOP))
    confirmed = list(
        Registration.objects.filter(edition=edition, status=RegistrationStatus.CONFIRMED)
        .select_related("municipality", "organisation")
        .order_by("full_name", "id")
    )
    people = {registration.pk: registration for registration in confirmed}
    ranks: dict[tuple[int, int], int] = {}
    ranks_by_person: dict[int, dict[int, int]] = {}
    for registration_id, session_id, rank in WorkshopPreference.objects.filter(
        registration__edition=edition
    ).values_list("registration_id", "session_id", "rank"):
        ranks[(registration_id, session_id)] = rank
        ranks_by_person.setdefault(registration_id, {})[session_id] = rank
    assigned: dict[int, list[int]] = {}  # session → registrations
    slots_of_person: dict[int, set[int]] = {}
    sessions_of_person: dict[int, set[int]] = {}
    for registration_id, session_id, slot_id in WorkshopAssignment.objects.filter(
        session__edition=edition
    ).values_list("registration_id", "session_id", "slot_id"):
        assigned.setdefault(session_id, []).append(registration_id)
        slots_of_person.setdefault(registration_id, set()).add(slot_id)
        sessions_of_person.setdefault(registration_id, set()).add(session_id)

    def participant(registration, session) -> Participant:
        return Participant(registration=registration, rank=ranks.get((registration.pk, session.pk)))

    wanted_first = Counter(
        session_id for (pk, session_id), rank in ranks.items() if rank == 1 and pk in people
    )
    rows = []
    for session in workshops:
        inside = [people[pk] for pk in assigned.get(session.pk, []) if pk in people]
        inside.sort(key=lambda r: (r.full_name.lower(), r.pk))
        free = [
            registration
            for registration in confirmed
            if session.slot_id not in slots_of_person.get(registration.pk, set())
        ]
        candidates = [participant(registration, session) for registration in free]
        candidates.sort(key=lambda p: (p.rank is None, p.rank or 0, p.registration.full_name))
        rows.append(
            WorkshopRow(
                session=session,
                places=workshop_places(session),
                participants=[participant(registration, session) for registration in inside],
                candidates=candidates,
                wanted_first=wanted_first[session.pk],
            )
        )

    satisfaction = Satisfaction()
    for registration in confirmed:
        own = ranks_by_person.get(registration.pk)
        if not own:
            satisfaction.without_preferences += 1
            continue
        given = [own[s] for s in sessions_of_person.get(registration.pk, ()) if s in own]
        if not sessions_of_person.get(registration.pk):
            satisfaction.unassigned += 1
        elif not given:
            satisfaction.unranked += 1
        else:
            best = min(given)
            if best == 1:
                satisfaction.first += 1
            elif best == 2:
                satisfaction.second += 1
            elif best == 3:
                satisfaction.third += 1
            else:
                satisfaction.lower += 1
    return AssignmentBoard(
        edition=edition, workshops=rows, satisfaction=satisfaction, confirmed=len(confirmed)
    )
