"""The travel grant budget on a real database server: decisions racing for the same money.

`services.travel_grant_decide` locks the edition's row before it adds up what is
committed, so concurrent decisions queue and the approved total never exceeds
the budget. Needs PostgreSQL (see test_registration_concurrency.py).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from partnerhub.conferences import queries, services

from .test_programme_support import edition, organiser, partner_registration
from .test_registration_concurrency import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database server (PostgreSQL in CI); SQLite's test database is in memory",
    ),
]

REQUEST = Decimal("400.00")
BUDGET = Decimal("1000.00")  # room for two full approvals, not three
RACERS = 8


def test_concurrent_decisions_never_exceed_the_budget():
    lea, ben = organiser(), organiser()
    ed = edition(travel_budget=BUDGET)
    applications = []
    for _ in range(RACERS):
        registration = partner_registration(ed, lea)
        applications.append(
            services.travel_grant_apply(
                registration=registration,
                lines=[{"category": "travel", "amount": REQUEST}],
                justification="Test justification",
                by=lea,
            )
        )

    def decide(application, by):
        line = application.lines.get()
        services.travel_grant_decide(application=application, approved={line.pk: REQUEST}, by=by)

    errors = race(decide, [(app, lea if i % 2 else ben) for i, app in enumerate(applications)])

    assert all(isinstance(error, ValidationError) for error in errors)
    budget = queries.travel_budget(ed)
    assert budget.committed == 2 * REQUEST
    assert budget.committed <= BUDGET
    assert budget.decided == 2 and len(errors) == RACERS - 2


def test_budget_cut_racing_with_decisions_keeps_the_invariant():
    lea = organiser()
    ed = edition(travel_budget=BUDGET)
    applications = [
        services.travel_grant_apply(
            registration=partner_registration(ed, lea),
            lines=[{"category": "travel", "amount": REQUEST}],
            justification="Test justification",
            by=lea,
        )
        for _ in range(3)
    ]

    def decide(application):
        line = application.lines.get()
        services.travel_grant_decide(application=application, approved={line.pk: REQUEST}, by=lea)

    def cut(_):
        services.edition_set_travel_budget(edition=ed, budget=REQUEST, by=lea)

    work = [(decide, app) for app in applications] + [(cut, None)]
    race(lambda job, argument: job(argument), work)

    ed.refresh_from_db()
    budget = queries.travel_budget(ed)
    assert budget.committed <= ed.travel_budget
