"""Prints how long loading the reference data and answering ODA questions take.

Run: DATA_DIR=/tmp/partnerhub-bench .venv/bin/python bench/reference.py
(uses its own SQLite file under DATA_DIR, or DATABASE_URL when set).
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
os.environ.setdefault("DATA_DIR", "/tmp/partnerhub-bench")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from partnerhub.reference.loader import load_reference_data  # noqa: E402
from partnerhub.reference.models import Country  # noqa: E402
from partnerhub.reference.queries import oda_status, oda_statuses_on  # noqa: E402


def timed(label: str, function, repeat: int = 1) -> None:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label:<52} {elapsed * 1000:9.2f} ms")


call_command("migrate", verbosity=0)
timed("load_reference_data (first or repeated run)", load_reference_data)
timed("load_reference_data (repeated, no changes)", load_reference_data)
timed("oda_status(CL, 2019-06-01), mean of 500", lambda: oda_status("CL", date(2019, 6, 1)), 500)
timed(
    "oda_statuses_on(today) for all countries, mean of 100",
    lambda: oda_statuses_on(date.today()),
    100,
)
print(f"countries: {Country.objects.count()}")
