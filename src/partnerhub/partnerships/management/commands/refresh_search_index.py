"""Recompute the stored search document of every partnership (or of the ids given)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from partnerhub.partnerships.search import refresh_search_vectors


class Command(BaseCommand):
    help = (
        "Recompute the stored full-text search document of partnerships (PostgreSQL): "
        "after bulk imports, SQL changes of names or descriptions, or a change of the "
        "document's definition. Safe to run at any time; one UPDATE."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", type=int, help="Partnership ids (default: every partnership)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, ids=(), database=DEFAULT_DB_ALIAS, **options):
        if connections[database].vendor != "postgresql":
            self.stdout.write(
                "Nothing to do: only PostgreSQL stores a search document "
                "(other databases search the fields directly)."
            )
            return
        with transaction.atomic(using=database):
            count = refresh_search_vectors(ids or None, using=database)
        self.stdout.write(
            self.style.SUCCESS(f"Search document refreshed for {count} partnership(s).")
        )
