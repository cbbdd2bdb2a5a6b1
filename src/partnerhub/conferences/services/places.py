"""The places of a form just written: settled under the edition's lock, in SQL.

A form's people are inserted with the status they get while places are left
(`registration._write_form`). Then the edition's row is locked and these
statements give each of them their status, by the rule of
`registration._statuses_for`: in a moderated edition everybody waits for an
organiser (pending); else, in the order of the form, confirmed while places are
left (always, without a limit), then the waiting list. Whoever's status changes
gets it written, and so do their entries in the audit trail.

Why SQL and not Python: when an edition sells out, every request queues for its
lock, and while one holds it the others wait (docs/performance.md, "Sell-out
race, fourth pass"). On PostgreSQL the lock, these statements and, where the
form is the whole transaction, the COMMIT travel to the database as one message:
the lock is then held only inside PostgreSQL, never while the web process waits
for a core to read an answer and send the next statement. Each statement of the
message reads with its own snapshot (READ COMMITTED), taken once the lock is
granted, so the count sees every place the previous holder gave.

SQLite runs the same statements one by one; its transactions are IMMEDIATE,
which already serialises writers, so it needs no lock.

The page cache (`core.page_cache`) reads a message by its first word and takes
this one, which starts with the lock's SELECT, for a read; the form's INSERTs
before it have already changed the content version and asked for another
change after the commit, so its pages still show the new places.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from partnerhub.core.models import AuditEvent

from ..models import Edition, Registration, RegistrationGroup, RegistrationStatus

S = RegistrationStatus

_REGISTRATION = Registration._meta.db_table
_EDITION = Edition._meta.db_table
_AUDIT = AuditEvent._meta.db_table

_LOCK = f"SELECT 1 FROM {_EDITION} WHERE id = %(edition)s FOR NO KEY UPDATE"

# The status each person of the form should have. The count runs only where places
# decide something (a CASE evaluates its branches lazily).
_WANTED = f"""
    SELECT r.id, CASE
        WHEN e.is_moderated THEN %(pending)s
        WHEN e.capacity IS NULL THEN %(confirmed)s
        WHEN ROW_NUMBER() OVER (ORDER BY r.id) <= e.capacity - (
            SELECT COUNT(*) FROM {_REGISTRATION} taken
            WHERE taken.edition_id = e.id AND taken.status = %(confirmed)s
            AND taken.group_id <> %(group)s
        ) THEN %(confirmed)s
        ELSE %(waitlisted)s
    END AS status
    FROM {_REGISTRATION} r, {_EDITION} e
    WHERE r.group_id = %(group)s AND e.id = %(edition)s
"""

# The people whose status differs from the one they were inserted with, and their status.
_MOVE = (
    f"UPDATE {_REGISTRATION} SET status = wanted.status FROM ({_WANTED}) AS wanted"
    f" WHERE {_REGISTRATION}.id = wanted.id AND {_REGISTRATION}.status <> wanted.status"
    f" RETURNING {_REGISTRATION}.id, {_REGISTRATION}.status"
)
# Their audit entries, written with the status the rows were inserted with. Those entries
# were written just before in this transaction: their ids bound the search to a few rows of
# the primary key (entries of other transactions in between are not the form's people's).
_NOTE = (
    f"UPDATE {_AUDIT} SET to_state = r.status FROM {_REGISTRATION} r"
    f" WHERE {_AUDIT}.id BETWEEN %(first_audit)s AND %(last_audit)s"
    f" AND r.group_id = %(group)s AND {_AUDIT}.content_type_id = %(registration_type)s"
    f" AND {_AUDIT}.object_id = CAST(r.id AS VARCHAR(64))"
    f" AND {_AUDIT}.action = %(action)s AND {_AUDIT}.to_state <> r.status"
)


def settle_form_places(
    group: RegistrationGroup, audit_entries: list[AuditEvent], *, end_transaction: bool
) -> dict[int, str]:
    """Lock the form's edition and settle its people's places.

    Returns {registration id: status} of those whose status changed (usually
    nobody). Call inside the transaction that inserted the form and its
    `audit_entries` (one per person, of one action). `end_transaction`:
    nothing follows in the transaction (the caller's atomic block is the outermost
    one), so on PostgreSQL the COMMIT goes with the lock; Django's own commit at
    the end of the block then finds no transaction left and sends nothing
    (psycopg).
    """
    params = {
        "edition": group.edition_id,
        "group": group.pk,
        "registration_type": ContentType.objects.get_for_model(Registration).pk,
        "first_audit": min(entry.pk for entry in audit_entries),
        "last_audit": max(entry.pk for entry in audit_entries),
        "action": audit_entries[0].action,  # the action is named once, where it is written
        "pending": S.PENDING,
        "confirmed": S.CONFIRMED,
        "waitlisted": S.WAITLISTED,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            message = [_LOCK, _MOVE, _NOTE, *(["COMMIT"] if end_transaction else [])]
            cursor.execute("; ".join(message), params)
            cursor.nextset()  # from the lock's answer to the moved people
            return dict(cursor.fetchall())
        cursor.execute(_MOVE, params)
        moved = dict(cursor.fetchall())
        if moved:
            cursor.execute(_NOTE, params)
        return moved
