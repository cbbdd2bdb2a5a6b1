"""Fill a PostgreSQL database with a large, invented data set for the load benchmarks.

Default sizes (issue 7): 10,000 municipalities, 50,000 people, 200,000
conference registrations over many editions, 5,000 proposals, of which one call
("bench-review") has 2,000 submitted proposals with three review assignments
each (one of them the benchmark reviewer's) and scores. Everything is invented
(syllable names, `@example.org` addresses) and marked `is_sample` where the
model has the flag; the fixed accounts `bench-organiser@example.org` and
`bench-reviewer@example.org` are what `bench/load.py` logs in as.

Rows go in with `bulk_create` through the real models (so constraints and
defaults are the real ones); no service is called, because we want the data,
not the e-mails and audit records of 200,000 registrations.

Run (about a minute at full size on 2 cores):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerhub_bench \\
        .venv/bin/python bench/generate.py --recreate

Smaller sizes: `--scale 0.1` (every count times 0.1) or the single options
(`--municipalities`, `--people`, `--registrations`, `--proposals`,
`--review-proposals`). `--recreate` drops and creates the database first (it
must be PostgreSQL); without it the database must be empty of benchmark data.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")

SYLLABLES_DE = ["berg", "burg", "dorf", "feld", "hausen", "heim", "ingen", "stadt", "tal", "wald"]
PREFIX_DE = ["Alt", "Neu", "Ober", "Unter", "Nord", "Süd", "West", "Ost", "Hoch", "Klein"]
STEMS = ["ka", "lo", "mi", "ra", "te", "su", "no", "ba", "di", "ve", "zu", "pa", "ri", "go", "la"]
GIVEN = ["Alex", "Sam", "Robin", "Kim", "Jo", "Noa", "Toni", "Mika", "Lu", "Ari", "Eli", "Fin"]
FAMILY_STEMS = ["Berin", "Calo", "Dovar", "Estel", "Farun", "Galem", "Horva", "Ilmar", "Jaren"]
WORDS = [
    "water",
    "supply",
    "waste",
    "management",
    "climate",
    "adaptation",
    "mobility",
    "energy",
    "participation",
    "digital",
    "administration",
    "urban",
    "planning",
    "youth",
    "education",
    "health",
    "resilience",
    "finance",
    "partnership",
    "exchange",
    "learning",
    "cooperation",
    "municipal",
    "services",
    "green",
    "spaces",
]

BENCH_ORGANISER = "bench-organiser@example.org"
BENCH_REVIEWER = "bench-reviewer@example.org"
REVIEW_CALL = "bench-review"
OPEN_SERIES = "bench-africa"
BATCH = 5000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
    parser.add_argument("--municipalities", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--registrations", type=int, default=200_000)
    parser.add_argument("--proposals", type=int, default=5_000)
    parser.add_argument("--review-proposals", type=int, default=2_000)
    parser.add_argument("--partnerships", type=int, default=3_000)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--recreate", action="store_true", help="drop and create the (PostgreSQL) database first"
    )
    args = parser.parse_args(argv)
    for name in ("municipalities", "people", "registrations", "proposals", "partnerships"):
        setattr(args, name, max(int(getattr(args, name) * args.scale), 50))
    args.review_proposals = min(max(int(args.review_proposals * args.scale), 10), args.proposals)
    return args


def recreate_database() -> None:
    """DROP and CREATE the database named in DATABASE_URL (PostgreSQL only)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("--recreate needs DATABASE_URL=postgres://…")
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


class Report:
    def __init__(self):
        self.started = time.perf_counter()
        self.rows: list[tuple[str, int, float]] = []

    def step(self, label: str):
        report = self

        class _Step:
            def __enter__(self):
                self.start = time.perf_counter()
                self.count = 0
                return self

            def __exit__(self, *exc):
                if exc[0] is None:
                    elapsed = time.perf_counter() - self.start
                    report.rows.append((label, self.count, elapsed))
                    print(f"  {label:<44} {self.count:>9,} rows {elapsed:8.1f} s", flush=True)

        return _Step()

    def total(self) -> float:
        return time.perf_counter() - self.started


def invented_german_name(rng: random.Random, index: int) -> str:
    stem = rng.choice(STEMS).capitalize() + rng.choice(STEMS) + rng.choice(SYLLABLES_DE)
    if rng.random() < 0.3:
        return f"{rng.choice(PREFIX_DE)}{stem.lower()} {index}"
    return f"{stem} {index}"


def invented_partner_name(rng: random.Random, index: int) -> str:
    parts = "".join(rng.choice(STEMS) for _ in range(rng.randint(2, 4)))
    return f"{parts.capitalize()} {index}"


def invented_person(rng: random.Random, index: int) -> str:
    family = rng.choice(FAMILY_STEMS) + rng.choice(STEMS)
    return f"{rng.choice(GIVEN)} {family} {index}"


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def bulk(model, objects, step=None, batch_size=BATCH):
    created = model.objects.bulk_create(objects, batch_size=batch_size)
    if step is not None:
        step.count += len(created)
    return created


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.recreate:
        recreate_database()

    import django

    django.setup()

    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from partnerhub.accounts.consent import current_consent_text
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
    from partnerhub.conferences.models import (
        ConferenceSeries,
        Edition,
        EditionPart,
        EditionStatus,
        ParticipantType,
        Registration,
        RegistrationGroup,
        RegistrationStatus,
        SeriesKind,
    )
    from partnerhub.partnerships.models import Partnership, PartnershipKind
    from partnerhub.partnerships.search import refresh_search_vectors
    from partnerhub.reference.loader import ensure_reference_data
    from partnerhub.reference.models import Country, Municipality, MunicipalityKind
    from partnerhub.reference.queries import oda_statuses_on

    engine = settings.DATABASES["default"]["ENGINE"]
    print(f"database: {settings.DATABASES['default'].get('NAME')} ({engine.rsplit('.', 1)[-1]})")
    print(
        f"sizes: {args.municipalities:,} municipalities, {args.people:,} people, "
        f"{args.registrations:,} registrations, {args.proposals:,} proposals "
        f"({args.review_proposals:,} in the review call), {args.partnerships:,} partnerships"
    )
    rng = random.Random(args.seed)
    report = Report()

    with report.step("migrate + reference data"):
        call_command("migrate", verbosity=0)
        ensure_reference_data()
    if Municipality.objects.filter(slug__startswith="bench-").exists():
        sys.exit("This database already holds benchmark data: use --recreate or an empty one.")

    today = date.today()
    recipients = oda_statuses_on(today)
    by_region: dict[str, list[str]] = {}
    for country in Country.objects.filter(iso2__in=recipients.keys()):
        by_region.setdefault(country.region, []).append(country.iso2)
    partner_countries = sorted(recipients)
    germany = "DE"

    # --- Municipalities -------------------------------------------------------------
    n_german = int(args.municipalities * 0.6)
    with report.step("municipalities") as step, transaction.atomic():
        kinds = [MunicipalityKind.CITY, MunicipalityKind.MUNICIPALITY, MunicipalityKind.DISTRICT]
        objects = []
        for i in range(args.municipalities):
            german = i < n_german
            objects.append(
                Municipality(
                    name=invented_german_name(rng, i) if german else invented_partner_name(rng, i),
                    slug=f"bench-{'de' if german else 'partner'}-{i:05d}",
                    kind=rng.choice(kinds),
                    country_id=germany if german else rng.choice(partner_countries),
                    population=rng.randint(2_000, 900_000),
                    is_sample=True,
                )
            )
        bulk(Municipality, objects, step)
    german_ids = list(
        Municipality.objects.filter(slug__startswith="bench-de-").values_list("pk", flat=True)
    )
    partner_rows = list(
        Municipality.objects.filter(slug__startswith="bench-partner-").values_list(
            "pk", "country_id"
        )
    )

    # --- Partnerships -------------------------------------------------------------------
    with report.step("partnerships (+ partners)") as step, transaction.atomic():
        partnerships = bulk(
            Partnership,
            [
                Partnership(
                    german_municipality_id=rng.choice(german_ids),
                    kind=rng.choice(PartnershipKind.values),
                    since_year=rng.randint(1960, 2025),
                    description_en=text(rng, 40),
                    description_de=text(rng, 40),
                    is_sample=True,
                )
                for _ in range(args.partnerships)
            ],
            step,
        )
        through = Partnership.partners.through
        links = []
        for partnership in partnerships:
            for pk, _country in rng.sample(partner_rows, rng.choice((1, 1, 1, 2))):
                links.append(through(partnership_id=partnership.pk, municipality_id=pk))
        bulk(through, links, step)
        # bulk_create bypasses the services: the search document in one UPDATE … FROM.
        refresh_search_vectors()

    # --- People and memberships ---------------------------------------------------------
    password = make_password("bench-password-not-secret")
    with report.step("people + memberships") as step, transaction.atomic():
        people = [
            Person(
                email=f"bench-person-{i:06d}@example.org",
                full_name=invented_person(rng, i),
                preferred_language=rng.choice(("de", "de", "en", "fr", "es")),
                password=password,
            )
            for i in range(args.people)
        ]
        people.append(
            Person(
                email=BENCH_ORGANISER,
                full_name="Bench Organiser",
                is_organiser=True,
                password=password,
            )
        )
        people.append(
            Person(
                email=BENCH_REVIEWER,
                full_name="Bench Reviewer",
                is_reviewer=True,
                password=password,
            )
        )
        people += [
            Person(
                email=f"bench-reviewer-{i:02d}@example.org",
                full_name=f"Bench Reviewer {i}",
                is_reviewer=True,
                password=password,
            )
            for i in range(args.reviewers)
        ]
        people = bulk(Person, people, step)
        members = people[: args.people // 2]
        bulk(
            Membership,
            [
                Membership(
                    person_id=person.pk,
                    municipality_id=german_ids[i % len(german_ids)],
                    role=MembershipRole.MEMBER,
                    since=date(2015, 1, 1),
                )
                for i, person in enumerate(members)
            ],
            step,
        )
    person_ids = [p.pk for p in people[: args.people]]
    email_of = {p.pk: p.email for p in people}
    membership_of = {person.pk: german_ids[i % len(german_ids)] for i, person in enumerate(members)}
    organiser = next(p for p in people if p.email == BENCH_ORGANISER)
    bench_reviewer = next(p for p in people if p.email == BENCH_REVIEWER)
    other_reviewers = [p for p in people if p.email.startswith("bench-reviewer-")]

    # --- Conference series, editions, registrations ----------------------------------------
    regions = [("africa", "Africa"), ("asia", "Asia"), ("latin_america", "Latin America")]
    regions += [("eastern_europe", "Eastern Europe")]
    per_series = 15
    consent = current_consent_text()
    with report.step("series + editions + parts") as step, transaction.atomic():
        series = bulk(
            ConferenceSeries,
            [
                ConferenceSeries(
                    slug=f"bench-{region.replace('_', '-')}",
                    kind=SeriesKind.REGIONAL,
                    region=region,
                    title_de=f"Benchmark-Konferenz {label}",
                    title_en=f"Benchmark conference {label}",
                    position=100 + index,
                )
                for index, (region, label) in enumerate(regions)
            ],
            step,
        )
        editions, starts = [], []
        for s in series:
            for number in range(1, per_series + 1):
                upcoming = number == per_series
                start = today + timedelta(days=200) if upcoming else date(1995 + number * 2, 6, 1)
                editions.append(
                    Edition(
                        series=s,
                        number=number,
                        place=f"Sample place {number}",
                        status=EditionStatus.REGISTRATION_OPEN if upcoming else EditionStatus.HELD,
                        description_en=text(rng, 60),
                        description_de=text(rng, 60),
                    )
                )
                starts.append(start)
        editions = bulk(Edition, editions, step)
        bulk(
            EditionPart,
            [
                EditionPart(edition=e, start=start, end=start + timedelta(days=2))
                for e, start in zip(editions, starts, strict=True)
            ],
            step,
        )

    per_edition = args.registrations // len(editions)
    extra = args.registrations - per_edition * len(editions)
    now = datetime.now(UTC)
    with report.step("registration forms + registrations") as step:
        for index, edition in enumerate(editions):
            count = per_edition + (1 if index < extra else 0)
            chosen = rng.sample(person_ids, min(count, len(person_ids)))
            with transaction.atomic():
                groups, rows = [], []
                position = 0
                while position < len(chosen):
                    size = min(rng.choice((1, 1, 2, 3, 4)), len(chosen) - position)
                    groups.append(
                        (
                            RegistrationGroup(
                                edition=edition,
                                submission_key=f"bench-{edition.pk}-{position}",
                                submitted_by_id=chosen[position],
                                german_municipality_id=membership_of.get(chosen[position]),
                            ),
                            chosen[position : position + size],
                        )
                    )
                    position += size
                saved = bulk(RegistrationGroup, [g for g, _ in groups], step)
                open_edition = edition.status == EditionStatus.REGISTRATION_OPEN
                for group, (_g, members_of_group) in zip(saved, groups, strict=True):
                    for person_id in members_of_group:
                        municipality_id = membership_of.get(person_id)
                        if municipality_id:
                            participant_type = ParticipantType.GERMAN_MUNICIPALITY
                            country_id = germany
                        else:
                            municipality_id, country_id = rng.choice(partner_rows)
                            participant_type = ParticipantType.PARTNER_MUNICIPALITY
                        roll = rng.random()
                        status = RegistrationStatus.CONFIRMED
                        if roll < 0.08:
                            status = RegistrationStatus.CANCELLED
                        elif open_edition and roll < 0.15:
                            status = RegistrationStatus.WAITLISTED
                        rows.append(
                            Registration(
                                edition=edition,
                                group=group,
                                person_id=person_id,
                                participant_type=participant_type,
                                full_name=f"Bench participant {person_id}",
                                email=email_of[person_id],
                                language="en",
                                municipality_id=municipality_id,
                                country_id=country_id,
                                status=status,
                                consent_text=consent,
                                consent_given_at=now,
                            )
                        )
                bulk(Registration, rows, step)

    # --- Calls, proposals, reviews ----------------------------------------------------------
    deadline = datetime(today.year, 2, 17, 22, 59, 59, tzinfo=UTC)
    calls_spec = [(REVIEW_CALL, args.review_proposals)]
    rest = args.proposals - args.review_proposals
    for index in range(3):
        calls_spec.append((f"bench-call-{index + 1}", rest // 3 + (1 if index < rest % 3 else 0)))
    with report.step("calls + criteria") as step, transaction.atomic():
        calls = bulk(
            Call,
            [
                Call(
                    slug=slug,
                    title_de=f"Benchmark-Aufruf {slug}",
                    title_en=f"Benchmark call {slug}",
                    text_en=text(rng, 80),
                    eligible_kinds=call_defaults.GERMAN_MUNICIPAL_BODIES,
                    theme_fields=call_defaults.ALL_THEME_FIELDS,
                    section_limits=call_defaults.SECTION_LIMITS,
                    total_limit=call_defaults.TOTAL_LIMIT,
                    deadline=deadline - timedelta(days=365 * index),
                    opens_at=deadline - timedelta(days=365 * index + 80),
                    is_published=True,
                    is_sample=True,
                )
                for index, (slug, _count) in enumerate(calls_spec)
            ],
            step,
        )
        criteria = []
        for call in calls:
            for number, (title_de, title_en, kind, auto_check) in enumerate(
                call_defaults.CRITERIA_2026, start=1
            ):
                criteria.append(
                    Criterion(
                        call=call,
                        number=number,
                        title_de=title_de,
                        title_en=title_en,
                        kind=kind,
                        auto_check=auto_check,
                    )
                )
        bulk(Criterion, criteria, step)

    with report.step("proposals + proposed actors") as step, transaction.atomic():
        proposals = []
        member_items = list(membership_of.items())
        for call, (_slug, count) in zip(calls, calls_spec, strict=True):
            for i in range(count):
                person_id, municipality_id = rng.choice(member_items)
                values = {section: text(rng, rng.randint(40, 120)) for section in SECTIONS}
                proposals.append(
                    Proposal(
                        call=call,
                        municipality_id=municipality_id,
                        created_by_id=person_id,
                        status=ProposalStatus.SUBMITTED,
                        submitted_at=call.deadline - timedelta(minutes=i + 1),
                        title=f"{text(rng, 4)[:-1]} {i}",
                        theme_field=rng.choice(call.theme_fields),
                        commits_to_follow_up=rng.random() < 0.8,
                        has_municipal_support=rng.random() < 0.9,
                        contact_role="Head of the international office",
                        **values,
                    )
                )
        proposals = bulk(Proposal, proposals, step)
        actors = []
        for proposal in proposals:
            for pk, country_id in rng.sample(partner_rows, 2):
                actors.append(
                    ProposedActor(
                        proposal=proposal,
                        municipality_id=pk,
                        country_id=country_id,
                        contact_role="Mayor's office",
                    )
                )
        bulk(ProposedActor, actors, step)

    review_call = calls[0]
    review_proposals = [p for p in proposals if p.call_id == review_call.pk]
    call_criteria = [c for c in criteria if c.call_id == review_call.pk]
    with report.step("review assignments + scores") as step, transaction.atomic():
        assignments = []
        for proposal in review_proposals:
            reviewers = [bench_reviewer, *rng.sample(other_reviewers, 2)]
            for reviewer in reviewers:
                roll = rng.random()
                submitted = roll < 0.6
                assignments.append(
                    ReviewAssignment(
                        proposal=proposal,
                        reviewer=reviewer,
                        assigned_by=organiser,
                        submitted_at=now if submitted else None,
                        overall_comment=text(rng, 12) if roll < 0.8 else "",
                    )
                )
        assignments = bulk(ReviewAssignment, assignments, step)
        scores = []
        for assignment in assignments:
            if not assignment.overall_comment:
                continue  # not started
            for criterion in call_criteria:
                scored = criterion.is_scored
                scores.append(
                    CriterionScore(
                        assignment=assignment,
                        criterion=criterion,
                        score=rng.randint(0, 5) if scored else None,
                        passed=None if scored else rng.random() < 0.9,
                    )
                )
        bulk(CriterionScore, scores, step)

    if connection.vendor == "postgresql":
        with report.step("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    print(
        f"made {sum(count for _label, count, _t in report.rows):,} rows in {report.total():.1f} s"
    )
    open_editions = [e for e in editions if e.status == EditionStatus.REGISTRATION_OPEN]
    print(
        f"open edition for the load run: /conferences/{open_editions[0].series.slug}/"
        f"{open_editions[0].number}/ ({per_edition:,} registrations)"
    )
    print(
        f"review call: {REVIEW_CALL} ({len(review_proposals):,} proposals, "
        f"{len(assignments):,} assignments, {len(scores):,} scores); "
        f"log-ins {BENCH_ORGANISER}, {BENCH_REVIEWER}"
    )


if __name__ == "__main__":
    main()
