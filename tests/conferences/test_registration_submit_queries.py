"""What submitting a registration form costs, and that the cheaper way keeps every rule.

`services.registration_submit` checks everything before it locks the edition,
holds the lock only for the allocation and the writes, leaves the constraints
across rows to the unique indexes (without savepoints: a refused row rolls the
whole form back), and asks who is an organiser without reading Django's model
permissions (docs/performance.md, "Registration request, second pass").
"""

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from partnerhub.conferences.models import (
    Edition,
    EditionStatus,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
)
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


def _after_the_inserts(statements: list[str]) -> list[str]:
    """The statements after the form's last insert (the audit entry of its last person),
    shortened to their verb and table; a message of several statements (PostgreSQL) is
    split into them."""
    statements = [part for sql in statements for part in sql.split("; ")]
    last_insert = max(
        index
        for index, sql in enumerate(statements)
        if sql.startswith('INSERT INTO "core_auditevent"')
    )
    return [" ".join(sql.split()[:3]) for sql in statements[last_insert + 1 :]]


def _settled_in_one_message(statements: list[str]) -> bool:
    """On PostgreSQL: whether the lock and the settling of places went as one message."""
    locks = [sql for sql in statements if "FOR NO KEY UPDATE" in sql]
    return len(locks) == 1 and locks[0].startswith("SELECT 1 FROM conferences_edition")


def test_after_the_inserts_one_statement_settles_the_places(german_member):
    """The form, its people and their audit entries are written before the edition is
    locked; then one statement settles the places: nobody moved, nothing else written."""
    person, town = german_member
    edition = EditionFactory(capacity=10)
    with CaptureQueriesContext(connection) as captured:
        group = submit(edition, person, [person_values(municipality=town, email="a@example.org")])
    after = _after_the_inserts(_statements(captured))
    # The test runs in a transaction, so the service's transaction ends with a RELEASE.
    assert after[-1].startswith("RELEASE SAVEPOINT")
    if connection.vendor == "postgresql":
        assert _settled_in_one_message(_statements(captured))
        assert after[:-1] == [
            "SELECT 1 FROM",
            "UPDATE conferences_registration SET",
            "UPDATE core_auditevent SET",
        ]
    else:
        assert after[:-1] == ["UPDATE conferences_registration SET"]
    assert group.registrations.get().status == S.CONFIRMED
    assert [r.status for r in group.new_registrations] == [S.CONFIRMED]


def test_who_finds_no_place_is_moved_to_the_waiting_list_and_the_audit_entry_says_so(
    german_member,
):
    """Inserted as confirmed, the second person finds the edition full when it is locked:
    moved to the waiting list, and the audit entry says so."""
    person, town = german_member
    edition = EditionFactory(capacity=1)
    submit(edition, person, [person_values(municipality=town, email="first@example.org")])
    with CaptureQueriesContext(connection) as captured:
        group = submit(edition, person, [person_values(municipality=town, email="b@example.org")])
    if connection.vendor == "sqlite":
        assert _after_the_inserts(_statements(captured))[:-1] == [
            "UPDATE conferences_registration SET",
            "UPDATE core_auditevent SET",
        ]
    registration = group.registrations.get()
    assert registration.status == S.WAITLISTED
    assert group.new_registrations[0].status == S.WAITLISTED
    audit = AuditEvent.objects.get(action="registration.created", object_id=str(registration.pk))
    assert audit.to_state == S.WAITLISTED
    first = edition.registrations.get(email="first@example.org")
    first_audit = AuditEvent.objects.get(action="registration.created", object_id=str(first.pk))
    assert first_audit.to_state == S.CONFIRMED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plan")
def test_the_audit_correction_reads_only_the_entries_it_names(german_member):
    """The audit trail grows faster than its statistics (many registrations since the last
    ANALYZE): correcting a form's entries must still read only those entries, by their
    ids, not every registration's entries through another index."""
    with connection.cursor() as cursor:  # statistics as of now, until the test's rollback
        cursor.execute("ALTER TABLE core_auditevent SET (autovacuum_enabled = false)")
    person, town = german_member
    edition = EditionFactory(capacity=1)
    submit(edition, person, [person_values(municipality=town, email="first@example.org")])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_auditevent")
    registrations = ContentType.objects.get_for_model(Registration)
    AuditEvent.objects.bulk_create(
        AuditEvent(action="registration.created", content_type=registrations, object_id=str(n))
        for n in range(1, 20_001)
    )
    with CaptureQueriesContext(connection) as captured:
        submit(edition, person, [person_values(municipality=town, email="b@example.org")])
    message = next(q for q in captured.captured_queries if "FOR NO KEY UPDATE" in q["sql"])
    correction = next(p for p in message["sql"].split("; ") if p.startswith("UPDATE core_audit"))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {correction}")
        plan = json.dumps(cursor.fetchone()[0])
    audit_indexes = set(re.findall(r'"Index Name": "(core_audit\w+)"', plan))
    assert audit_indexes == {"core_auditevent_pkey"}
    assert '"Actual Rows": 20000' not in plan


@pytest.mark.parametrize(
    ("capacity", "confirmed_before", "people"),
    [(None, 0, 3), (1, 0, 1), (3, 1, 3), (3, 3, 2), (2, 0, 4), (5, 0, 5), (0, 0, 1)],
)
def test_a_form_s_places_follow_the_one_rule(german_member, capacity, confirmed_before, people):
    """The statement that settles a form's places gives what `_statuses_for` gives: in the
    form's order, confirmed while places are left (all without a limit), then waiting."""
    from partnerhub.conferences.services.registration import _statuses_for

    person, town = german_member
    edition = EditionFactory(capacity=capacity)
    for index in range(confirmed_before):
        submit(edition, person, [person_values(municipality=town, email=f"b{index}@example.org")])
    left = None if capacity is None else capacity - confirmed_before
    group = submit(
        edition,
        person,
        [
            person_values(municipality=town, email=f"p{index}@example.org")
            for index in range(people)
        ],
    )
    expected = _statuses_for(people, left=left)
    assert [r.status for r in group.new_registrations] == expected
    stored = group.registrations.order_by("pk").values_list("status", flat=True)
    assert list(stored) == expected
    audited = AuditEvent.objects.filter(
        action="registration.created",
        object_id__in=[str(r.pk) for r in group.new_registrations],
    )
    assert sorted(audited.values_list("to_state", flat=True)) == sorted(expected)


def test_the_edition_as_locked_decides_not_as_read_before(german_member):
    """An organiser turned moderation on (or off) after the form read the edition: the
    locked row decides, and the people inserted with the other status get the right one."""
    person, town = german_member
    moderated_now = EditionFactory(capacity=5, is_moderated=False)
    read_before = Edition.objects.get(pk=moderated_now.pk)
    Edition.objects.filter(pk=moderated_now.pk).update(is_moderated=True)
    group = submit(read_before, person, [person_values(municipality=town, email="m@example.org")])
    assert group.registrations.get().status == S.PENDING

    open_now = EditionFactory(capacity=1, is_moderated=True)
    read_before = Edition.objects.get(pk=open_now.pk)
    Edition.objects.filter(pk=open_now.pk).update(is_moderated=False)
    people = [
        person_values(municipality=town, email="o1@example.org"),
        person_values(municipality=town, email="o2@example.org"),
    ]
    group = submit(read_before, person, people)
    assert [r.status for r in group.new_registrations] == [S.CONFIRMED, S.WAITLISTED]
    audited = AuditEvent.objects.filter(
        action="registration.created",
        object_id__in=[str(r.pk) for r in group.new_registrations],
    )
    assert dict(audited.values_list("object_id", "to_state")) == {
        str(r.pk): r.status for r in group.new_registrations
    }


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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the COMMIT goes with the lock on PostgreSQL only",
)
def test_a_form_that_is_the_whole_transaction_commits_with_the_lock(german_member, mailoutbox):
    """Nobody else's transaction around the form: the COMMIT is the last statement of the
    message that locks the edition; what follows a commit still happens (the confirmation
    e-mail), and the connection goes on working."""
    person, town = german_member
    edition = EditionFactory(capacity=1)
    with CaptureQueriesContext(connection) as captured:
        group = submit(edition, person, [person_values(municipality=town, email="a@example.org")])
    [message] = [sql for sql in _statements(captured) if "FOR NO KEY UPDATE" in sql]
    assert message.endswith("; COMMIT")
    assert not connection.in_atomic_block
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    second = submit(edition, person, [person_values(municipality=town, email="b@example.org")])
    assert group.registrations.get().status == S.CONFIRMED
    assert second.registrations.get().status == S.WAITLISTED


@pytest.mark.django_db(transaction=True)
def test_a_form_inside_the_caller_s_transaction_does_not_commit_it(german_member):
    """A caller's own transaction around the form decides: rolled back, nothing stays."""

    class Undo(Exception):
        pass

    person, town = german_member
    edition = EditionFactory(capacity=3)
    with (
        CaptureQueriesContext(connection) as captured,
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        submit(edition, person, [person_values(municipality=town, email="c@example.org")])
        raise Undo
    assert not [sql for sql in _statements(captured) if sql.endswith("COMMIT")]
    assert not edition.registrations.exists()
    assert not RegistrationGroup.objects.filter(edition=edition).exists()
