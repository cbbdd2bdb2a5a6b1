"""Prints how long one partnership search takes (`partnerships.queries.search_partnerships`).

Run (PostgreSQL; `--generate` fills the database first with bench/generate.py: its
municipalities and partnerships at full size, everything else at the minimum):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<your-db> \\
        .venv/bin/python bench/search.py --generate [--partnerships 3000] [--repeat 30]

`BENCH_SRC=<dir>` times another source tree (e.g. an older version of the
code) against the same database. Without `--generate` it searches the database
as it is (e.g. one made by `bench/generate.py`). For each of three searches (a part of a German
municipality's name as `bench/load.py` uses it, a part of a partner
municipality's name, two words found in almost every description) it runs the
search as the list page does (the count and the first page of 20 with their
prefetches) `--repeat` times after one warm-up and prints the number of hits and
p50/p95 in milliseconds, and the same for the main SQL query alone. No
assertions.
"""

import argparse
import os
import sys
import time
from pathlib import Path

# BENCH_SRC: another source tree (to time two versions of the search in one database).
sys.path.insert(
    0, os.environ.get("BENCH_SRC") or str(Path(__file__).resolve().parent.parent / "src")
)
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")

PAGE_SIZE = 20


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", action="store_true", help="recreate and fill the database")
    parser.add_argument("--partnerships", type=int, default=3_000)
    parser.add_argument("--municipalities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    return parser.parse_args(argv)


def generate(args) -> None:
    import generate as generator

    generator.main(
        [
            "--recreate",
            f"--municipalities={args.municipalities}",
            f"--partnerships={args.partnerships}",
            "--people=50",
            "--registrations=50",
            "--proposals=50",
            "--review-proposals=10",
            "--reviewers=2",
        ]
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, repeat: int) -> tuple[list[float], object]:
    result = function()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.generate:
        generate(args)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from partnerhub.partnerships.models import Partnership
    from partnerhub.partnerships.queries import PartnershipFilters, search_partnerships

    count = Partnership.objects.count()
    if not count:
        sys.exit("No partnerships: run with --generate (or bench/generate.py) first.")
    german = Partnership.objects.select_related("german_municipality").order_by("pk").first()
    partner = Partnership.partners.through.objects.select_related("municipality").first()
    searches = [
        german.german_municipality.name.split()[0][:5].lower(),
        partner.municipality.name.split()[0][:4].lower(),
        "water management",
    ]
    print(
        f"database: {settings.DATABASES['default'].get('NAME')} ({connection.vendor}), "
        f"{count:,} partnerships, {args.repeat} searches each after one warm-up"
    )
    print(f"{'q':<20} {'hits':>6} {'page p50':>9} {'page p95':>9} {'SQL p50':>8} {'SQL p95':>8}")
    for q in searches:
        filters = PartnershipFilters(q=q)

        def page(filters=filters):
            partnerships = search_partnerships(filters)
            return partnerships.count(), list(partnerships[:PAGE_SIZE])

        def sql(filters=filters):
            queryset = search_partnerships(filters)
            compiled, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(compiled, params)
                return len(cursor.fetchall())

        page_times, (hits, _rows) = timed(page, args.repeat)
        sql_times, _ = timed(sql, args.repeat)
        print(
            f"{q:<20} {hits:>6,} {percentile(page_times, 0.5):>9.1f} "
            f"{percentile(page_times, 0.95):>9.1f} {percentile(sql_times, 0.5):>8.1f} "
            f"{percentile(sql_times, 0.95):>8.1f}"
        )
    print("milliseconds; page = count + first 20 rows with prefetches; SQL = the main query alone")


if __name__ == "__main__":
    main()
