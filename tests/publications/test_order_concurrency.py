"""No overselling, ever: orders racing for the last printed copies on a real database server.

Each thread has its own connection and transaction, as web processes have. On
PostgreSQL the publication rows are locked (`SELECT … FOR UPDATE`) while an
order reads and decrements the stock; without the lock, two threads read the
same stock and both take copies. SQLite's in-memory test database is shared
between threads without the locking of a real file, so these tests need a
server (see tests/conferences/test_registration_concurrency.py).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from partnerhub.publications import services
from partnerhub.publications.models import PublicationOrder

from .helpers import make_publication, order

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database server (PostgreSQL in CI); SQLite's test database is in memory",
    ),
]

STOCK = 7
RACERS = 20


def race(target, arguments: list[tuple]) -> tuple[list, list[BaseException]]:
    """Start one thread per argument tuple at the same moment; return results and errors."""
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []

    def run(*args):
        try:
            barrier.wait()
            results.append(target(*args))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_the_last_copies_go_to_exactly_as_many_orders_as_there_are_copies():
    publication = make_publication(slug="scarce", printed_stock=STOCK, order_limit=1)

    results, errors = race(
        lambda i: order({publication.pk: 1}, email=f"r{i}@example.org"),
        [(i,) for i in range(RACERS)],
    )

    publication.refresh_from_db()
    assert publication.printed_stock == 0
    assert len(results) == STOCK
    assert len(errors) == RACERS - STOCK
    assert all(isinstance(error, ValidationError) for error in errors)
    assert PublicationOrder.objects.count() == STOCK


def test_orders_of_two_publications_in_any_order_neither_deadlock_nor_oversell():
    first = make_publication(slug="first", printed_stock=10, order_limit=2)
    second = make_publication(slug="second", printed_stock=10, order_limit=2)

    def place(index):
        items = [(first.pk, 1), (second.pk, 1)]
        return order(dict(items if index % 2 else reversed(items)), email=f"x{index}@example.org")

    results, errors = race(place, [(i,) for i in range(14)])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.printed_stock, second.printed_stock) == (0, 0)
    assert len(results) == 10
    assert all(isinstance(error, ValidationError) for error in errors)


def test_cancellations_racing_with_orders_never_oversell(roles):
    publication = make_publication(slug="busy", printed_stock=3, order_limit=1)
    holders = [order({publication.pk: 1}) for _ in range(3)]
    organiser = roles["organiser"]

    def job(kind, argument):
        if kind == "cancel":
            return services.order_cancel(order=argument, by=organiser)
        return order({publication.pk: 1}, email=f"late{argument}@example.org")

    work = [("cancel", holder) for holder in holders[:2]] + [("order", i) for i in range(8)]
    _results, errors = race(job, work)

    assert all(isinstance(error, ValidationError) for error in errors)
    publication.refresh_from_db()
    open_copies = sum(
        line.quantity
        for placed in PublicationOrder.objects.filter(status="open")
        for line in placed.lines.all()
    )
    assert publication.printed_stock >= 0
    assert open_copies + publication.printed_stock == 3


def test_a_form_sent_many_times_at_once_orders_once():
    publication = make_publication(slug="impatient", printed_stock=10, order_limit=2)

    results, errors = race(lambda: order({publication.pk: 2}, key="one-key"), [()] * 6)

    assert errors == []
    assert len({placed.pk for placed in results}) == 1
    publication.refresh_from_db()
    assert publication.printed_stock == 8
