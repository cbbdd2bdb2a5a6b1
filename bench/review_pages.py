"""Time the review pages at 2,000 proposals: the reviewer's list and the organisers' ranking.

Issue 7 asks for p95 < 150 ms. For each page (first page and a middle page, and
for the ranking also a decision filter) this prints the number of queries, the
size of the HTML and p50/p95/max of sequential requests through Django's test
client (in this process, no server), then where the ranking's time goes:
loading the data, computing the ranking in Python, rendering.

The data: a call `bench-review` with 2,000 submitted proposals and three
review assignments each, one of them `bench-reviewer@example.org`'s, with the
same mix as `bench/generate.py` (60 % submitted, 20 % drafts, 20 % not
started). A database that already holds that call (made by `bench/generate.py`
or an earlier run of this script) is reused; otherwise this script builds just
that part with `bulk_create` through the models, with the helpers of
`bench/generate.py` for invented names and text.

    .venv/bin/python bench/review_pages.py                 # SQLite file in the temp dir
    .venv/bin/python bench/review_pages.py --database postgres://postgres@127.0.0.1:5432/ph_bench_x
    DATABASE_URL=postgres://… .venv/bin/python bench/review_pages.py   # e.g. partnerhub_bench

"full GCs" counts Python's full garbage collections during the timed
requests of a page: each costs a pause that grows with all the objects of
the process, and shows as the p95; `--gc-freeze` measures as if the web
process froze its start-up objects (`gc.freeze()`).

`--requests 30` (default) per page; `--proposals` for another size (only when
building); `--src DIR` measures another source tree's src/ (e.g. the last
release, `git archive`d into DIR) in the same database.
"""

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")

import generate  # noqa: E402  (the invented names and words of the big generator)

DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "partnerhub_review_bench.sqlite3"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default="",
        help=f"database URL (default: DATABASE_URL, else sqlite:///{DEFAULT_SQLITE})",
    )
    parser.add_argument("--proposals", type=int, default=2_000, help="when building")
    parser.add_argument("--reviewers", type=int, default=20, help="besides the bench reviewer")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after start-up, as a web process could (see the report's notes)",
    )
    parser.add_argument(
        "--src",
        default="",
        help="measure another source tree (its src/ folder), e.g. an older version",
    )
    return parser.parse_args(argv)


def setup(args) -> None:
    if args.src:
        sys.path.insert(0, str(Path(args.src).resolve()))
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    elif not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    import django

    django.setup()
    from django.conf import settings

    # The test client's host; no `setup_test_environment`, whose instrumented template
    # rendering (a copy of the context for every template, for `response.context`)
    # would be timed too and is not there in production.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def build(args) -> None:
    """The review call with its proposals, assignments and scores (bulk_create, invented data)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from partnerhub.accounts.models import Membership, MembershipRole, Person
    from partnerhub.calls import defaults as call_defaults
    from partnerhub.calls.models import (
        SECTIONS,
        Call,
        Criterion,
        CriterionScore,
        Proposal,
        ProposalStatus,
        ProposedActor,
        ReviewAssignment,
    )
    from partnerhub.reference.models import Municipality, MunicipalityKind
    from partnerhub.reference.queries import oda_statuses_on

    rng = random.Random(args.seed)
    bulk = generate.bulk
    text = generate.text
    today = date.today()
    partner_countries = sorted(oda_statuses_on(today))
    started = time.perf_counter()
    with transaction.atomic():
        towns = bulk(
            Municipality,
            [
                Municipality(
                    name=generate.invented_german_name(rng, i),
                    slug=f"bench-review-de-{i:05d}",
                    kind=MunicipalityKind.CITY,
                    country_id="DE",
                    is_sample=True,
                )
                for i in range(400)
            ],
        )
        partners = bulk(
            Municipality,
            [
                Municipality(
                    name=generate.invented_partner_name(rng, i),
                    slug=f"bench-review-partner-{i:05d}",
                    kind=MunicipalityKind.CITY,
                    country_id=rng.choice(partner_countries),
                    is_sample=True,
                )
                for i in range(200)
            ],
        )
        password = make_password("bench-password-not-secret")
        people = bulk(
            Person,
            [
                Person(
                    email=f"bench-review-applicant-{i:04d}@example.org",
                    full_name=generate.invented_person(rng, i),
                    password=password,
                )
                for i in range(len(towns))
            ],
        )
        bulk(
            Membership,
            [
                Membership(
                    person_id=person.pk,
                    municipality_id=town.pk,
                    role=MembershipRole.MEMBER,
                    since=date(2015, 1, 1),
                )
                for person, town in zip(people, towns, strict=True)
            ],
        )
        organiser, bench_reviewer = (
            Person.objects.get_or_create(
                email=email,
                defaults={"full_name": name, flag: True, "password": password},
            )[0]
            for email, name, flag in (
                (generate.BENCH_ORGANISER, "Bench Organiser", "is_organiser"),
                (generate.BENCH_REVIEWER, "Bench Reviewer", "is_reviewer"),
            )
        )
        others = bulk(
            Person,
            [
                Person(
                    email=f"bench-review-reviewer-{i:02d}@example.org",
                    full_name=f"Bench Review Reviewer {i}",
                    is_reviewer=True,
                    password=password,
                )
                for i in range(args.reviewers)
            ],
        )
        deadline = datetime(today.year, 2, 17, 22, 59, 59, tzinfo=UTC)
        call = Call.objects.create(
            slug=generate.REVIEW_CALL,
            title_de="Benchmark-Aufruf bench-review",
            title_en="Benchmark call bench-review",
            text_en=text(rng, 80),
            eligible_kinds=call_defaults.GERMAN_MUNICIPAL_BODIES,
            theme_fields=call_defaults.ALL_THEME_FIELDS,
            section_limits=call_defaults.SECTION_LIMITS,
            total_limit=call_defaults.TOTAL_LIMIT,
            deadline=deadline,
            opens_at=deadline - timedelta(days=80),
            is_published=True,
            is_sample=True,
        )
        criteria = bulk(
            Criterion,
            [
                Criterion(
                    call=call,
                    number=number,
                    title_de=title_de,
                    title_en=title_en,
                    kind=kind,
                    auto_check=auto_check,
                )
                for number, (title_de, title_en, kind, auto_check) in enumerate(
                    call_defaults.CRITERIA_2026, start=1
                )
            ],
        )
        applicants = list(zip(people, towns, strict=True))
        proposals = []
        for i in range(args.proposals):
            person, town = rng.choice(applicants)
            proposals.append(
                Proposal(
                    call=call,
                    municipality_id=town.pk,
                    created_by_id=person.pk,
                    status=ProposalStatus.SUBMITTED,
                    submitted_at=deadline - timedelta(minutes=i + 1),
                    title=f"{text(rng, 4)[:-1]} {i}",
                    theme_field=rng.choice(call.theme_fields),
                    commits_to_follow_up=rng.random() < 0.8,
                    has_municipal_support=rng.random() < 0.9,
                    contact_role="Head of the international office",
                    **{section: text(rng, rng.randint(40, 120)) for section in SECTIONS},
                )
            )
        proposals = bulk(Proposal, proposals)
        bulk(
            ProposedActor,
            [
                ProposedActor(
                    proposal=proposal,
                    municipality_id=partner.pk,
                    country_id=partner.country_id,
                    contact_role="Mayor's office",
                )
                for proposal in proposals
                for partner in rng.sample(partners, 2)
            ],
        )
        now = datetime.now(UTC)
        assignments = []
        for proposal in proposals:
            for person in [bench_reviewer, *rng.sample(others, 2)]:
                roll = rng.random()
                assignments.append(
                    ReviewAssignment(
                        proposal=proposal,
                        reviewer=person,
                        assigned_by=organiser,
                        submitted_at=now if roll < 0.6 else None,
                        overall_comment=text(rng, 12) if roll < 0.8 else "",
                    )
                )
        assignments = bulk(ReviewAssignment, assignments)
        scores = bulk(
            CriterionScore,
            [
                CriterionScore(
                    assignment=assignment,
                    criterion=criterion,
                    score=rng.randint(0, 5) if criterion.is_scored else None,
                    passed=None if criterion.is_scored else rng.random() < 0.9,
                )
                for assignment in assignments
                if assignment.overall_comment  # the others are not started
                for criterion in criteria
            ],
        )
    print(
        f"built {generate.REVIEW_CALL}: {len(proposals):,} proposals, {len(assignments):,} "
        f"assignments, {len(scores):,} scores in {time.perf_counter() - started:.1f} s"
    )


def ensure_data(args):
    from django.core.management import call_command

    from partnerhub.accounts.models import Person
    from partnerhub.calls.models import Call, ProposalStatus
    from partnerhub.reference.loader import ensure_reference_data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    ensure_reference_data()
    print(f"migrate + reference data: {time.perf_counter() - started:.1f} s")
    if not Call.objects.filter(slug=generate.REVIEW_CALL).exists():
        build(args)
    call = Call.objects.get(slug=generate.REVIEW_CALL)
    organiser = Person.objects.get(email=generate.BENCH_ORGANISER)
    reviewer = Person.objects.get(email=generate.BENCH_REVIEWER)
    count = call.proposals.filter(status=ProposalStatus.SUBMITTED).count()
    mine = reviewer.review_assignments.filter(proposal__call=call).count()
    print(f"call {call.slug}: {count:,} submitted proposals; the bench reviewer has {mine:,}")
    return call, organiser, reviewer


def client_for(person):
    """A test client logged in as `person`, second factor done (as after the real log-in)."""
    from django.test import Client

    from partnerhub.accounts import two_factor

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(person)
    session = client.session
    session[two_factor.SESSION_KEY] = person.pk
    session.save()
    return client


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # also the warm-up
    queries = len(captured.captured_queries)  # now: the next request empties the log
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    times, cpu = [], []
    full_collections = gc.get_stats()[2]["collections"]
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return {
        "queries": queries,
        "kb": len(response.content) / 1000,
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))],
        "max": times[-1],
        "cpu": statistics.median(cpu),
        "gc": gc.get_stats()[2]["collections"] - full_collections,
    }


def middle_page(rows: int, per_page_name: str) -> int:
    """The middle one of the pages of a list of `rows` (per_page_name: the views' constant)."""
    from partnerhub.calls.views import reviews

    per_page = getattr(reviews, per_page_name, None)  # None: a version without pages
    pages = max(1, -(-rows // per_page)) if per_page else 1
    return (pages + 1) // 2


def profile_ranking(call, organiser, rounds: int = 9) -> None:
    """Where the ranking's CPU time goes: the order of all, the rows of a page, the rest.

    CPU time of this process (`time.process_time`), so that other work on the
    machine counts less; SQLite runs inside the process, so there it includes
    the database's work, PostgreSQL's runs in another process and is not counted.
    """
    from django.urls import reverse

    from partnerhub.calls import queries
    from partnerhub.calls import ranking as ranking_module
    from partnerhub.calls.views.reviews import RANKING_PER_PAGE

    clock = time.process_time
    original_place = ranking_module.place_by_means
    spent = {"place": 0.0}

    def timed_place(*args, **kwargs):
        start = clock()
        try:
            return original_place(*args, **kwargs)
        finally:
            spent["place"] += clock() - start

    figures = {"read": [], "place": [], "rows": [], "request": []}
    client = client_for(organiser)
    url = reverse("calls:ranking", args=[call.slug])
    ranking_module.place_by_means = timed_place
    try:
        client.get(url)  # warm
        for _ in range(rounds):
            spent["place"] = 0.0
            start = clock()
            page = queries.ranking_for(call)
            figures["read"].append((clock() - start - spent["place"]) * 1000)
            figures["place"].append(spent["place"] * 1000)
            start = clock()
            queries.ranking_rows(page, page.placed[:RANKING_PER_PAGE])
            figures["rows"].append((clock() - start) * 1000)
            start = clock()
            client.get(url)
            figures["request"].append((clock() - start) * 1000)
    finally:
        ranking_module.place_by_means = original_place
    read, place, rows, request = (statistics.median(v) for v in figures.values())
    print(
        f"\nranking page 1, CPU ms, median of {rounds}: whole request {request:.0f}; of it "
        f"ranking_for {read + place:.0f} (scores and means {read:.0f} + proposals and order "
        f"{place:.0f}), "
        f"ranking_rows for {RANKING_PER_PAGE} proposals {rows:.0f}, forms + rendering + the rest "
        f"≈ {request - read - place - rows:.0f}"
    )


def main(argv=None) -> None:
    args = parse_args(argv)
    setup(args)
    from django.conf import settings
    from django.urls import reverse

    from partnerhub.calls import queries
    from partnerhub.calls.models import ProposalStatus

    print(f"code: {Path(queries.__file__).parents[2]}")
    database = settings.DATABASES["default"]
    print(f"database: {database['NAME']} ({database['ENGINE'].rsplit('.', 1)[-1]})")
    call, organiser, reviewer = ensure_data(args)

    ranking = reverse("calls:ranking", args=[call.slug])
    mine = reverse("calls:my_reviews")
    reviewer_client, organiser_client = client_for(reviewer), client_for(organiser)
    assigned = reviewer.review_assignments.filter(proposal__call=call).count()
    middle_reviews = middle_page(assigned, "PER_PAGE")
    submitted = call.proposals.filter(status=ProposalStatus.SUBMITTED).count()
    middle_ranking = middle_page(submitted, "RANKING_PER_PAGE")
    targets = [
        ("reviewer's list, page 1", reviewer_client, mine),
        (
            f"reviewer's list, page {middle_reviews}",
            reviewer_client,
            f"{mine}?page={middle_reviews}",
        ),
        ("reviewer's list, open ones", reviewer_client, f"{mine}?show=open"),
        ("ranking, page 1", organiser_client, ranking),
        (f"ranking, page {middle_ranking}", organiser_client, f"{ranking}?page={middle_ranking}"),
        ("ranking, undecided", organiser_client, f"{ranking}?decision=undecided&page=2"),
    ]
    print(f"\n{args.requests} sequential requests per page (test client, after one warm-up)")
    if args.gc_freeze:
        for client, url in ((reviewer_client, mine), (organiser_client, ranking)):
            client.get(url)  # everything a first request loads
        gc.collect()
        gc.freeze()
        print("gc.freeze(): the objects of the start-up are left out of the collections")
    print(
        f"{'page':<32} {'queries':>7} {'HTML kB':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
        f" {'CPU p50':>8} {'full GCs':>8}"
    )
    for label, client, url in targets:
        figures = measure(client, url, args.requests)
        print(
            f"{label:<32} {figures['queries']:>7} {figures['kb']:>8.0f} {figures['p50']:>7.0f} "
            f"{figures['p95']:>7.0f} {figures['max']:>7.0f} {figures['cpu']:>8.0f}"
            f" {figures['gc']:>8}"
        )
    if hasattr(queries, "ranking_rows"):
        profile_ranking(call, organiser)


if __name__ == "__main__":
    main()
