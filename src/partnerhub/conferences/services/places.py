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
before it have already asked for a new content version after the commit, so
its pages still show the new places.
"""

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
# Their audit entries, written with the status the rows were inserted with, just before in
# this transaction. They are named by their ids, so that the primary key finds exactly them:
# a condition on the audit trail's other indexes (content type, action) could lead the
# planner, with statistics older than the trail's growth, to read every registration's
# entries (68,501 rows and 1.4 ms under the lock in the sell-out bench, found with perf).
_NOTE = (
    f"UPDATE {_AUDIT} SET to_state = r.status FROM {_REGISTRATION} r"
    f" WHERE {_AUDIT}.id IN ({{audit_ids}}) AND r.group_id = %(group)s"
    f" AND {_AUDIT}.object_id = CAST(r.id AS VARCHAR(64)) AND {_AUDIT}.to_state <> r.status"
)


def settle_form_places(
    group: RegistrationGroup, audit_entries: list[AuditEvent], *, end_transaction: bool
) -> dict[int, str]:
    """Lock the form's edition and settle its people's places.

    Returns {registration id: status} of those whose status changed (usually
    nobody). Call inside the transaction that inserted the form and its
    `audit_entries` (one per person, found again by their ids). `end_transaction`:
    nothing follows in the transaction (the caller's atomic block is the outermost
    one), so on PostgreSQL the COMMIT goes with the lock; Django's own commit at
    the end of the block then finds no transaction left and sends nothing
    (psycopg).
    """
    audit_ids = {f"audit_{index}": entry.pk for index, entry in enumerate(audit_entries)}
    params = {
        "edition": group.edition_id,
        "group": group.pk,
        "pending": S.PENDING,
        "confirmed": S.CONFIRMED,
        "waitlisted": S.WAITLISTED,
        **audit_ids,
    }
    note = _NOTE.format(audit_ids=", ".join(f"%({name})s" for name in audit_ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            message = [_LOCK, _MOVE, note, *(["COMMIT"] if end_transaction else [])]
            # Several statements go as one only without parameters (the simple query
            # protocol; the server binds parameters of one statement at a time, settings.py),
            # so the values are bound here. The text names this form's rows, so it is never
            # the same twice and never becomes a prepared statement.
            cursor.execute(connection.ops.compose_sql("; ".join(message), params))
            cursor.nextset()  # from the lock's answer to the moved people
            return dict(cursor.fetchall())
        cursor.execute(_MOVE, params)
        moved = dict(cursor.fetchall())
        if moved:
            cursor.execute(note, params)
        return moved
