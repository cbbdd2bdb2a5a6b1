"""The programme: rooms, time slots, speakers, sessions, workshop preferences and assignment.

Only organisers maintain the programme and assign people to workshops; a
participant ranks workshops through their account or their registration's
link (`token`). Every function checks who may call it, runs in one
transaction and records what it changed in the audit trail.

Rules kept here (beyond the models' own `clean()` and constraints):

* a time slot lies within the edition's dates when they are known to the day;
* a room hosts one session per slot, a workshop has at most as many places as
  its room has seats, and the seats of a room cannot drop below them;
* a workshop never gets more participants than it has places: assignments
  lock the workshop's row (`SELECT … FOR UPDATE`), so two organisers filling
  the last place queue behind each other and the second is refused;
* a person attends one workshop per time slot (the database constraint
  `workshop_assignment_one_per_slot`; its violation becomes a clear message);
* a session is held in one of `SESSION_LANGUAGE_CHOICES` or in no particular language
  (the model's choices, checked by `full_clean`). Assignment runs respect a workshop's
  language; an organiser's manual assignment does not (the organiser may know better).
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.services import actor_or_none, audit_record

from ..models import (
    AssignmentSource,
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

__all__ = [
    "MIN_RANKED_WORKSHOPS",
    "SESSION_TEXT_FIELDS",
    "room_change",
    "room_create",
    "room_delete",
    "session_change",
    "session_create",
    "session_delete",
    "speaker_change",
    "speaker_create",
    "speaker_delete",
    "time_slot_change",
    "time_slot_create",
    "time_slot_delete",
    "workshop_assign",
    "workshop_places",
    "workshop_preferences_set",
    "workshop_unassign",
]

# A participant ranks at least this many workshops (or all of them when there are fewer).
MIN_RANKED_WORKSHOPS = 3
LANGUAGES = ("de", "en", "fr", "es")
SESSION_TEXT_FIELDS = tuple(
    f"{field}_{code}" for field in ("title", "description") for code in LANGUAGES
)
ROOM_FIELDS = ("name", "capacity", "accessibility_note")
SPEAKER_FIELDS = ("full_name", "affiliation")


# --- Permission -----------------------------------------------------------------


def _require(by, perm: str, message: str, obj=None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied(message)


# --- Helpers ----------------------------------------------------------------------


def workshop_places(session: ProgrammeSession) -> int | None:
    """The places of a workshop: its own limit, else its room's seats; None for no limit."""
    if session.capacity:
        return session.capacity
    if session.room_id and session.room.capacity:
        return session.room.capacity
    return None


def _clean(obj) -> None:
    """`full_clean` including the constraints, so that their messages reach the form."""
    obj.full_clean()


def _save(obj, message: str) -> None:
    """Save; a constraint violated by a concurrent write becomes a `ValidationError`."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(message) from error


# --- Rooms ----------------------------------------------------------------------------


def _check_room_seats(room: Room) -> None:
    """Seats never below a workshop's places or the people already assigned in the room."""
    if not room.pk or not room.capacity:
        return
    for session in room.sessions.select_for_update().filter(kind=SessionKind.WORKSHOP):
        if session.capacity and session.capacity > room.capacity:
            raise ValidationError(
                {
                    "capacity": _(
                        "The workshop “%(title)s” in this room has %(places)s places; "
                        "give it fewer places first."
                    )
                    % {"title": session.title, "places": session.capacity}
                }
            )
        taken = session.assignments.count()
        if taken > room.capacity:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)s people are assigned to the workshop “%(title)s” in this room."
                    )
                    % {"taken": taken, "title": session.title}
                }
            )


@transaction.atomic
def room_create(
    *, edition: Edition, by, name: str, capacity: int | None = None, accessibility_note: str = ""
) -> Room:
    _require(by, "conferences.add_room", _("Only organisers maintain the programme."))
    room = Room(
        edition=edition,
        name=name.strip(),
        capacity=capacity,
        accessibility_note=accessibility_note.strip(),
    )
    _clean(room)
    _save(room, _("This edition already has a room with this name."))
    audit_record(subject=room, action="programme.room_created", actor=by, note=room.name)
    return room


@transaction.atomic
def room_change(*, room: Room, by, **values) -> Room:
    _require(by, "conferences.change_room", _("Only organisers maintain the programme."))
    unknown = set(values) - set(ROOM_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields for a room: {sorted(unknown)}")
    room = Room.objects.select_for_update().get(pk=room.pk)
    for field, value in values.items():
        setattr(room, field, value.strip() if isinstance(value, str) else value)
    _clean(room)
    _check_room_seats(room)
    _save(room, _("This edition already has a room with this name."))
    audit_record(subject=room, action="programme.room_changed", actor=by, note=room.name)
    return room


@transaction.atomic
def room_delete(*, room: Room, by) -> None:
    """Sessions in the room keep their slot and lose the room (the model's SET_NULL)."""
    _require(by, "conferences.delete_room", _("Only organisers maintain the programme."))
    audit_record(
        subject=room.edition,
        action="programme.room_deleted",
        actor=by,
        note=room.name,
    )
    room.delete()


# --- Time slots -------------------------------------------------------------------------


def _check_slot_in_edition(edition: Edition, starts_at, ends_at) -> None:
    """Within one part of the edition when every part is known to the day; else no check."""
    parts = list(edition.parts.order_by("start", "id"))
    if not parts or not all(part.is_dated_to_the_day for part in parts):
        return
    first_day = timezone.localtime(starts_at).date()
    last_day = timezone.localtime(ends_at).date()
    for part in parts:
        if part.start <= first_day and last_day <= (part.end or part.start):
            return
    dates = edition.dates_display
    raise ValidationError(
        {
            "starts_at": _("The time slot must lie within the edition's dates (%(dates)s).")
            % {"dates": dates}
        }
    )


def _check_slot(slot: TimeSlot) -> None:
    if slot.starts_at and slot.ends_at and slot.ends_at <= slot.starts_at:
        raise ValidationError({"ends_at": _("A time slot must end after it starts.")})
    _clean(slot)
    _check_slot_in_edition(slot.edition, slot.starts_at, slot.ends_at)


@transaction.atomic
def time_slot_create(*, edition: Edition, by, starts_at, ends_at) -> TimeSlot:
    _require(by, "conferences.add_timeslot", _("Only organisers maintain the programme."))
    slot = TimeSlot(edition=edition, starts_at=starts_at, ends_at=ends_at)
    _check_slot(slot)
    _save(slot, _("A time slot must end after it starts."))
    audit_record(subject=slot, action="programme.slot_created", actor=by, note=str(slot))
    return slot


@transaction.atomic
def time_slot_change(*, slot: TimeSlot, by, starts_at, ends_at) -> TimeSlot:
    _require(by, "conferences.change_timeslot", _("Only organisers maintain the programme."))
    slot = TimeSlot.objects.select_for_update().select_related("edition").get(pk=slot.pk)
    previous = str(slot)
    slot.starts_at, slot.ends_at = starts_at, ends_at
    _check_slot(slot)
    _save(slot, _("A time slot must end after it starts."))
    audit_record(
        subject=slot,
        action="programme.slot_changed",
        actor=by,
        from_state=previous,
        to_state=str(slot),
    )
    return slot


@transaction.atomic
def time_slot_delete(*, slot: TimeSlot, by) -> None:
    _require(by, "conferences.delete_timeslot", _("Only organisers maintain the programme."))
    count = slot.sessions.count()
    if count:
        raise ValidationError(
            _("Sessions take place in this time slot (%(count)s); move or delete them first.")
            % {"count": count}
        )
    audit_record(
        subject=slot.edition,
        action="programme.slot_deleted",
        actor=by,
        note=str(slot),
    )
    slot.delete()


# --- Speakers -------------------------------------------------------------------------------


@transaction.atomic
def speaker_create(*, edition: Edition, by, full_name: str, affiliation: str = "") -> Speaker:
    _require(by, "conferences.add_speaker", _("Only organisers maintain the programme."))
    speaker = Speaker(edition=edition, full_name=full_name.strip(), affiliation=affiliation.strip())
    _clean(speaker)
    speaker.save()
    audit_record(subject=speaker, action="programme.speaker_created", actor=by)
    return speaker


@transaction.atomic
def speaker_change(*, speaker: Speaker, by, **values) -> Speaker:
    _require(by, "conferences.change_speaker", _("Only organisers maintain the programme."))
    unknown = set(values) - set(SPEAKER_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields for a speaker: {sorted(unknown)}")
    for field, value in values.items():
        setattr(speaker, field, value.strip())
    _clean(speaker)
    speaker.save()
    audit_record(subject=speaker, action="programme.speaker_changed", actor=by)
    return speaker


@transaction.atomic
def speaker_delete(*, speaker: Speaker, by) -> None:
    _require(by, "conferences.delete_speaker", _("Only organisers maintain the programme."))
    audit_record(subject=speaker.edition, action="programme.speaker_deleted", actor=by)
    speaker.delete()


# --- Sessions -------------------------------------------------------------------------------


def _check_session(session: ProgrammeSession, speakers: Sequence[Speaker]) -> None:
    errors = {}
    if session.slot_id and session.slot.edition_id != session.edition_id:
        errors["slot"] = _("The time slot belongs to another edition.")
    if session.room_id and session.room.edition_id != session.edition_id:
        errors["room"] = _("The room belongs to another edition.")
    if session.capacity is not None and session.kind != SessionKind.WORKSHOP:
        errors["capacity"] = _("Only workshops have a limited number of places.")
    if any(speaker.edition_id != session.edition_id for speaker in speakers):
        errors["speakers"] = _("A speaker belongs to another edition.")
    if errors:
        raise ValidationError(errors)
    _clean(session)


def _check_assigned_fit(session: ProgrammeSession, previous_slot_id: int) -> None:
    """A changed workshop still holds the people assigned to it (call before saving)."""
    taken = session.assignments.count()
    if not taken:
        return
    if session.kind != SessionKind.WORKSHOP:
        raise ValidationError(
            {
                "kind": _(
                    "%(taken)s people are assigned to this workshop; remove them before "
                    "making it another kind of session."
                )
                % {"taken": taken}
            }
        )
    places = workshop_places(session)
    if places is not None and taken > places:
        raise ValidationError(
            {
                "capacity": _(
                    "%(taken)s people are assigned to this workshop; it cannot have fewer "
                    "places than that."
                )
                % {"taken": taken}
            }
        )
    if previous_slot_id != session.slot_id:
        clash = (
            WorkshopAssignment.objects.filter(slot_id=session.slot_id)
            .exclude(session=session)
            .filter(registration__workshop_assignments__session=session)
            .exists()
        )
        if clash:
            raise ValidationError({"slot": _slot_clash()})


def _slot_clash() -> str:
    return _(
        "Some people assigned to this workshop already have another workshop in that time slot."
    )


def _session_save(
    session: ProgrammeSession, *, sdgs, speakers, previous_slot_id: int | None
) -> None:
    speakers = list(speakers)
    _check_session(session, speakers)
    if previous_slot_id is not None:
        _check_assigned_fit(session, previous_slot_id)
    _save(session, _("Another session uses this room in this time slot."))
    if previous_slot_id is not None and previous_slot_id != session.slot_id:
        # The assignments keep a copy of their workshop's slot (for the one-per-slot rule).
        try:
            with transaction.atomic():
                session.assignments.update(slot_id=session.slot_id)
        except IntegrityError as error:
            raise ValidationError({"slot": _slot_clash()}) from error
    session.sdgs.set(list(sdgs))
    session.speakers.set(speakers)


@transaction.atomic
def session_create(
    *,
    edition: Edition,
    by,
    kind: str,
    slot: TimeSlot,
    room: Room | None = None,
    capacity: int | None = None,
    language: str = "",
    sdgs: Iterable = (),
    speakers: Iterable[Speaker] = (),
    **texts,
) -> ProgrammeSession:
    """A session with titles and descriptions per language (`title_de` … `description_es`).

    `language`: the language it is held in (a code of `SESSION_LANGUAGE_CHOICES`), or empty.
    """
    _require(by, "conferences.add_programmesession", _("Only organisers maintain the programme."))
    unknown = set(texts) - set(SESSION_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields for a session: {sorted(unknown)}")
    session = ProgrammeSession(
        edition=edition,
        kind=kind,
        slot=slot,
        room=room,
        capacity=capacity,
        language=language or "",
        **{field: value.strip() for field, value in texts.items()},
    )
    _session_save(session, sdgs=sdgs, speakers=speakers, previous_slot_id=None)
    audit_record(
        subject=session,
        action="programme.session_created",
        actor=by,
        note=session.title,
    )
    return session


@transaction.atomic
def session_change(
    *,
    session: ProgrammeSession,
    by,
    kind: str,
    slot: TimeSlot,
    room: Room | None = None,
    capacity: int | None = None,
    language: str = "",
    sdgs: Iterable = (),
    speakers: Iterable[Speaker] = (),
    **texts,
) -> ProgrammeSession:
    """Change a session; its row is locked so that no assignment slips in meanwhile."""
    _require(
        by, "conferences.change_programmesession", _("Only organisers maintain the programme.")
    )
    unknown = set(texts) - set(SESSION_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields for a session: {sorted(unknown)}")
    session = ProgrammeSession.objects.select_for_update().get(pk=session.pk)
    previous_slot_id = session.slot_id
    session.kind, session.slot, session.room, session.capacity = kind, slot, room, capacity
    session.language = language or ""
    for field, value in texts.items():
        setattr(session, field, value.strip())
    _session_save(session, sdgs=sdgs, speakers=speakers, previous_slot_id=previous_slot_id)
    audit_record(
        subject=session,
        action="programme.session_changed",
        actor=by,
        note=session.title,
    )
    return session


@transaction.atomic
def session_delete(*, session: ProgrammeSession, by) -> None:
    """Delete a session; a workshop with assigned people must be emptied first."""
    _require(
        by, "conferences.delete_programmesession", _("Only organisers maintain the programme.")
    )
    session = ProgrammeSession.objects.select_for_update().get(pk=session.pk)
    taken = session.assignments.count()
    if taken:
        raise ValidationError(
            _("%(taken)s people are assigned to this workshop; remove them first.")
            % {"taken": taken}
        )
    audit_record(
        subject=session.edition,
        action="programme.session_deleted",
        actor=by,
        note=session.title,
    )
    session.delete()


# --- Workshop preferences ------------------------------------------------------------------


def _may_rank(by, registration: Registration, token: str) -> bool:
    if token and token == registration.access_token:
        return True
    return by is not None and by.has_perm("conferences.rank_workshops", registration)


@transaction.atomic
def workshop_preferences_set(
    *,
    registration: Registration,
    ranked_sessions: Sequence[ProgrammeSession],
    by,
    token: str = "",
) -> list[WorkshopPreference]:
    """Replace the person's ranking: the first session is the one they most want (rank 1)."""
    if not _may_rank(by, registration, token):
        raise PermissionDenied(_("You may not rank workshops for this registration."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise ValidationError(
            _("Only an active registration can rank workshops (this one is %(status)s).")
            % {"status": registration.get_status_display()}
        )
    ranked = list(ranked_sessions)
    ids = [session.pk for session in ranked]
    if len(set(ids)) != len(ids):
        raise ValidationError({"ranks": _("Rank each workshop only once.")})
    workshops = {
        session.pk: session
        for session in ProgrammeSession.objects.filter(
            edition_id=registration.edition_id, kind=SessionKind.WORKSHOP
        )
    }
    if any(pk not in workshops for pk in ids):
        raise ValidationError({"ranks": _("Rank only workshops of this edition.")})
    needed = min(MIN_RANKED_WORKSHOPS, len(workshops))
    if len(ranked) < needed:
        raise ValidationError(
            {"ranks": _("Rank at least your %(count)s favourite workshops.") % {"count": needed}}
        )
    registration.workshop_preferences.all().delete()
    preferences = WorkshopPreference.objects.bulk_create(
        WorkshopPreference(registration=registration, session=workshops[pk], rank=rank)
        for rank, pk in enumerate(ids, start=1)
    )
    audit_record(
        subject=registration,
        action="workshop.preferences_set",
        actor=by,
        to_state=",".join(str(pk) for pk in ids),
    )
    return preferences


# --- Assignment by organisers -----------------------------------------------------------------


def _require_assigner(by) -> None:
    _require(by, "conferences.assign_workshops", _("Only organisers assign workshops."))


@transaction.atomic
def workshop_assign(
    *,
    registration: Registration,
    session: ProgrammeSession,
    by,
    source: str = AssignmentSource.MANUAL,
) -> WorkshopAssignment:
    """Give a confirmed participant a place in a workshop, never beyond its places.

    `source` says who decided it: an organiser (the default) or a published assignment run.
    """
    _require_assigner(by)
    # The lock: concurrent assignments to this workshop wait here, then count again.
    session = (
        ProgrammeSession.objects.select_for_update(of=("self",))
        .select_related("room", "slot")
        .get(pk=session.pk)
    )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if session.kind != SessionKind.WORKSHOP:
        raise ValidationError(_("People are assigned only to workshops."))
    if registration.edition_id != session.edition_id:
        raise ValidationError(_("The participant is registered for another edition."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("Only confirmed participants can be assigned (%(name)s is %(status)s).")
            % {"name": registration.full_name, "status": registration.get_status_display()}
        )
    if session.assignments.filter(registration=registration).exists():
        raise ValidationError(
            _("%(name)s is already assigned to this workshop.") % {"name": registration.full_name}
        )
    clash_message = _(
        "%(name)s already has a workshop in this time slot (%(workshop)s); remove that first."
    )
    clash = (
        WorkshopAssignment.objects.filter(registration=registration, slot=session.slot)
        .select_related("session")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            clash_message % {"name": registration.full_name, "workshop": clash.session.title}
        )
    places = workshop_places(session)
    taken = session.assignments.count()
    if places is not None and taken >= places:
        raise ValidationError(
            _("The workshop “%(title)s” is full: %(taken)s of %(places)s places are taken.")
            % {"title": session.title, "taken": taken, "places": places}
        )
    assignment = WorkshopAssignment(
        registration=registration,
        session=session,
        slot=session.slot,
        source=AssignmentSource(source),
        assigned_by=actor_or_none(by),
    )
    _save(
        assignment,
        clash_message % {"name": registration.full_name, "workshop": session.title},
    )
    audit_record(
        subject=registration,
        action="workshop.assigned",
        actor=by,
        to_state=str(session.pk),
        note=session.title,
    )
    return assignment


@transaction.atomic
def workshop_unassign(*, registration: Registration, session: ProgrammeSession, by) -> None:
    """Take a participant out of a workshop; the place is free again."""
    _require_assigner(by)
    session = ProgrammeSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
    deleted, _rows = WorkshopAssignment.objects.filter(
        registration=registration, session=session
    ).delete()
    if not deleted:
        raise ValidationError(
            _("%(name)s is not assigned to this workshop.") % {"name": registration.full_name}
        )
    audit_record(
        subject=registration,
        action="workshop.unassigned",
        actor=by,
        from_state=str(session.pk),
        note=session.title,
    )
