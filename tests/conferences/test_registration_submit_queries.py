"""What submitting a registration form costs, and that the cheaper way keeps every rule.

`services.registration_submit` checks everything before it locks the edition,
holds the lock only for the allocation and the writes, leaves the constraints
across rows to the unique indexes (without savepoints: a refused row rolls the
whole form back), and asks who is an organiser without reading Django's model
permissions (docs/performance.md, "Registration request, second pass").
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.conferences.models import EditionStatus, RegistrationGroup, RegistrationStatus
from partnerhub.core.models import AuditEvent
from tests.factories import EditionFactory, PersonFactory

from .helpers import person_values, submit

S = RegistrationStatus
pytestmark = pytest.mark.django_db


def _statements(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


def test_a_participant_s_form_reads_no_model_permissions(german_member):
    """Organisers are a platform role: nobody's user or group permissions are read."""
    person, town = german_member
    edition = EditionFactory()
    with CaptureQueriesContext(connection) as captured:
        submit(edition, person, [person_values(municipality=town)], german_municipality=town)
    assert edition.registrations.count() == 1
    permission_reads = [sql for sql in _statements(captured) if "auth_permission" in sql]
    assert permission_reads == []


def _under_the_lock(statements: list[str]) -> list[str]:
    """The statements after the edition's row was locked, shortened to their verb and table.

    On PostgreSQL the lock and the count go to the database in one message (one round
    trip): it is split here into its two statements.
    """
    statements = [part for sql in statements for part in sql.split("; ")]
    lock = max(
        index
        for index, sql in enumerate(statements)
        if sql.startswith("SELECT") and 'FROM "conferences_edition"' in sql
    )
    if connection.vendor == "postgresql":
        assert statements[lock].endswith("FOR NO KEY UPDATE")
    return [sql.split("(")[0].split(" WHERE")[0].split(" SET")[0] for sql in statements[lock + 1 :]]


def test_under_the_lock_only_the_count_and_the_audit_entry(german_member):
    """The form and its people are inserted before the edition's row is locked; under the
    lock: the count of places, the audit entry; no savepoint, no check that could have
    run before."""
    person, town = german_member
    edition = EditionFactory(capacity=10)
    with CaptureQueriesContext(connection) as captured:
        group = submit(edition, person, [person_values(municipality=town, email="a@example.org")])
    locked = _under_the_lock(_statements(captured))
    # The test runs in a transaction, so the service's transaction ends with a RELEASE.
    assert locked[-1].startswith(("RELEASE SAVEPOINT", "COMMIT"))
    assert locked[:-1] == ["SELECT COUNT", 'INSERT INTO "core_auditevent" ']
    if connection.vendor == "postgresql":  # the lock and the count: one round trip
        lock_and_count = [sql for sql in _statements(captured) if "FOR NO KEY UPDATE" in sql]
        assert len(lock_and_count) == 1 and "; SELECT COUNT" in lock_and_count[0]
    assert group.registrations.get().status == S.CONFIRMED


def test_who_finds_no_place_is_moved_to_the_waiting_list_under_the_lock(german_member):
    """Inserted as confirmed, the person finds the edition full when it is locked: one
    UPDATE to the waiting list, and the audit entry says so."""
    person, town = german_member
    edition = EditionFactory(capacity=1)
    submit(edition, person, [person_values(municipality=town, email="first@example.org")])
    with CaptureQueriesContext(connection) as captured:
        group = submit(edition, person, [person_values(municipality=town, email="b@example.org")])
    locked = _under_the_lock(_statements(captured))
    assert locked[:-1] == [
        "SELECT COUNT",
        'UPDATE "conferences_registration"',
        'INSERT INTO "core_auditevent" ',
    ]
    registration = group.registrations.get()
    assert registration.status == S.WAITLISTED
    audit = AuditEvent.objects.get(action="registration.created", object_id=str(registration.pk))
    assert audit.to_state == S.WAITLISTED


def test_an_edition_without_a_limit_or_moderated_counts_no_places(german_member):
    """Places decide nothing there: under the lock only the audit entry (and the COMMIT)."""
    person, town = german_member
    for edition, expected in (
        (EditionFactory(capacity=None), S.CONFIRMED),
        (EditionFactory(capacity=5, is_moderated=True), S.PENDING),
    ):
        values = person_values(municipality=town, email=f"e{edition.pk}@example.org")
        with CaptureQueriesContext(connection) as captured:
            group = submit(edition, person, [values])
        assert _under_the_lock(_statements(captured))[:-1] == ['INSERT INTO "core_auditevent" ']
        assert group.registrations.get().status == expected


def test_a_moderated_edition_s_people_wait_for_approval_whatever_the_places(german_member):
    person, town = german_member
    edition = EditionFactory(capacity=1, is_moderated=True)
    people = [
        person_values(municipality=town, email="c@example.org"),
        person_values(municipality=town, email="d@example.org"),
    ]
    group = submit(edition, person, people)
    assert [r.status for r in group.new_registrations] == [S.PENDING, S.PENDING]
    assert set(group.registrations.values_list("status", flat=True)) == {S.PENDING}


def test_a_refused_person_leaves_nothing_of_the_form(german_member, mailoutbox):
    """The second person's e-mail address is registered already: the whole form is refused
    with the constraint's message keyed to that person, and nothing of it stays."""
    person, town = german_member
    edition = EditionFactory(capacity=10)
    submit(edition, person, [person_values(municipality=town, email="taken@example.org")])
    audit_entries = AuditEvent.objects.count()
    people = [
        person_values(municipality=town, email="new@example.org"),
        person_values(municipality=town, email="TAKEN@example.org"),
    ]
    with pytest.raises(ValidationError) as error:
        submit(edition, person, people)
    assert error.value.message_dict == {
        "people[1].__all__": ["This e-mail address is already registered."]
    }
    assert RegistrationGroup.objects.filter(edition=edition).count() == 1
    assert list(edition.registrations.values_list("email", flat=True)) == ["taken@example.org"]
    assert AuditEvent.objects.count() == audit_entries
    # Still usable afterwards: the refusal rolled back only the form.
    group = submit(edition, person, [person_values(municipality=town, email="new@example.org")])
    assert group.registrations.get().status == S.CONFIRMED


def test_a_registered_account_is_refused_by_the_person_constraint(german_member):
    person, town = german_member
    colleague = PersonFactory(email="colleague@example.org")
    edition = EditionFactory()
    submit(edition, person, [person_values(municipality=town, email="colleague@example.org")])
    # The account is registered; a second active registration of it is refused, whatever
    # the address says (here the same address in other letters).
    with pytest.raises(ValidationError) as error:
        submit(edition, person, [person_values(municipality=town, email="Colleague@Example.org")])
    messages = error.value.message_dict["people[0].__all__"]
    assert "This e-mail address is already registered." in messages
    assert edition.registrations.get().person == colleague


def test_another_account_is_linked_by_email_in_any_case(german_member):
    """Another person's account is found by e-mail address ignoring case; inactive ones not."""
    person, town = german_member
    colleague = PersonFactory(email="colleague@example.org")
    PersonFactory(email="gone@example.org", is_active=False)
    edition = EditionFactory()
    group = submit(
        edition,
        person,
        [
            person_values(municipality=town, email="Colleague@EXAMPLE.org"),
            person_values(municipality=town, email="gone@example.org"),
        ],
    )
    linked = {r.email: r.person_id for r in group.registrations.all()}
    assert linked == {"colleague@example.org": colleague.pk, "gone@example.org": None}


def test_the_new_registrations_come_back_with_the_group(german_member):
    """The caller gets the saved registrations without reading them again; a repeated form
    gets the first group, read from the database."""
    person, town = german_member
    edition = EditionFactory(capacity=1)
    people = [
        person_values(full_name="Test Person First", municipality=town),
        person_values(full_name="Test Person Second", municipality=town),
    ]
    group = submit(edition, person, people, key="form")
    assert [(r.full_name, r.status) for r in group.new_registrations] == [
        ("Test Person First", S.CONFIRMED),
        ("Test Person Second", S.WAITLISTED),
    ]
    assert [r.pk for r in group.new_registrations] == sorted(
        group.registrations.values_list("pk", flat=True)
    )
    again = submit(edition, person, people, key="form")
    assert again.pk == group.pk
    assert not hasattr(again, "new_registrations")


def test_a_superuser_runs_registration_like_an_organiser(german_member):
    """Without the organiser flag, a superuser still may register after registration closed
    (Django's superuser rule), and a participant may not."""
    person, town = german_member
    superuser = PersonFactory(is_superuser=True)
    edition = EditionFactory(status=EditionStatus.REGISTRATION_CLOSED)
    group = submit(edition, superuser, [person_values(municipality=town)])
    assert group.registrations.count() == 1
    with pytest.raises(ValidationError):
        submit(edition, person, [person_values(municipality=town)])


def test_a_caller_that_looked_for_the_earlier_form_saves_the_look_up(german_member):
    """`earlier_form_checked=True` (the API read it with the edition): no look-up of its own
    before the lock; a form of the same key is still found (its unique index refuses the
    second), and the default keeps looking first."""
    person, town = german_member
    edition = EditionFactory(capacity=5)
    people = [person_values(municipality=town, email="one@example.org")]

    def forms_read(statements):
        return [s for s in statements if s.startswith('SELECT "conferences_registrationgroup"')]

    with CaptureQueriesContext(connection) as captured:
        group = submit(edition, person, people, key="checked", earlier_form_checked=True)
    assert group.new_registrations
    assert forms_read(_statements(captured)) == []
    with CaptureQueriesContext(connection) as captured:
        again = submit(edition, person, people, key="checked", earlier_form_checked=True)
    assert again.pk == group.pk
    assert not hasattr(again, "new_registrations")
    assert edition.registrations.count() == 1
    assert RegistrationGroup.objects.filter(edition=edition).count() == 1
    with CaptureQueriesContext(connection) as captured:
        assert submit(edition, person, people, key="checked").pk == group.pk
    assert len(forms_read(_statements(captured))) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server (PostgreSQL in CI); SQLite's test database is in memory",
)
def test_the_same_key_racing_without_the_service_s_look_up_registers_once(german_member):
    """The API skips the service's look-up of the earlier form: the same form sent many times
    at once still makes one group, and every request gets that group back."""
    from .test_registration_concurrency import race

    person, town = german_member
    edition = EditionFactory()
    people = [person_values(municipality=town, email="impatient@example.org")]
    groups = []

    def send():
        groups.append(submit(edition, person, people, key="race", earlier_form_checked=True).pk)

    assert race(send, [()] * 8) == []
    assert RegistrationGroup.objects.filter(edition=edition).count() == 1
    assert edition.registrations.count() == 1
    assert set(groups) == {RegistrationGroup.objects.get(edition=edition).pk}
