"""From an accepted interest in hosting to an edition (Lea: "picks one; creates the edition")."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerhub.conferences.models import (
    ConferenceSeries,
    Edition,
    EditionStatus,
    HostingInterest,
    InterestStatus,
)
from partnerhub.conferences.services import (
    edition_create,
    edition_create_from_interest,
    hosting_interest_decide,
)
from partnerhub.core.models import AuditEvent
from tests.factories import MunicipalityFactory
from tests.permissions import LOGIN, ROLES, assert_matrix

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def series(db):
    """Asia with two editions; the next free number is 3."""
    asia = ConferenceSeries.objects.create(slug="asia", region="asia", title_de="Asien")
    for number, year in ((1, 2014), (2, 2017)):
        edition_create(series=asia, number=number, parts=[{"start": datetime.date(year, 6, 1)}])
    return asia


def interest_of(municipality, series, *, year=NEXT_YEAR, status=InterestStatus.ACCEPTED):
    return HostingInterest.objects.create(
        municipality=municipality, series=series, year=year, status=status
    )


# --- The service ------------------------------------------------------------------------------


def test_an_accepted_interest_becomes_the_next_edition(roles, series):
    interest = interest_of(roles.municipality_own, series)
    edition = edition_create_from_interest(interest=interest, by=roles["organiser"])
    assert (edition.series, edition.number) == (series, 3)
    assert edition.host_municipality == roles.municipality_own
    assert edition.place == roles.municipality_own.name
    assert edition.status == EditionStatus.PLANNED
    assert edition.hosting_interest == interest
    (part,) = edition.ordered_parts
    assert (part.start, part.end, part.precision) == (datetime.date(NEXT_YEAR, 1, 1), None, "year")
    assert edition.year == NEXT_YEAR
    assert edition.dates_display == str(NEXT_YEAR)
    interest.refresh_from_db()
    assert interest.edition == edition
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"edition.created", "hosting_interest.edition_created"} <= actions
    event = AuditEvent.objects.get(action="hosting_interest.edition_created")
    assert (event.actor, event.subject) == (roles["organiser"], interest)


def test_lea_reviews_two_interests_picks_one_and_creates_the_edition(roles, series):
    first = interest_of(roles.municipality_own, series, status=InterestStatus.PENDING)
    second = interest_of(roles.municipality_other, series, status=InterestStatus.PENDING)
    lea = roles["organiser"]
    hosting_interest_decide(interest=first, accept=True, by=lea)
    hosting_interest_decide(interest=second, accept=False, by=lea, reason="One host per year.")
    edition = edition_create_from_interest(interest=first, by=lea)
    assert edition.host_municipality == roles.municipality_own
    second.refresh_from_db()
    with pytest.raises(ValidationError, match="Only an accepted interest"):
        edition_create_from_interest(interest=second, by=lea)


@pytest.mark.parametrize("status", [InterestStatus.PENDING, InterestStatus.DECLINED])
def test_only_an_accepted_interest_becomes_an_edition(roles, series, status):
    interest = interest_of(roles.municipality_own, series, status=status)
    with pytest.raises(ValidationError, match="Only an accepted interest"):
        edition_create_from_interest(interest=interest, by=roles["organiser"])
    assert Edition.objects.count() == 2


def test_an_interest_becomes_at_most_one_edition(roles, series):
    interest = interest_of(roles.municipality_own, series)
    edition_create_from_interest(interest=interest, by=roles["organiser"])
    with pytest.raises(ValidationError, match="already been created from this interest"):
        edition_create_from_interest(interest=interest, by=roles["organiser"])
    assert Edition.objects.filter(series=series).count() == 3


def test_a_series_gets_one_edition_per_year(roles, series):
    """Two accepted interests for the same year: the second one is refused."""
    first = interest_of(roles.municipality_own, series)
    second = interest_of(roles.municipality_other, series)
    edition_create_from_interest(interest=first, by=roles["organiser"])
    with pytest.raises(ValidationError, match=f"already has an edition in {NEXT_YEAR}"):
        edition_create_from_interest(interest=second, by=roles["organiser"])


def test_a_cancelled_edition_does_not_block_the_year(roles, series):
    edition_create(
        series=series,
        number=3,
        status=EditionStatus.CANCELLED,
        parts=[{"start": datetime.date(NEXT_YEAR, 3, 1)}],
    )
    edition = edition_create_from_interest(
        interest=interest_of(roles.municipality_own, series), by=roles["organiser"]
    )
    assert edition.number == 4


def test_past_years_and_inactive_series_are_refused(roles, series):
    past = interest_of(roles.municipality_own, series, year=NEXT_YEAR - 3)
    with pytest.raises(ValidationError, match="has passed"):
        edition_create_from_interest(interest=past, by=roles["organiser"])
    series.is_active = False
    series.save()
    with pytest.raises(ValidationError, match="no longer active"):
        edition_create_from_interest(
            interest=interest_of(roles.municipality_own, series), by=roles["organiser"]
        )


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "organiser")])
def test_only_organisers_create_editions(roles, series, role):
    interest = interest_of(roles.municipality_own, series)
    with pytest.raises(PermissionDenied):
        edition_create_from_interest(interest=interest, by=roles[role])
    assert not Edition.objects.filter(hosting_interest=interest).exists()


def test_the_first_edition_of_a_new_series_is_number_one(roles):
    series = ConferenceSeries.objects.create(slug="africa", region="africa", title_de="Afrika")
    edition = edition_create_from_interest(
        interest=interest_of(MunicipalityFactory(), series), by=roles["organiser"]
    )
    assert edition.number == 1


# --- The rotation planner ---------------------------------------------------------------------


def test_create_button_as_every_role(client, roles, series):
    interest = interest_of(roles.municipality_own, series)
    url = reverse("conferences:interest_create_edition", args=[interest.pk])
    edition_page = reverse("conferences:edition", args=["asia", 3])
    forbidden = dict.fromkeys(ROLES, 403)
    assert_matrix(
        client,
        url,
        {**forbidden, "anonymous": LOGIN, "organiser": 302},
        method="post",
        data={},
    )
    edition = Edition.objects.get(hosting_interest=interest)
    assert edition.number == 3
    # GET is not allowed for anybody.
    client.force_login(roles["organiser"])
    assert client.get(url).status_code == 405
    # The organiser was sent to the new edition's page.
    client.logout()
    response = client.get(edition_page)
    assert response.status_code == 200


def test_planner_offers_the_button_then_links_the_edition(client, roles, series):
    interest = interest_of(roles.municipality_own, series)
    pending = interest_of(roles.municipality_other, series, status=InterestStatus.PENDING)
    client.force_login(roles["organiser"])
    planner = reverse("conferences:rotation")
    html = client.get(planner, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    create = reverse("conferences:interest_create_edition", args=[interest.pk])
    assert create in html and "Create the edition" in html
    assert reverse("conferences:interest_create_edition", args=[pending.pk]) not in html
    response = client.post(create, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == reverse("conferences:edition", args=["asia", 3])
    html = client.get(planner, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert create not in html
    assert reverse("conferences:edition", args=["asia", 3]) in html
    assert "Edition created:" in html


def test_a_refusal_is_shown_on_the_planner(client, roles, series):
    interest = interest_of(roles.municipality_own, series)
    edition_create_from_interest(interest=interest, by=roles["organiser"])
    client.force_login(roles["organiser"])
    url = reverse("conferences:interest_create_edition", args=[interest.pk])
    response = client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.redirect_chain[-1][0].startswith(reverse("conferences:rotation"))
    assert "already been created from this interest" in response.content.decode()
    assert (
        client.post(reverse("conferences:interest_create_edition", args=[999999])).status_code
        == 404
    )


def test_planner_runs_a_fixed_number_of_queries(
    client, roles, series, django_assert_max_num_queries
):
    client.force_login(roles["organiser"])
    planner = reverse("conferences:rotation")
    interest_of(roles.municipality_own, series)
    client.get(planner)
    with django_assert_max_num_queries(30) as few:
        client.get(planner)
    for index in range(5):
        town = MunicipalityFactory()
        interest = interest_of(town, series, year=NEXT_YEAR + 1 + index)
        edition_create_from_interest(interest=interest, by=roles["organiser"])
    with django_assert_max_num_queries(len(few)):
        assert client.get(planner).status_code == 200
