"""The programme: rules of rooms, slots and sessions, workshop preferences, manual assignment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partnerhub.conferences import queries, services
from partnerhub.conferences.dates import DatePrecision
from partnerhub.conferences.models import (
    EditionPart,
    RegistrationStatus,
    SessionKind,
    WorkshopAssignment,
)
from partnerhub.core.models import AuditEvent
from partnerhub.reference.models import SdgGoal
from tests.factories import EditionFactory, PersonFactory

from .test_programme_support import (
    at,
    edition,
    german_registration,
    organiser,
    plenary,
    room,
    slot,
    workshop,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lea():
    return organiser()


@pytest.fixture
def ed():
    return edition()


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Rooms, time slots, speakers ------------------------------------------------------


def test_only_organisers_maintain_the_programme(ed):
    participant = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.room_create(edition=ed, by=participant, name="Room A")
    with pytest.raises(PermissionDenied):
        services.time_slot_create(edition=ed, by=None, starts_at=at(0, 9), ends_at=at(0, 10))


def test_a_room_name_is_unique_per_edition(ed, lea):
    room(ed, lea, "Hall 1")
    with pytest.raises(ValidationError) as error:
        room(ed, lea, "Hall 1")
    assert "already has a room with this name" in messages_of(error.value)
    room(edition(), lea, "Hall 1")  # another edition may


def test_a_time_slot_ends_after_it_starts(ed, lea):
    with pytest.raises(ValidationError) as error:
        services.time_slot_create(edition=ed, by=lea, starts_at=at(0, 11), ends_at=at(0, 10))
    assert error.value.message_dict["ends_at"] == ["A time slot must end after it starts."]


def test_a_time_slot_lies_within_the_edition_dates(ed, lea):
    slot(ed, lea, day=2, start=(16, 0), end=(17, 30))  # the last day
    with pytest.raises(ValidationError) as error:
        slot(ed, lea, day=3)
    message = messages_of(error.value)
    assert "must lie within the edition's dates" in message
    assert str(ed.parts.get().start.year) in message
    with pytest.raises(ValidationError):
        slot(ed, lea, day=-1)


def test_slots_are_not_checked_against_dates_known_only_to_the_month(lea):
    planned = EditionFactory(start=datetime.date(2031, 10, 1))
    EditionPart.objects.filter(edition=planned).update(
        precision=DatePrecision.MONTH, end=None, start=datetime.date(2031, 10, 1)
    )
    start = datetime.datetime(2031, 11, 5, 9, tzinfo=datetime.UTC)
    services.time_slot_create(
        edition=planned, by=lea, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )


def test_a_time_slot_with_sessions_cannot_be_deleted(ed, lea):
    morning = slot(ed, lea)
    plenary(ed, lea, morning)
    with pytest.raises(ValidationError) as error:
        services.time_slot_delete(slot=morning, by=lea)
    assert "move or delete them first" in messages_of(error.value)


def test_seats_of_a_room_never_drop_below_its_workshops_places(ed, lea):
    hall = room(ed, lea, "Hall", capacity=40)
    workshop(ed, lea, slot(ed, lea), capacity=30, the_room=hall)
    with pytest.raises(ValidationError) as error:
        services.room_change(room=hall, by=lea, capacity=20)
    assert "has 30 places" in messages_of(error.value)
    services.room_change(room=hall, by=lea, capacity=30)


def test_speakers_create_change_delete(ed, lea):
    speaker = services.speaker_create(
        edition=ed, by=lea, full_name="Test Person Speaker", affiliation="Sample Town"
    )
    services.speaker_change(speaker=speaker, by=lea, affiliation="Sample City")
    speaker.refresh_from_db()
    assert speaker.affiliation == "Sample City"
    with pytest.raises(ValidationError):
        services.speaker_create(edition=ed, by=lea, full_name="  ")
    services.speaker_delete(speaker=speaker, by=lea)
    assert not ed.speakers.exists()


# --- Sessions ---------------------------------------------------------------------------


def test_session_with_everything(ed, lea):
    hall = room(ed, lea, "Hall", capacity=30)
    speaker = services.speaker_create(edition=ed, by=lea, full_name="Test Person Speaker")
    session = workshop(
        ed,
        lea,
        slot(ed, lea),
        title="Water and sanitation",
        capacity=25,
        the_room=hall,
        title_fr="Eau et assainissement",
        description_en="Utilities in partnership.",
        sdgs=SdgGoal.objects.filter(number__in=[6, 11]),
        speakers=[speaker],
    )
    assert list(session.sdgs.values_list("number", flat=True)) == [6, 11]
    assert list(session.speakers.all()) == [speaker]
    assert AuditEvent.objects.filter(action="programme.session_created").count() == 1
    with translation.override("fr"):
        assert session.title == "Eau et assainissement"
    with translation.override("de"):
        assert session.title == "Water and sanitation"  # fallback: English


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title_en": ""}, "title_de", "title in at least one language"),
        ({"capacity": 31}, "capacity", "The room has only 30 seats."),
        ({"kind": SessionKind.PLENARY, "capacity": 10}, "capacity", "Only workshops"),
    ],
)
def test_session_rules(ed, lea, change, field, message):
    hall = room(ed, lea, "Hall", capacity=30)
    values = {
        "edition": ed,
        "by": lea,
        "kind": SessionKind.WORKSHOP,
        "slot": slot(ed, lea),
        "room": hall,
        "title_en": "A workshop",
    }
    values.update(change)
    with pytest.raises(ValidationError) as error:
        services.session_create(**values)
    assert message in " ".join(error.value.message_dict[field])
    assert not ed.sessions.exists()


def test_slot_room_and_speakers_belong_to_the_edition(ed, lea):
    other = edition()
    foreign_slot, foreign_room = slot(other, lea), room(other, lea)
    foreign_speaker = services.speaker_create(edition=other, by=lea, full_name="Test Person")
    own_slot = slot(ed, lea)
    with pytest.raises(ValidationError) as error:
        workshop(ed, lea, foreign_slot)
    assert error.value.message_dict["slot"] == ["The time slot belongs to another edition."]
    with pytest.raises(ValidationError) as error:
        workshop(ed, lea, own_slot, the_room=foreign_room)
    assert error.value.message_dict["room"] == ["The room belongs to another edition."]
    with pytest.raises(ValidationError) as error:
        workshop(ed, lea, own_slot, speakers=[foreign_speaker])
    assert "another edition" in error.value.message_dict["speakers"][0]


def test_a_room_hosts_one_session_per_slot(ed, lea):
    hall, morning = room(ed, lea, "Hall"), slot(ed, lea)
    workshop(ed, lea, morning, the_room=hall)
    with pytest.raises(ValidationError) as error:
        workshop(ed, lea, morning, title="Second", the_room=hall)
    assert "Another session uses this room in this time slot." in messages_of(error.value)
    workshop(ed, lea, morning, title="Elsewhere", the_room=room(ed, lea, "Room B"))


def test_moving_a_workshop_moves_its_assignments(ed, lea):
    morning, afternoon = slot(ed, lea), slot(ed, lea, start=(14, 0), end=(15, 30))
    first = workshop(ed, lea, morning)
    person = german_registration(ed, lea)
    services.workshop_assign(registration=person, session=first, by=lea)
    services.session_change(
        session=first, by=lea, kind=SessionKind.WORKSHOP, slot=afternoon, title_en="Moved"
    )
    assert WorkshopAssignment.objects.get().slot == afternoon
    # Moving it into a slot where the person already has a workshop is refused.
    other = workshop(ed, lea, morning, title="Morning")
    services.workshop_assign(registration=person, session=other, by=lea)
    with pytest.raises(ValidationError) as error:
        services.session_change(
            session=first, by=lea, kind=SessionKind.WORKSHOP, slot=morning, title_en="Back"
        )
    assert "already have another workshop in that time slot" in messages_of(error.value)


def test_a_workshop_keeps_places_for_the_people_in_it(ed, lea):
    session = workshop(ed, lea, slot(ed, lea), capacity=5)
    for _ in range(3):
        services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)
    with pytest.raises(ValidationError) as error:
        services.session_change(
            session=session,
            by=lea,
            kind=SessionKind.WORKSHOP,
            slot=session.slot,
            capacity=2,
            title_en="x",
        )
    assert "3 people are assigned" in messages_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.session_delete(session=session, by=lea)
    assert "remove them first" in messages_of(error.value)


# --- Workshop preferences -------------------------------------------------------------


@pytest.fixture
def four_workshops(ed, lea):
    morning, afternoon = slot(ed, lea), slot(ed, lea, start=(14, 0), end=(15, 30))
    return [
        workshop(ed, lea, morning, title="Workshop 1"),
        workshop(ed, lea, morning, title="Workshop 2"),
        workshop(ed, lea, afternoon, title="Workshop 3"),
        workshop(ed, lea, afternoon, title="Workshop 4"),
    ]


def test_preferences_are_replaced_and_recorded(ed, lea, four_workshops):
    person = german_registration(ed, lea)
    w1, w2, w3, w4 = four_workshops
    services.workshop_preferences_set(
        registration=person, ranked_sessions=[w1, w2, w3], by=None, token=person.access_token
    )
    services.workshop_preferences_set(
        registration=person, ranked_sessions=[w4, w3, w2, w1], by=None, token=person.access_token
    )
    ranks = list(person.workshop_preferences.values_list("session__title_en", "rank"))
    assert ranks == [("Workshop 4", 1), ("Workshop 3", 2), ("Workshop 2", 3), ("Workshop 1", 4)]
    assert AuditEvent.objects.filter(action="workshop.preferences_set").count() == 2


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        (lambda w, other: [w[0], w[1]], "Rank at least your 3 favourite workshops."),
        (lambda w, other: [w[0], w[1], w[0]], "Rank each workshop only once."),
        (lambda w, other: [w[0], w[1], other], "Rank only workshops of this edition."),
    ],
)
def test_bad_rankings_are_refused(ed, lea, four_workshops, pick, message):
    person = german_registration(ed, lea)
    other_edition = edition()
    other = workshop(other_edition, lea, slot(other_edition, lea))
    with pytest.raises(ValidationError) as error:
        services.workshop_preferences_set(
            registration=person,
            ranked_sessions=pick(four_workshops, other),
            by=None,
            token=person.access_token,
        )
    assert message in messages_of(error.value)
    assert not person.workshop_preferences.exists()


def test_plenaries_cannot_be_ranked_and_two_workshops_need_two_ranks(ed, lea):
    morning = slot(ed, lea)
    opening = plenary(ed, lea, morning)
    w1 = workshop(ed, lea, morning, title="One", the_room=room(ed, lea, "A"))
    w2 = workshop(ed, lea, morning, title="Two", the_room=room(ed, lea, "B"))
    person = german_registration(ed, lea)
    with pytest.raises(ValidationError):
        services.workshop_preferences_set(
            registration=person, ranked_sessions=[w1, opening], by=None, token=person.access_token
        )
    services.workshop_preferences_set(
        registration=person, ranked_sessions=[w2, w1], by=None, token=person.access_token
    )


def test_who_may_rank(ed, lea, four_workshops):
    person = german_registration(ed, lea)
    with pytest.raises(PermissionDenied):
        services.workshop_preferences_set(
            registration=person, ranked_sessions=four_workshops, by=PersonFactory(), token=""
        )
    with pytest.raises(PermissionDenied):
        services.workshop_preferences_set(
            registration=person, ranked_sessions=four_workshops, by=None, token="wrong"
        )
    services.workshop_preferences_set(registration=person, ranked_sessions=four_workshops, by=lea)


def test_a_cancelled_registration_cannot_rank(ed, lea, four_workshops):
    person = german_registration(ed, lea)
    services.registration_cancel(registration=person, by=lea)
    with pytest.raises(ValidationError) as error:
        services.workshop_preferences_set(
            registration=person, ranked_sessions=four_workshops, by=lea
        )
    assert "Only an active registration" in messages_of(error.value)


# --- Assignment ---------------------------------------------------------------------------


def test_assign_and_unassign(ed, lea):
    session = workshop(ed, lea, slot(ed, lea), capacity=2)
    person = german_registration(ed, lea)
    assignment = services.workshop_assign(registration=person, session=session, by=lea)
    assert assignment.slot == session.slot and assignment.assigned_by == lea
    assert AuditEvent.objects.filter(action="workshop.assigned").count() == 1
    with pytest.raises(ValidationError) as error:
        services.workshop_assign(registration=person, session=session, by=lea)
    assert "already assigned to this workshop" in messages_of(error.value)
    services.workshop_unassign(registration=person, session=session, by=lea)
    assert not WorkshopAssignment.objects.exists()
    with pytest.raises(ValidationError):
        services.workshop_unassign(registration=person, session=session, by=lea)


def test_never_beyond_the_places_and_the_message_says_why(ed, lea):
    session = workshop(ed, lea, slot(ed, lea), title="Small", capacity=1)
    services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)
    with pytest.raises(ValidationError) as error:
        services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)
    assert "“Small” is full: 1 of 1 places are taken." in messages_of(error.value)


def test_a_workshop_without_own_limit_has_its_rooms_seats(ed, lea):
    session = workshop(ed, lea, slot(ed, lea), the_room=room(ed, lea, "Tiny", capacity=1))
    services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)
    with pytest.raises(ValidationError):
        services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)


def test_one_workshop_per_person_and_slot(ed, lea):
    morning = slot(ed, lea)
    first = workshop(ed, lea, morning, title="First")
    second = workshop(ed, lea, morning, title="Second")
    person = german_registration(ed, lea)
    services.workshop_assign(registration=person, session=first, by=lea)
    with pytest.raises(ValidationError) as error:
        services.workshop_assign(registration=person, session=second, by=lea)
    assert "already has a workshop in this time slot (First)" in messages_of(error.value)
    afternoon = workshop(ed, lea, slot(ed, lea, start=(14, 0), end=(15, 0)), title="Later")
    services.workshop_assign(registration=person, session=afternoon, by=lea)


def test_only_confirmed_people_of_the_edition_in_workshops(ed, lea):
    full = edition(capacity=1)
    german_registration(full, lea)
    waiting = german_registration(full, lea)
    assert waiting.status == RegistrationStatus.WAITLISTED
    session = workshop(full, lea, slot(full, lea))
    with pytest.raises(ValidationError) as error:
        services.workshop_assign(registration=waiting, session=session, by=lea)
    assert "Only confirmed participants" in messages_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)
    assert "registered for another edition" in messages_of(error.value)
    opening = plenary(full, lea, session.slot)
    confirmed = full.registrations.get(status=RegistrationStatus.CONFIRMED)
    with pytest.raises(ValidationError) as error:
        services.workshop_assign(registration=confirmed, session=opening, by=lea)
    assert "only to workshops" in messages_of(error.value)


def test_only_organisers_assign(ed, lea):
    session = workshop(ed, lea, slot(ed, lea))
    person = german_registration(ed, lea)
    with pytest.raises(PermissionDenied):
        services.workshop_assign(registration=person, session=session, by=PersonFactory())
    services.workshop_assign(registration=person, session=session, by=lea)
    with pytest.raises(PermissionDenied):
        services.workshop_unassign(registration=person, session=session, by=None)


def test_cancelling_a_registration_frees_its_workshop_place(ed, lea):
    session = workshop(ed, lea, slot(ed, lea), capacity=1)
    person = german_registration(ed, lea)
    services.workshop_assign(registration=person, session=session, by=lea)
    services.registration_cancel(registration=person, by=lea)
    services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)


# --- Reads --------------------------------------------------------------------------------


def test_programme_by_day_and_slot_with_parallel_sessions(ed, lea):
    morning = slot(ed, lea)
    next_day = slot(ed, lea, day=1)
    plenary(ed, lea, next_day, title="Closing")
    workshop(ed, lea, morning, title="B", the_room=room(ed, lea, "Room 2"))
    workshop(ed, lea, morning, title="A", the_room=room(ed, lea, "Room 1"))
    programme = queries.edition_programme(ed)
    assert [day.date for day in programme.days] == [
        at(0, 9).date(),
        at(1, 9).date(),
    ]
    first_slot = programme.days[0].slots[0]
    assert first_slot.is_parallel
    assert [s.title for s in first_slot.sessions] == ["A", "B"]  # by room
    assert not programme.days[1].slots[0].is_parallel
    assert programme.has_workshops
    assert queries.edition_programme(edition()) is None


def test_satisfaction_counts_the_best_choice_each_person_got(ed, lea, four_workshops):
    w1, w2, w3, w4 = four_workshops
    people = [german_registration(ed, lea) for _ in range(5)]
    for person in people[:4]:
        services.workshop_preferences_set(
            registration=person, ranked_sessions=[w1, w3, w2, w4], by=lea
        )
    services.workshop_assign(registration=people[0], session=w1, by=lea)  # first
    services.workshop_assign(registration=people[1], session=w3, by=lea)  # second
    services.workshop_assign(registration=people[2], session=w2, by=lea)  # third
    services.workshop_assign(registration=people[2], session=w4, by=lea)  # (fourth, not best)
    board = queries.workshop_assignment_board(ed)
    s = board.satisfaction
    assert (s.first, s.second, s.third, s.lower, s.unassigned) == (1, 1, 1, 0, 1)
    assert s.without_preferences == 1 and board.confirmed == 5
    row = next(row for row in board.workshops if row.session == w1)
    assert row.wanted_first == 4 and row.taken == 1
    # People with a workshop in that slot are no candidates; those who ranked it come first.
    candidates = [c.registration for c in row.candidates]
    assert people[0] not in candidates and people[2] not in candidates
    assert candidates[-1] == people[4]  # ranked nothing: last
