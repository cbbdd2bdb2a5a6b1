"""Load the shipped reference data (reference/data/*.csv) into the database.

The CSV files are the source of truth; the database is a copy that the pages
query. Loading is idempotent: every row is matched by its natural key, only
new or different rows are written (in bulk), and a second run writes nothing.

Countries, DAC lists, SDG goals and targets are only ever added or updated,
never deleted, because other records refer to them. DAC list entries and
changes are synchronised completely: a row that left the CSV is deleted.
"""

import csv
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from .models import (
    Country,
    DacChange,
    DacList,
    DacListEntry,
    SdgGoal,
    SdgTarget,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_CSV = DATA_DIR / "countries.csv"
DAC_LISTS_CSV = DATA_DIR / "dac" / "dac_lists.csv"
DAC_CHANGES_CSV = DATA_DIR / "dac" / "dac_changes.csv"
SDG_GOALS_CSV = DATA_DIR / "sdg" / "goals.csv"
SDG_TARGETS_CSV = DATA_DIR / "sdg" / "targets.csv"

TARGET_CODE = re.compile(r"^(\d+)\.(\d+|[a-z])$")


@dataclass
class SyncCounts:
    """What one model's synchronisation did; `total` is the row count afterwards."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    total: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _date_or_none(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def target_sort_key(code: str) -> tuple[int, int, str]:
    """UN order inside a goal: numbered targets first (numerically), then lettered ones.

    So 1.1 … 1.5 come before 1.a, 1.b, and 10.10 after 10.9 (not after 10.1).
    """
    match = TARGET_CODE.match(code)
    if not match:
        raise ValueError(f"Unexpected SDG target code: {code!r}")
    goal, rest = match.groups()
    if rest.isdigit():
        return int(goal), 0, f"{int(rest):04d}"
    return int(goal), 1, rest


def sync(model, rows: dict, fields: list[str], *, delete_missing: bool = False) -> SyncCounts:
    """Make the table hold `rows` ({natural key: {field: value}}) with as few writes as possible.

    Existing records are matched by natural key (see `natural_key`); only new
    or different ones are written, with bulk_create/bulk_update.
    """
    existing = {natural_key(model, obj): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for key, values in rows.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**values))
        elif any(getattr(obj, field) != values[field] for field in fields):
            for field in fields:
                setattr(obj, field, values[field])
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)
    stale = [obj.pk for key, obj in existing.items() if key not in rows]
    if delete_missing and stale:
        model.objects.filter(pk__in=stale).delete()
    deleted = len(stale) if delete_missing else 0
    return SyncCounts(
        created=len(to_create),
        updated=len(to_update),
        deleted=deleted,
        total=len(existing) + len(to_create) - deleted,
    )


def natural_key(model, obj) -> tuple:
    """The key a CSV row is matched on: the primary key, or the unique pair for entries/changes."""
    if model is DacListEntry:
        return (obj.dac_list_id, obj.country_id)
    if model is DacChange:
        return (obj.date, obj.country_id)
    return (obj.pk,)


def country_rows() -> dict:
    rows = {}
    for row in read_csv(COUNTRIES_CSV):
        rows[(row["iso2"],)] = {
            "iso2": row["iso2"],
            "iso3": row["iso3"],
            "name_en": row["name_en"],
            "name_de": row["name_de"],
            "name_fr": row["name_fr"],
            "name_es": row["name_es"],
            "region": row["region"],
            "is_iso_code": row["is_iso_code"].strip().lower() == "true",
        }
    return rows


def dac_list_rows(lines: list[dict[str, str]]) -> dict:
    """One DacList per list_id; the CSV repeats the validity on every recipient's row."""
    rows = {}
    for line in lines:
        rows[(line["list_id"],)] = {
            "list_id": line["list_id"],
            "effective_from": date.fromisoformat(line["effective_from"]),
            "effective_to": _date_or_none(line["effective_to"]),
        }
    return rows


def dac_entry_rows(lines: list[dict[str, str]]) -> dict:
    return {
        (line["list_id"], line["iso2"]): {
            "dac_list_id": line["list_id"],
            "country_id": line["iso2"],
            "group": line["group"],
            "confidence": line["confidence"],
            "source_url": line["source_url"],
            "note": line["note"],
        }
        for line in lines
    }


def dac_change_rows() -> dict:
    rows = {}
    for line in read_csv(DAC_CHANGES_CSV):
        day = date.fromisoformat(line["date"])
        rows[(day, line["iso2"])] = {
            "date": day,
            "country_id": line["iso2"],
            "change": line["change"],
            "from_group": line["from_group"],
            "to_group": line["to_group"],
            "source_url": line["source_url"],
            "note": line["note"],
        }
    return rows


GOAL_FIELDS = [
    "short_title_de",
    "short_title_en",
    "short_title_fr",
    "short_title_es",
    "full_title_de",
    "full_title_en",
    "full_title_fr",
    "source_urls",
    "confidence",
    "notes",
]


def sdg_goal_rows() -> dict:
    """Goals; `full_title_es` stays empty because no sourced Spanish title exists."""
    rows = {}
    for line in read_csv(SDG_GOALS_CSV):
        number = int(line["number"])
        rows[(number,)] = {
            "number": number,
            "full_title_es": "",
            **{field: line[field] for field in GOAL_FIELDS},
        }
    return rows


def sdg_target_rows() -> dict:
    """Targets with their UN order; German and Spanish titles stay empty (not sourced)."""
    lines = sorted(read_csv(SDG_TARGETS_CSV), key=lambda line: target_sort_key(line["target_code"]))
    rows, position, previous_goal = {}, 0, None
    for line in lines:
        goal = int(line["goal"])
        position = position + 1 if goal == previous_goal else 1
        previous_goal = goal
        rows[(line["target_code"],)] = {
            "code": line["target_code"],
            "goal_id": goal,
            "position": position,
            "title_en": line["title_en"],
            "title_fr": line["title_fr"],
            "title_de": "",
            "title_es": "",
            "source_url": line["source_url"],
        }
    return rows


def _fields(rows: dict, *keys: str) -> list[str]:
    """The fields to compare and update: every column except the natural key."""
    first = next(iter(rows.values()))
    return [field for field in first if field not in keys]


@transaction.atomic
def load_reference_data(stdout=None) -> dict[str, dict[str, int]]:
    """Synchronise countries, DAC lists and SDGs with the CSV files; return counts per table.

    The order matters for foreign keys: countries before DAC entries, goals
    before targets.
    """
    dac_lines = read_csv(DAC_LISTS_CSV)
    entry_key = ("dac_list_id", "country_id")
    plan = [
        ("countries", Country, country_rows(), ("iso2",), False),
        ("dac_lists", DacList, dac_list_rows(dac_lines), ("list_id",), False),
        ("dac_entries", DacListEntry, dac_entry_rows(dac_lines), entry_key, True),
        ("dac_changes", DacChange, dac_change_rows(), ("date", "country_id"), True),
        ("sdg_goals", SdgGoal, sdg_goal_rows(), ("number",), False),
        ("sdg_targets", SdgTarget, sdg_target_rows(), ("code",), False),
    ]
    result = {}
    for name, model, rows, keys, delete_missing in plan:
        counts = sync(model, rows, _fields(rows, *keys), delete_missing=delete_missing)
        result[name] = asdict(counts)
        if stdout is not None:
            stdout.write(
                f"{name}: {counts.total} rows ({counts.created} created, "
                f"{counts.updated} updated, {counts.deleted} deleted)"
            )
    return result


def ensure_reference_data() -> dict | None:
    """Load the reference data only into an empty database (tests, first start)."""
    if DacList.objects.exists():
        return None
    return load_reference_data()
