"""The objects the matrix's URLs point at, created on first use.

`World(roles)` wraps the `roles` of tests/permissions.py (municipality_own /
municipality_other and one person per role). Each property builds its object
once per test. Add what your app needs here, or in your own module with
`world.once("key", builder)`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any


class World:
    def __init__(self, roles):
        self.roles = roles
        self._made: dict[str, Any] = {}

    def once(self, key: str, build: Callable[[], Any]) -> Any:
        """The object stored under `key`, built by `build()` the first time."""
        if key not in self._made:
            self._made[key] = build()
        return self._made[key]

    def __getitem__(self, role: str):
        return self.roles[role]

    @property
    def own(self):
        return self.roles.municipality_own

    @property
    def other(self):
        return self.roles.municipality_other

    @cached_property
    def organiser(self):
        return self.roles["organiser"]

    @cached_property
    def partnership(self):
        from tests.factories import PartnershipFactory

        return PartnershipFactory(german_municipality=self.own)

    def api_token(self, person):
        from partnerhub.accounts.services import api_token_create

        return self.once(
            f"api_token:{person.pk}",
            lambda: api_token_create(person=person, by=person, name="Matrix token")[0],
        )

    # --- Conferences ------------------------------------------------------------------

    @cached_property
    def edition(self):
        from decimal import Decimal

        from tests.conferences.test_programme_support import edition

        return edition(travel_budget=Decimal("2000.00"))

    def edition_args(self, **more):
        return {"series": self.edition.series.slug, "number": self.edition.number, **more}

    @cached_property
    def registration(self):
        """A registration of municipality A, submitted by member_own."""
        from tests.conferences.helpers import person_values, submit

        group = submit(
            self.edition,
            self["member_own"],
            [
                person_values(
                    full_name="Test Person Delegate A",
                    email="delegate-a@example.org",
                    municipality=self.own,
                )
            ],
            german_municipality=self.own,
        )
        return group.registrations.get()

    @cached_property
    def partner_registration(self):
        from tests.conferences.test_programme_support import partner_registration

        return partner_registration(self.edition, self.organiser, full_name="Test Person Kwame")

    @cached_property
    def travel_grant(self):
        from tests.conferences.test_travel_grants import apply

        return apply(self.partner_registration)

    @cached_property
    def time_slot(self):
        from tests.conferences.test_programme_support import slot

        return slot(self.edition, self.organiser)

    @cached_property
    def workshop(self):
        from tests.conferences.test_programme_support import workshop

        return workshop(self.edition, self.organiser, self.time_slot)

    @cached_property
    def hosting_interest(self):
        from partnerhub.conferences.models import ConferenceSeries, HostingInterest

        series, _ = ConferenceSeries.objects.get_or_create(
            slug="asia", defaults={"region": "asia", "title_de": "Asien"}
        )
        return HostingInterest.objects.create(municipality=self.own, series=series, year=2030)

    # --- Calls ------------------------------------------------------------------------

    @cached_property
    def call(self):
        import datetime

        from partnerhub.calls import services
        from tests.calls.conftest import BERLIN, DEADLINE

        return services.call_create(
            by=self.organiser,
            slug="topic-call-2026",
            title_de="Connective Cities: Themenaufruf 2026",
            title_en="Connective Cities topic call 2026",
            deadline=DEADLINE,
            opens_at=datetime.datetime(2025, 12, 1, tzinfo=BERLIN),
            is_published=True,
        )

    @cached_property
    def proposal(self):
        """A submitted proposal of municipality A ("own")."""
        from tests.calls.test_pages_reviews import submitted_proposal

        return submitted_proposal(self.call, self.own, "Flood resilience")

    @cached_property
    def proposal_other(self):
        """A submitted proposal of municipality B ("other")."""
        from tests.calls.test_pages_reviews import submitted_proposal

        return submitted_proposal(self.call, self.other, "Heat plans")

    @cached_property
    def assignment(self):
        """reviewer_conflict reviews the other municipality's proposal (no conflict there)."""
        from partnerhub.calls import services

        return services.review_assign(
            proposal=self.proposal_other, reviewer=self["reviewer_conflict"], by=self.organiser
        )

    @cached_property
    def selected(self):
        from partnerhub.calls import services
        from partnerhub.calls.models import Decision

        return services.proposal_decide(
            proposal=self.proposal, decision=Decision.SELECTED, reason="Good.", by=self.organiser
        )

    @cached_property
    def learning_process(self):
        """Hosted by municipality A, from its selected proposal."""
        import datetime

        from partnerhub.calls import services

        return services.learning_process_create(
            proposal=self.selected,
            by=self.organiser,
            event_starts_on=datetime.date(2026, 6, 10),
            place="Sample Town A town hall",
        )
