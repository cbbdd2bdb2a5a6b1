"""Every public page, organiser list and API list runs as many queries at 1,000 rows as at 10.

Each case grows the rows its page shows from 10 to 1,000 (with `bulk_create`,
see builders.py) and compares the number of queries of the page at both sizes
(at 10 rows on the second request, once caches are warm). A page that asks
the database once per row fails with the queries listed. The API lists are
found in the OpenAPI document, so a list added later is checked too (with the
rows this module knows how to grow).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerhub.accounts.services import api_token_create
from partnerhub.api.urls import api
from partnerhub.calls import services as call_services
from tests.factories import (
    EditionFactory,
    MembershipFactory,
    MunicipalityFactory,
    PersonFactory,
    SeriesFactory,
)

from . import builders

pytestmark = pytest.mark.django_db
SMALL, LARGE = 10, 1000


class World:
    """The people and containers the rows are added to."""

    def __init__(self):
        self.series = SeriesFactory()
        self.edition = EditionFactory(series=self.series)
        self.organiser = PersonFactory(is_organiser=True)
        self.reviewers = [PersonFactory(is_reviewer=True) for _ in range(2)]
        self.town = MunicipalityFactory()
        self.applicant = PersonFactory()
        MembershipFactory(person=self.applicant, municipality=self.town)
        self.call = call_services.call_create(
            by=self.organiser,
            slug="sample-query-count-call",
            title_de="Beispielaufruf",
            title_en="Sample call",
            deadline=builders.timezone.now() + builders.datetime.timedelta(days=20),
            is_published=True,
        )
        _token, self.organiser_token = api_token_create(
            person=self.organiser, by=self.organiser, name="query counts"
        )

    # What each page lists, grown by `count` rows.
    def editions(self, count):
        builders.editions(self.series, count)

    def registrations(self, count):
        builders.registrations(self.edition, count, submitted_by=self.applicant)

    def calls(self, count):
        builders.calls(count)

    def proposals(self, count):
        builders.proposals(self.call, count, municipality=self.town, reviewers=self.reviewers[:1])

    def unscored_proposals(self, count):
        builders.proposals(
            self.call, count, municipality=self.town, reviewers=self.reviewers[:1], scored=False
        )

    def partnerships(self, count):
        builders.partnerships(count)

    def everything(self, count):
        for grow in (self.editions, self.registrations, self.calls, self.proposals):
            grow(count)
        self.partnerships(count)


@pytest.fixture
def world():
    return World()


def edition_url(world, name):
    return reverse(name, args=[world.series.slug, world.edition.number])


# (id, what grows, who is logged in, address)
PAGES = [
    ("conferences overview", "editions", None, lambda w: reverse("conferences:overview")),
    ("conferences archive", "editions", None, lambda w: reverse("conferences:archive")),
    ("edition page", "registrations", None, lambda w: edition_url(w, "conferences:edition")),
    (
        "edition page (participant)",
        "registrations",
        "applicant",
        lambda w: edition_url(w, "conferences:edition"),
    ),
    (
        "participant list (organiser)",
        "registrations",
        "organiser",
        lambda w: edition_url(w, "conferences:participants"),
    ),
    (
        "my registrations",
        "registrations",
        "applicant",
        lambda w: reverse("conferences:my_registrations"),
    ),
    ("calls list", "calls", None, lambda w: reverse("calls:list")),
    (
        "call page with the applicant's proposals",
        "proposals",
        "applicant",
        lambda w: reverse("calls:call", args=[w.call.slug]),
    ),
    ("my proposals", "proposals", "applicant", lambda w: reverse("calls:my_proposals")),
    (
        "proposals on the review board (organiser)",
        "proposals",
        "organiser",
        lambda w: reverse("calls:review_board", args=[w.call.slug]),
    ),
    ("reviewer's list", "proposals", "reviewer", lambda w: reverse("calls:my_reviews")),
    (
        "reviewer's list (not started)",
        "unscored_proposals",
        "reviewer",
        lambda w: reverse("calls:my_reviews"),
    ),
    (
        "reviewer's list, open ones, a later page",
        "unscored_proposals",
        "reviewer",
        lambda w: reverse("calls:my_reviews") + "?show=open&page=5",
    ),
    (
        "ranking (organiser)",
        "proposals",
        "organiser",
        lambda w: reverse("calls:ranking", args=[w.call.slug]),
    ),
    (
        "ranking (organiser), undecided ones, a later page",
        "proposals",
        "organiser",
        lambda w: reverse("calls:ranking", args=[w.call.slug]) + "?decision=undecided&page=5",
    ),
    ("partnerships list", "partnerships", None, lambda w: reverse("partnerships:list")),
]


def queries_of(client, url, *, warm=False, **headers) -> list[str]:
    """The SQL of a request to `url`; with `warm`, of the second one (the first fills caches)."""
    if warm:
        first = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)
        assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def assert_constant(small: list[str], large: list[str], what: str) -> None:
    if len(small) != len(large):
        extra = "\n".join(sql[:200] for sql in large if sql not in small)[:4000]
        pytest.fail(
            f"{what}: {len(small)} queries at {SMALL} rows, {len(large)} at {LARGE}.\n"
            f"Queries only at {LARGE} rows:\n{extra}"
        )


def login(client, world, who):
    if who == "reviewer":
        client.force_login(world.reviewers[0])
    elif who:
        client.force_login(getattr(world, who))


def _growths() -> list[str]:
    return sorted({case[1] for case in PAGES})


@pytest.mark.parametrize("grows", _growths())
def test_pages_run_the_same_queries_at_10_and_1000_rows(client, world, grows):
    """All pages that list what `grows`, measured at both sizes (the rows are made once)."""
    pages = [(name, who, address(world)) for name, kind, who, address in PAGES if kind == grows]
    getattr(world, grows)(SMALL)
    small = {}
    for name, who, url in pages:
        login(client, world, who)
        small[name] = queries_of(client, url, warm=True)
        client.logout()
    getattr(world, grows)(LARGE - SMALL)
    for name, who, url in pages:
        login(client, world, who)
        assert_constant(small[name], queries_of(client, url), f"{name} ({url})")
        client.logout()


def api_lists() -> list[str]:
    """Every GET endpoint of the API without a parameter in its path."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path and not path.endswith(("openapi.json", "docs"))
    )


def test_api_lists_run_the_same_queries_at_10_and_1000_rows(client, world):
    """Every API list, anonymous and with an organiser's token (who sees every registration)."""
    callers = {"anonymous": {}, "token": {"HTTP_AUTHORIZATION": f"Bearer {world.organiser_token}"}}
    world.everything(SMALL)
    small = {}
    for path in api_lists():
        for caller, headers in callers.items():
            if client.get(path, **headers).status_code == 401:
                continue  # this list needs a person
            small[path, caller] = queries_of(client, path, warm=True, **headers)
    assert len(small) >= len(api_lists())
    world.everything(LARGE - SMALL)
    for (path, caller), queries in small.items():
        assert_constant(queries, queries_of(client, path, **callers[caller]), f"{path} ({caller})")
