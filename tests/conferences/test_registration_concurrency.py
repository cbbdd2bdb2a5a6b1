"""No overbooking, ever: registrations racing for the last places on a real database server.

Each thread has its own database connection and transaction, as web processes
have. On PostgreSQL the edition's row lock makes them queue; without it, two
threads read the same count of confirmed registrations and both confirm. The
SQLite test database lives in memory, shared between threads without the
locking of a real file, so these tests need a server: CI runs them on
PostgreSQL (`.ci/run`).
"""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from partnerhub.conferences.models import RegistrationGroup, RegistrationStatus
from tests.factories import EditionFactory, MembershipFactory, MunicipalityFactory, PersonFactory

from .helpers import person_values, submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database server (PostgreSQL in CI); SQLite's test database is in memory",
    ),
]

CAPACITY = 5
RACERS = 24


def race(target, arguments: list[tuple]) -> list[BaseException]:
    """Start one thread per argument tuple at the same moment; return their errors."""
    barrier = threading.Barrier(len(arguments))
    errors: list[BaseException] = []

    def run(*args):
        try:
            barrier.wait()
            target(*args)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.fixture
def member():
    town = MunicipalityFactory()
    person = PersonFactory()
    MembershipFactory(person=person, municipality=town)
    return person, town


def test_a_full_edition_confirms_exactly_its_places(member):
    person, town = member
    edition = EditionFactory(capacity=CAPACITY)

    def register(index):
        people = [person_values(municipality=town, email=f"racer{index}@example.org")]
        submit(edition, person, people)

    errors = race(register, [(index,) for index in range(RACERS)])

    assert errors == []
    statuses = list(edition.registrations.values_list("status", flat=True))
    assert len(statuses) == RACERS
    assert statuses.count(RegistrationStatus.CONFIRMED) == CAPACITY
    assert statuses.count(RegistrationStatus.WAITLISTED) == RACERS - CAPACITY


def test_a_form_submitted_many_times_at_once_registers_once(member):
    person, town = member
    edition = EditionFactory()
    key = uuid.uuid4().hex
    people = [person_values(municipality=town, email="impatient@example.org")]

    errors = race(lambda: submit(edition, person, people, key=key), [()] * 8)

    assert errors == []
    assert RegistrationGroup.objects.filter(edition=edition).count() == 1
    assert edition.registrations.count() == 1


def test_cancellations_racing_with_registrations_never_overbook(member):
    person, town = member
    edition = EditionFactory(capacity=CAPACITY)
    holders = [
        submit(edition, person, [person_values(municipality=town)]).registrations.get()
        for _ in range(CAPACITY)
    ]
    from partnerhub.conferences import services

    def cancel(registration):
        services.registration_cancel(registration=registration, by=person)

    def register(index):
        submit(
            edition, person, [person_values(municipality=town, email=f"late{index}@example.org")]
        )

    work = [(cancel, holder) for holder in holders[:3]] + [(register, i) for i in range(12)]
    errors = race(lambda job, arg: job(arg), work)

    assert errors == []
    confirmed = edition.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = edition.registrations.filter(status=RegistrationStatus.WAITLISTED).count()
    assert confirmed == CAPACITY
    assert waiting == 12 - 3


def test_the_same_person_racing_in_two_forms_is_registered_once(member):
    """Both forms pass every check before the lock; the unique index refuses the second
    insert, and that form is refused with the constraint's message, not a server error."""
    person, town = member
    edition = EditionFactory(capacity=CAPACITY)
    outcomes: list[str] = []

    def register(index):
        people = [
            person_values(municipality=town, email=f"first{index}@example.org"),
            person_values(municipality=town, email="Same.Person@example.org"),
        ]
        try:
            with translation.override("en"):
                submit(edition, person, people)
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append(str(error.message_dict))

    errors = race(register, [(index,) for index in range(6)])

    assert errors == []
    assert outcomes.count("registered") == 1
    refused = [outcome for outcome in outcomes if outcome != "registered"]
    assert refused and all(
        "people[1]" in outcome and "already registered" in outcome for outcome in refused
    ), refused
    emails = sorted(edition.registrations.values_list("email", flat=True))
    assert len(emails) == 2 and "same.person@example.org" in emails
    assert RegistrationGroup.objects.filter(edition=edition).count() == 1
