"""`manage.py load_reference`: synchronise countries, DAC lists and SDGs with the shipped CSVs."""

from django.core.management.base import BaseCommand

from partnerhub.reference.loader import load_reference_data


class Command(BaseCommand):
    help = "Load (or update) the reference data from reference/data/*.csv. Safe to run again."

    def handle(self, *args, **options):
        result = load_reference_data(stdout=self.stdout)
        changed = sum(c["created"] + c["updated"] + c["deleted"] for c in result.values())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded ({changed} rows changed)."))
