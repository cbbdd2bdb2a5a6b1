"""Property tests (Hypothesis) for domain rules that had only example tests.

* ODA eligibility over dates (`reference.queries`): the answer for any country
  on any date equals a plain reading of the DAC lists (the list in force that
  day, the country on it or not; unknown before the first list); one flow year
  has one answer; the batch function agrees with the single one.
* Proposal section limits (`calls.rules_of_call.section_problems`): a section is
  refused exactly when it is longer than its limit (or empty on submission),
  the whole exactly when the four sections together exceed the total.
* Places of an edition (`conferences.services.registration`), as a state
  machine: any sequence of registrations, cancellations and changes of the
  number of places never confirms more people than there are places, leaves
  nobody waiting while a place is free, and gives free places first come,
  first served.
"""

import datetime
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from partnerhub.accounts.consent import current_consent_text
from partnerhub.calls.models import SECTIONS, Call, Proposal
from partnerhub.calls.rules_of_call import section_problems
from partnerhub.conferences import services
from partnerhub.conferences.models import ParticipantType, Registration, RegistrationStatus
from partnerhub.reference.models import Country, DacList, DacListEntry
from partnerhub.reference.queries import oda_status, oda_statuses_for
from tests.factories import EditionFactory, MembershipFactory, MunicipalityFactory, PersonFactory

pytestmark = pytest.mark.django_db
S = RegistrationStatus
DB_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- ODA eligibility over dates ------------------------------------------------------------

dates = st.dates(min_value=datetime.date(2005, 1, 1), max_value=datetime.date(2035, 12, 31))


def expected_eligibility(iso2: str, on: datetime.date, lists, entries) -> bool | None:
    """The rule read plainly: the list in force on the day decides; before any list, unknown."""
    in_force = [
        dac_list
        for dac_list in lists
        if dac_list.effective_from <= on
        and (dac_list.effective_to is None or on <= dac_list.effective_to)
    ]
    if not in_force:
        return None
    return (in_force[0].list_id, iso2) in entries


@pytest.fixture
def dac():
    lists = list(DacList.objects.all())
    entries = set(DacListEntry.objects.values_list("dac_list_id", "country_id"))
    countries = sorted(Country.objects.values_list("iso2", flat=True))
    return lists, entries, countries


@DB_SETTINGS
@given(on=dates, pick=st.integers(min_value=0))
def test_oda_status_is_the_list_in_force_that_day(dac, on, pick):
    lists, entries, countries = dac
    iso2 = countries[pick % len(countries)]
    status = oda_status(iso2, on)
    assert status.eligible == expected_eligibility(iso2, on, lists, entries)
    assert status.list_known == (status.eligible is not None)


@DB_SETTINGS
@given(year=st.integers(min_value=2005, max_value=2035), pick=st.integers(min_value=0))
def test_one_flow_year_has_one_answer(dac, year, pick):
    """DAC lists apply to whole flow years: 1 January and 31 December agree."""
    _lists, _entries, countries = dac
    iso2 = countries[pick % len(countries)]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    assert oda_status(iso2, first).eligible == oda_status(iso2, last).eligible


@DB_SETTINGS
@given(on=dates, picks=st.lists(st.integers(min_value=0), min_size=1, max_size=12))
def test_batch_answers_equal_single_answers(dac, on, picks):
    _lists, _entries, countries = dac
    chosen = Country.objects.filter(iso2__in={countries[p % len(countries)] for p in picks})
    batch = oda_statuses_for(list(chosen), on)
    for country in chosen:
        assert batch[country.iso2].eligible == oda_status(country.iso2, on).eligible


# --- Proposal section limits --------------------------------------------------------------

limits = st.fixed_dictionaries(
    {section: st.integers(min_value=1, max_value=60) for section in SECTIONS}
)
texts = st.fixed_dictionaries({section: st.text(max_size=80) for section in SECTIONS})


@settings(max_examples=200, derandomize=True, database=None)
@given(
    limits=limits, texts=texts, total=st.integers(min_value=1, max_value=200), submit=st.booleans()
)
def test_section_limits_refuse_exactly_the_texts_too_long(limits, texts, total, submit):
    call = Call(section_limits=limits, total_limit=total)
    proposal = Proposal(**texts)
    problems = section_problems(call, proposal, require_all=submit)
    for section in SECTIONS:
        too_long = len(texts[section]) > limits[section]
        empty = not texts[section].strip()
        assert (section in problems) == (too_long or (submit and empty)), section
    assert ("__all__" in problems) == (sum(len(t) for t in texts.values()) > total)


# --- Places of an edition as a state machine -----------------------------------------------


class EditionPlaces(RuleBasedStateMachine):
    """Registrations, cancellations and changes of places on one edition, in any order."""

    registrations = Bundle("registrations")

    def __init__(self):
        super().__init__()
        self.organiser = PersonFactory(is_organiser=True)
        self.town = MunicipalityFactory()
        self.member = PersonFactory()
        MembershipFactory(person=self.member, municipality=self.town)
        self.capacity = 2
        self.edition = EditionFactory(capacity=self.capacity)
        self.consent = current_consent_text()
        self.keys = itertools.count()
        self.order: list[int] = []  # registration ids in the order they were made

    def _people(self, count):
        number = next(self.keys)
        return [
            {
                "participant_type": ParticipantType.GERMAN_MUNICIPALITY,
                "full_name": f"Test Person {number}-{index}",
                "email": f"state-{number}-{index}@example.org",
                "municipality": self.town,
            }
            for index in range(count)
        ]

    @rule(target=registrations, count=st.integers(min_value=1, max_value=3))
    def register(self, count):
        group = services.registration_submit(
            edition=self.edition,
            by=self.member,
            submission_key=f"state-{next(self.keys)}",
            people=self._people(count),
            consent_text=self.consent,
            german_municipality=self.town,
        )
        ids = list(group.registrations.order_by("id").values_list("id", flat=True))
        self.order += ids
        return ids[0]

    @rule(pk=registrations)
    def cancel(self, pk):
        registration = Registration.objects.get(pk=pk)
        if registration.is_active:
            services.registration_cancel(registration=registration, by=self.organiser)

    @rule(delta=st.integers(min_value=-2, max_value=3))
    def change_places(self, delta):
        confirmed = self._count(S.CONFIRMED)
        capacity = max(1, self.capacity + delta, confirmed)
        self.edition.refresh_from_db()
        services.edition_registration_configure(
            edition=self.edition,
            by=self.organiser,
            capacity=capacity,
            status=self.edition.status,
        )
        self.capacity = capacity

    @precondition(lambda self: self.order)
    @rule()
    def same_form_twice_counts_once(self):
        before = Registration.objects.filter(edition=self.edition).count()
        key = f"again-{next(self.keys)}"
        for _ in range(2):
            services.registration_submit(
                edition=self.edition,
                by=self.member,
                submission_key=key,
                people=self._people(1),
                consent_text=self.consent,
                german_municipality=self.town,
            )
        self.order += list(
            Registration.objects.filter(
                edition=self.edition, group__submission_key=key
            ).values_list("id", flat=True)
        )
        assert Registration.objects.filter(edition=self.edition).count() == before + 1

    def _count(self, status):
        return Registration.objects.filter(edition=self.edition, status=status).count()

    @invariant()
    def never_more_confirmed_than_places(self):
        assert self._count(S.CONFIRMED) <= self.capacity

    @invariant()
    def nobody_waits_while_a_place_is_free(self):
        if self._count(S.WAITLISTED):
            assert self._count(S.CONFIRMED) == self.capacity

    @invariant()
    def first_come_first_served(self):
        """Everybody waiting registered after everybody who got a place without a cancellation."""
        waiting = set(
            Registration.objects.filter(edition=self.edition, status=S.WAITLISTED).values_list(
                "id", flat=True
            )
        )
        confirmed = set(
            Registration.objects.filter(edition=self.edition, status=S.CONFIRMED).values_list(
                "id", flat=True
            )
        )
        if waiting and confirmed:
            position = {pk: index for index, pk in enumerate(self.order)}
            assert min(position[pk] for pk in waiting) > min(position[pk] for pk in confirmed)


def test_places_are_never_overbooked_in_any_sequence(db):
    run_state_machine_as_test(
        EditionPlaces,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
