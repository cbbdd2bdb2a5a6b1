"""Sell-out race: 600 people want the 300 places of one edition, 20 at a time.

Each run creates a fresh edition (300 places, registration open, not
moderated) and sends 600 registrations through the real registration flow,
`POST /api/v1/editions/{id}/registrations` with personal API tokens, from 20
concurrent clients (30 requests each, one after the other, each registering one
new person). gunicorn with several worker processes serves them on PostgreSQL
with production settings (see `httpbench.py`), so the requests really race for
the edition's row lock in different processes.

Prints per run and over all runs: confirmed registrations per second (places
given until the edition was full, divided by the time from the first request
to the last confirming answer), the latency of the confirming requests
(p50/p95/p99), the mean latency of the fastest and the slowest client, and
the count the server holds afterwards: confirmed == 300 and
waiting list == 300 in every run (no overbooking). Targets of issue 7 (figures
only, nothing asserted): ≥ 20 confirmed per second, confirming p95 < 250 ms,
zero overbooking.

Run (after `bench/generate.py`, which makes the accounts; about a minute):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerhub_bench \\
        .venv/bin/python bench/sellout.py

Options: `--runs 20`, `--capacity 300`, `--registrants 600`, `--clients 20`,
`--workers`, `--worker-class`, `--threads`, `--worker-connections` (how many
connections one worker takes; see `httpbench.Server`); `--queries` first prints the SQL
statements of one confirming registration request and how long a request holds
the edition's lock (median of 50, one request at a time; Django's test client in
this process, so always the code under `src/`, whatever `BENCH_SRC` says);
`--queries --runs 0` prints only those.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import httpbench
from httpbench import Redis, Target, drive, ms, percentile
from load import registrants, registration_body, setup_django

CONFIRMED = r'"status":\s*"confirmed"'


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--registrants", type=int, default=600)
    parser.add_argument("--clients", type=int, default=20)
    httpbench.add_server_arguments(parser)
    parser.add_argument(
        "--queries",
        action="store_true",
        help="first print the SQL statements of one registration request",
    )
    return parser.parse_args(argv)


def fresh_edition(capacity: int):
    """An edition of the benchmark's own series, open for registration, with `capacity` places."""
    from partnerhub.conferences.models import (
        ConferenceSeries,
        Edition,
        EditionPart,
        EditionStatus,
        SeriesKind,
    )

    series, _created = ConferenceSeries.objects.get_or_create(
        slug="bench-sellout",
        defaults={
            "kind": SeriesKind.CLIMATE_NETWORK,
            "region": "",
            "title_de": "Benchmark Ausverkauf",
            "title_en": "Benchmark sell-out",
            "position": 200,
        },
    )
    number = (series.editions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    edition = Edition.objects.create(
        series=series,
        number=number,
        place="Sample place",
        status=EditionStatus.REGISTRATION_OPEN,
        capacity=capacity,
    )
    start = date.today() + timedelta(days=120)
    EditionPart.objects.create(edition=edition, start=start, end=start + timedelta(days=1))
    return edition


class LockTimer:
    """An execute wrapper that notes a request's statements and how long it held the edition's
    lock: from sending the locking statement to the end of the COMMIT that releases it."""

    def __init__(self, connection):
        self.connection = connection
        self.statements: list[str] = []
        self.locked_at = self.unlocked_at = 0.0
        self.statements_under_lock = 0

    def __call__(self, execute, sql, params, many, context):
        if "FOR UPDATE" in sql or "FOR NO KEY UPDATE" in sql:
            self.locked_at = time.perf_counter()
            self.statements_under_lock = -len(self.statements)
            self.connection.on_commit(self.unlocked)  # runs right after that COMMIT
        self.statements.append(sql)
        return execute(sql, params, many, context)

    def unlocked(self):
        self.unlocked_at = time.perf_counter()
        self.statements_under_lock += len(self.statements)

    @property
    def locked_ms(self) -> float:
        return (self.unlocked_at - self.locked_at) * 1000


def print_queries(town, token: str, consent: str, capacity: int, repeat: int = 50) -> None:
    """The statements of one confirming registration request, and how long the edition stays
    locked, through Django's test client (one request at a time, nobody waiting).

    Prints the statements of the last request (the first one also notes when the token was
    last used, an UPDATE at most every few minutes, and is not counted) and, over `repeat`
    requests, the median time the edition's row stays locked: the part of a registration
    that requests for one edition cannot do at the same time.
    """
    from django.db import connection
    from django.test import Client

    edition = fresh_edition(capacity)
    client = Client(HTTP_HOST="127.0.0.1")
    body = registration_body(town.slug, consent, uuid.uuid4().hex[:8])
    locked_ms = []
    for uid in range(repeat + 1):
        timer = LockTimer(connection)
        with connection.execute_wrapper(timer):
            response = client.post(
                f"/api/v1/editions/{edition.pk}/registrations",
                body.replace("{uid}", str(uid)),
                content_type="application/json",
                HTTP_ACCEPT_LANGUAGE="en",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        if response.status_code != 201:
            sys.exit(f"registration answered {response.status_code}: {response.content[:300]!r}")
        if uid:
            locked_ms.append(timer.locked_ms)
    print(f"one confirming registration request: {len(timer.statements)} SQL statements")
    for sql in timer.statements:
        print(f"  {' '.join(sql.split())[:110]}")
    print(
        f"under the edition's lock: {timer.statements_under_lock} statements and the COMMIT,"
        f" median {statistics.median(locked_ms):.2f} ms over {repeat} requests, one at a time"
    )


def spread(means: list[float]) -> str:
    """The fastest and the slowest client's mean latency, in ms: far apart when a few server
    workers hold most of the keep-alive connections."""
    return f"{min(means) * 1000:.0f}–{max(means) * 1000:.0f}" if means else "–"


def server_count(edition) -> dict[str, int]:
    from django.db.models import Count

    from partnerhub.conferences.models import Registration

    rows = Registration.objects.filter(edition=edition).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def main(argv=None) -> None:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database made by bench/generate.py.")
    with Redis() as redis:
        env = httpbench.production_env({"REDIS_URL": redis.url} if redis.url else {})
        setup_django(env)
        from partnerhub.accounts.consent import current_consent_text
        from partnerhub.reference.models import Municipality

        town = Municipality.objects.filter(slug="bench-de-00000").first()
        if town is None:
            sys.exit("No benchmark data: run bench/generate.py first (same DATABASE_URL).")
        tokens = registrants(args.clients, town)
        consent = current_consent_text().version
        if args.queries:
            print_queries(town, tokens[0], consent, args.capacity)
            if args.runs == 0:
                return
        server = httpbench.server_from(args, env)
        with server:
            print(
                f"{server.describe()}, PostgreSQL, DEBUG off; {args.runs} runs of "
                f"{args.registrants} registrations from {args.clients} concurrent clients "
                f"for {args.capacity} places; {os.cpu_count()} CPU cores",
                flush=True,
            )
            drive(server.port, Target("warm-up", "/healthz"), clients=args.clients, duration=2)
            header = (
                f"{'run':>3} {'confirmed/s':>11} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
                f" {'all req/s':>9} {'clients ms':>10}  server: confirmed waiting other  {'':<4}"
            )
            print(header)
            print("-" * len(header))
            rates, confirming, all_ok = [], [], True
            # One untimed round first, so that each worker has answered a registration once.
            warm = fresh_edition(args.capacity)
            for run in range(args.runs + 1):
                edition = warm if run == 0 else fresh_edition(args.capacity)
                target = Target(
                    "registration",
                    f"/api/v1/editions/{edition.pk}/registrations",
                    method="POST",
                    headers={"Accept-Language": "en", "Content-Type": "application/json"},
                    body=registration_body(town.slug, consent, uuid.uuid4().hex[:8]),
                    client_headers=[{"Authorization": f"Bearer {token}"} for token in tokens],
                    ok_statuses=(201,),
                )
                result = drive(
                    server.port,
                    target,
                    clients=args.clients,
                    total=args.registrants,
                    duration=None,
                    mark=CONFIRMED,
                    processes=args.client_processes,
                )
                counts = server_count(edition)
                confirmed = counts.pop("confirmed", 0)
                waiting = counts.pop("waitlisted", 0)
                other = sum(counts.values())
                ok = (
                    confirmed == args.capacity
                    and confirmed + waiting == args.registrants
                    and len(result.marked) == confirmed
                    and result.bad((201,)) == 0
                )
                if run == 0:
                    continue
                all_ok &= ok
                sold_out_after = max(result.marked_times) if result.marked_times else float("nan")
                rate = len(result.marked) / sold_out_after
                rates.append(rate)
                confirming += result.marked
                print(
                    f"{run:>3} {rate:11.1f} {ms(percentile(result.marked, 50))} "
                    f"{ms(percentile(result.marked, 95))} {ms(percentile(result.marked, 99))} "
                    f"{result.rps:9.1f} {spread(result.connection_means):>10}"
                    f"  {confirmed:>16} {waiting:>7} {other:>5}  "
                    f"{'OK' if ok else 'WRONG'}"
                    + (f" answers {result.statuses}" if result.bad((201,)) else ""),
                    flush=True,
                )
            print("-" * len(header))
            p95 = percentile(confirming, 95)
            mean_rate = statistics.mean(rates)
            print(
                f"all runs: confirmed/s mean {mean_rate:.1f} (min {min(rates):.1f}, "
                f"max {max(rates):.1f}) {'PASS' if min(rates) >= 20 else 'MISS'} (≥ 20/s); "
                f"confirming requests p50/p95/p99 {ms(percentile(confirming, 50)).strip()}/"
                f"{ms(p95).strip()}/{ms(percentile(confirming, 99)).strip()} ms "
                f"{'PASS' if p95 < 0.250 else 'MISS'} (p95 < 250 ms); "
                f"confirmed == {args.capacity} in every run: "
                f"{'yes, no overbooking' if all_ok else 'NO'}"
            )


if __name__ == "__main__":
    main()
