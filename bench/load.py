"""Load run: pages and API lists under 20 concurrent clients, each beside the baseline.

Starts gunicorn with several worker processes on the PostgreSQL database made by
`bench/generate.py`, with production settings (see `httpbench.py`), warms up,
and drives each target with 20 concurrent keep-alive connections. Right before
each target it measures the trivial baseline view (`/healthz`: a plain-text
"ok", the framework's own ceiling on this machine) the same way, so that every
ratio compares two figures taken a few seconds apart on the same machine.

Prints requests per second and p50/p95/p99 latency per target, the baseline
beside it, the ratio, and PASS/MISS against the targets of issue 7 (figures
only, nothing is asserted):

* public pages and API lists: ≥ 50 % of the baseline's requests/s and p95 < 100 ms;
* the reviewer's list and the organiser's ranking (2,000 proposals): p95 < 150 ms,
  measured as one person uses them: one client, after a burst that warms every
  worker (the reviewer's list is also printed at 20 clients, for information);
* the registration POST (each request registers a new person): p95 < 250 ms
  (the target of the confirming request in the sell-out race).

Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerhub_bench \\
        .venv/bin/python bench/generate.py --recreate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerhub_bench \\
        .venv/bin/python bench/load.py

Options: `--clients`, `--duration` and `--warmup` (seconds per target),
`--workers`, `--worker-class` (gthread or sync), `--threads`,
`--worker-connections`, `--only NAME,…`, `--public-only` (the public targets
only). The web processes serve public pages to
the anonymous clients from the page cache (core.page_cache, on with the private
Redis); `PAGE_CACHE_SECONDS=0 bench/load.py` measures them without it.
"""

import argparse
import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import httpbench
from httpbench import Redis, Target, drive, ms

PUBLIC, REVIEW, WRITE = "public", "review", "write"
# Pages one person looks at (a reviewer's own list, the organiser's ranking): measured
# with one client after a warm-up burst that reaches every worker (a cold worker's first
# answer compiles templates and loads code), and judged like REVIEW.
ONE_PERSON = "one person"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=6.0, help="seconds measured per target")
    parser.add_argument("--warmup", type=float, default=1.5, help="seconds of warm-up per target")
    httpbench.add_server_arguments(parser)
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument(
        "--public-only",
        action="store_true",
        help="only the public pages and API lists (no writes, no logged-in pages)",
    )
    return parser.parse_args(argv)


def setup_django(env: dict) -> None:
    for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "TASKS_BACKEND", "REDIS_URL"):
        if key in env:
            os.environ[key] = env[key]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    import django

    django.setup()


def session_cookie(person) -> str:
    """A logged-in session of `person` (second factor done), as the log-in page would make."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from partnerhub.accounts import two_factor

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if "ModelBackend" in path
    )
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store[two_factor.SESSION_KEY] = person.pk
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def registrants(count: int, municipality) -> list[str]:
    """`count` people of a German municipality, each with a personal API token."""
    from datetime import date

    from partnerhub.accounts.models import Membership, MembershipRole, Person
    from partnerhub.accounts.services import api_token_create

    tokens = []
    for index in range(count):
        person, _created = Person.objects.get_or_create(
            email=f"bench-registrant-{index:02d}@example.org",
            defaults={"full_name": f"Bench Registrant {index}"},
        )
        Membership.objects.get_or_create(
            person=person,
            municipality=municipality,
            defaults={"role": MembershipRole.MEMBER, "since": date(2015, 1, 1)},
        )
        person.api_tokens.filter(revoked_at__isnull=True).delete()
        _token, secret = api_token_create(person=person, by=person, name="bench")
        tokens.append(secret)
    return tokens


def registration_body(municipality_slug: str, consent_version: str, nonce: str) -> str:
    return json.dumps(
        {
            "german_municipality": municipality_slug,
            "people": [
                {
                    "participant_type": "german_municipality",
                    "full_name": "Bench Registrant {uid}",
                    "email": f"bench-{nonce}-{{uid}}@example.org",
                    "municipality": municipality_slug,
                }
            ],
            "consent_version": consent_version,
        }
    )


def build_targets(clients: int) -> list[tuple[str, Target]]:
    from partnerhub.accounts.consent import current_consent_text
    from partnerhub.accounts.models import Person
    from partnerhub.conferences.models import Edition, EditionStatus
    from partnerhub.partnerships.models import Partnership
    from partnerhub.reference.models import Municipality

    edition = (
        Edition.objects.filter(series__slug="bench-africa", status=EditionStatus.REGISTRATION_OPEN)
        .select_related("series")
        .first()
    )
    if edition is None:
        sys.exit("No benchmark data: run bench/generate.py first (same DATABASE_URL).")
    organiser = Person.objects.get(email="bench-organiser@example.org")
    reviewer = Person.objects.get(email="bench-reviewer@example.org")
    town = Municipality.objects.get(slug="bench-de-00000")
    # A word that finds some partnerships: part of a German municipality's name.
    word = Partnership.objects.select_related("german_municipality").first()
    word = word.german_municipality.name.split()[0][:5].lower()
    lang = {"Accept-Language": "en"}
    json_headers = {**lang, "Content-Type": "application/json"}
    tokens = registrants(clients, town)
    body = registration_body(town.slug, current_consent_text().version, uuid.uuid4().hex[:8])
    edition_path = f"/conferences/{edition.series.slug}/{edition.number}/"
    return [
        (PUBLIC, Target("edition page", edition_path, headers=lang)),
        (PUBLIC, Target("conferences overview", "/conferences/", headers=lang)),
        (PUBLIC, Target(f"partnership search ?q={word}", f"/partnerships/?q={word}", headers=lang)),
        (PUBLIC, Target("partnerships list", "/partnerships/", headers=lang)),
        (PUBLIC, Target("API /api/v1/editions", "/api/v1/editions", headers=lang)),
        (PUBLIC, Target("API /api/v1/calls", "/api/v1/calls", headers=lang)),
        (PUBLIC, Target("API /api/v1/countries", "/api/v1/countries", headers=lang)),
        (
            WRITE,
            Target(
                "API registration POST",
                f"/api/v1/editions/{edition.pk}/registrations",
                method="POST",
                headers=json_headers,
                body=body,
                client_headers=[{"Authorization": f"Bearer {token}"} for token in tokens],
                ok_statuses=(201,),
            ),
        ),
        (
            REVIEW,
            Target(
                "reviewer's list (2,000 proposals), 20 clients",
                "/calls/reviews/",
                headers={**lang, "Cookie": session_cookie(reviewer)},
            ),
        ),
        (
            ONE_PERSON,
            Target(
                "reviewer's list (2,000 proposals), 1 client",
                "/calls/reviews/",
                headers={**lang, "Cookie": session_cookie(reviewer)},
            ),
        ),
        (
            ONE_PERSON,
            Target(
                "ranking (2,000 proposals), 1 client",
                "/calls/bench-review/ranking/",
                headers={**lang, "Cookie": session_cookie(organiser)},
            ),
        ),
    ]


def page_cache_seconds(env: dict) -> str:
    """The web processes' PAGE_CACHE_SECONDS (core.page_cache), as their settings read it."""
    from django.conf import settings

    seconds = int(env.get("PAGE_CACHE_SECONDS") or settings.PAGE_CACHE_SECONDS)
    return f"{seconds} s" if seconds else "off"


def verdict(kind: str, result, baseline) -> str:
    p95 = result.percentile(95)
    if kind == PUBLIC:
        ratio_ok = result.rps >= 0.5 * baseline.rps
        ok = ratio_ok and p95 < 0.100
        return ("PASS" if ok else "MISS") + " (≥50 % of baseline, p95<100 ms)"
    if kind in (REVIEW, ONE_PERSON):
        return ("PASS" if p95 < 0.150 else "MISS") + " (p95<150 ms)"
    return ("PASS" if p95 < 0.250 else "MISS") + " (p95<250 ms)"


def main(argv=None) -> None:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database made by bench/generate.py.")
    with Redis() as redis:
        env = httpbench.production_env({"REDIS_URL": redis.url} if redis.url else {})
        setup_django(env)
        targets = build_targets(args.clients)
        if args.public_only:
            targets = [(k, t) for k, t in targets if k == PUBLIC]
        if args.only:
            wanted = {name.strip() for name in args.only.split(",")}
            targets = [(k, t) for k, t in targets if any(w in t.name for w in wanted)]
        server = httpbench.server_from(args, env)
        with server:
            print(
                f"{server.describe()}, PostgreSQL, DEBUG off, "
                f"{'Redis cache and sessions' if redis.url else 'local-memory cache'}, "
                f"page cache {page_cache_seconds(env)}; "
                f"{args.clients} concurrent clients; {args.warmup:g} s warm-up and "
                f"{args.duration:g} s measured per target; {os.cpu_count()} CPU cores",
                flush=True,
            )
            baseline_target = Target("baseline /healthz", "/healthz")
            # Warm every worker up once (imports, templates, connections).
            drive(server.port, baseline_target, clients=args.clients, duration=2, warmup=1)
            header = (
                f"{'target':<38} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
                f"  {'baseline req/s':>14} {'ratio':>6}  verdict"
            )
            print(header)
            print("-" * len(header))
            for kind, target in targets:
                options = {
                    "clients": args.clients,
                    "duration": args.duration,
                    "warmup": args.warmup,
                    "processes": args.client_processes,
                }
                baseline = drive(server.port, baseline_target, **options)
                if kind == ONE_PERSON:
                    burst = args.workers * args.threads
                    drive(server.port, target, clients=burst, total=burst, duration=None)
                    result = drive(server.port, target, **{**options, "clients": 1})
                else:
                    result = drive(server.port, target, **options)
                bad = result.bad(target.ok_statuses) + baseline.bad((200,))
                print(
                    f"{target.name:<38} {result.rps:7.1f} {ms(result.percentile(50))} "
                    f"{ms(result.percentile(95))} {ms(result.percentile(99))}  "
                    f"{baseline.rps:14.1f} {result.rps / baseline.rps:6.0%}  "
                    f"{verdict(kind, result, baseline)}"
                    + (f"  [{bad} unexpected answers: {result.statuses}]" if bad else ""),
                    flush=True,
                )
                print(
                    f"{'  baseline beside it':<38} {'':>7} {ms(baseline.percentile(50))} "
                    f"{ms(baseline.percentile(95))} {ms(baseline.percentile(99))}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
