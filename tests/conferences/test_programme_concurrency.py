"""Workshop places on a real database server: organisers racing for the last places.

Each thread has its own connection and transaction, as web processes have. The
workshop's row lock (`SELECT … FOR UPDATE` in `services.workshop_assign`) makes
them queue, so the count of people in the workshop cannot change between
reading and writing. SQLite's in-memory test database cannot show this (see
test_registration_concurrency.py), so these tests need PostgreSQL.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from partnerhub.conferences import services
from partnerhub.conferences.models import WorkshopAssignment

from .test_programme_support import edition, german_registration, organiser, slot, workshop
from .test_registration_concurrency import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database server (PostgreSQL in CI); SQLite's test database is in memory",
    ),
]

PLACES = 3
RACERS = 12


def test_two_organisers_filling_the_last_place_never_overfill():
    lea, ben = organiser(), organiser()
    ed = edition()
    session = workshop(ed, lea, slot(ed, lea), capacity=PLACES)
    for _ in range(PLACES - 1):
        services.workshop_assign(registration=german_registration(ed, lea), session=session, by=lea)
    first, second = german_registration(ed, lea), german_registration(ed, lea)

    def assign(registration, by):
        services.workshop_assign(registration=registration, session=session, by=by)

    errors = race(assign, [(first, lea), (second, ben)])

    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert WorkshopAssignment.objects.filter(session=session).count() == PLACES


def test_many_assignments_at_once_fill_exactly_the_places():
    lea = organiser()
    ed = edition()
    session = workshop(ed, lea, slot(ed, lea), capacity=PLACES)
    people = [german_registration(ed, lea) for _ in range(RACERS)]

    def assign(registration):
        services.workshop_assign(registration=registration, session=session, by=lea)

    errors = race(assign, [(person,) for person in people])

    assert len(errors) == RACERS - PLACES
    assert all(isinstance(error, ValidationError) for error in errors)
    assert WorkshopAssignment.objects.filter(session=session).count() == PLACES


def test_one_person_in_two_parallel_workshops_at_once_gets_one():
    lea = organiser()
    ed = edition()
    morning = slot(ed, lea)
    sessions = [workshop(ed, lea, morning, title=f"Parallel {i}") for i in range(4)]
    person = german_registration(ed, lea)

    def assign(session):
        services.workshop_assign(registration=person, session=session, by=lea)

    errors = race(assign, [(session,) for session in sessions])

    assert len(errors) == 3 and all(isinstance(error, ValidationError) for error in errors)
    assert WorkshopAssignment.objects.filter(registration=person).count() == 1
