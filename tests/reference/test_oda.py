"""ODA eligibility on a date, against the documented DAC lists and every documented change."""

import csv
import itertools
from datetime import date, timedelta

import pytest

from partnerhub.reference.loader import DAC_CHANGES_CSV
from partnerhub.reference.models import Country, DacList
from partnerhub.reference.queries import (
    OdaStatus,
    oda_history,
    oda_status,
    oda_statuses_for,
    oda_statuses_on,
)

pytestmark = pytest.mark.django_db


def d(text: str) -> date:
    return date.fromisoformat(text)


# (iso2, date, eligible, group, list_id, confidence or None for "don't care")
DOCUMENTED = [
    ("CL", "2017-06-30", True, "UMIC", "L2014_2017", None),
    ("CL", "2017-12-31", True, "UMIC", "L2014_2017", None),
    ("CL", "2018-01-01", False, "", "L2018_2019", None),
    ("CL", "2019-06-30", False, "", "L2018_2019", None),
    ("UY", "2017-06-30", True, "UMIC", "L2014_2017", None),
    ("UY", "2019-06-30", False, "", "L2018_2019", None),
    ("SC", "2017-06-30", True, "UMIC", "L2014_2017", None),
    ("SC", "2019-06-30", False, "", "L2018_2019", None),
    ("CK", "2019-12-31", True, "UMIC", "L2018_2019", None),
    ("CK", "2020-01-01", False, "", "L2020", None),
    ("AG", "2021-07-01", True, "UMIC", "L2021", None),
    ("AG", "2022-07-01", False, "", "L2022_2023", None),
    ("NR", "2025-07-01", True, "UMIC", "L2025", None),
    ("NR", "2026-07-01", False, "", "L2026", None),
    ("BT", "2023-07-01", True, "LDC", "L2022_2023", None),
    ("BT", "2024-07-01", True, "LMIC", "L2024", None),
    ("SS", "2011-07-09", True, "OLIC", "L2011", "unverified"),
    ("SS", "2012-07-01", True, "LDC", "L2012_2013", "verified"),
    ("ST", "2024-07-01", True, "LDC", "L2024", None),
    ("ST", "2025-07-01", True, "LMIC", "L2025", None),
    ("PW", "2022-07-01", True, "UMIC", "L2022_2023", None),
    ("PW", "2023-07-01", True, "UMIC", "L2022_2023", None),
    ("DE", "2015-07-01", False, "", "L2014_2017", None),
    ("FR", "2024-07-01", False, "", "L2024", None),
    ("MS", "2026-03-01", True, "UMIC", "L2026", "unverified"),
    ("GH", "2030-01-01", True, "LMIC", "L2026", "reconstructed"),
]


@pytest.mark.parametrize(("iso2", "day", "eligible", "group", "list_id", "confidence"), DOCUMENTED)
def test_documented_answers(iso2, day, eligible, group, list_id, confidence):
    status = oda_status(iso2, d(day))
    assert status.list_known is True
    assert status.eligible is eligible
    assert status.group == group
    assert status.dac_list.list_id == list_id
    if confidence is not None:
        assert status.confidence == confidence


@pytest.mark.parametrize("iso2", ["DE", "FR"])
def test_never_listed_countries_are_not_eligible_on_any_list(iso2):
    history = oda_history(iso2)
    assert len(history) == DacList.objects.count() == 10
    assert all(status.list_known and status.eligible is False for status in history)
    assert all(status.dac_list is not None for status in history)


def test_before_the_first_list_the_answer_is_unknown():
    status = oda_status("GH", d("2010-11-18"))
    assert status.list_known is False
    assert status.eligible is None
    assert status.dac_list is None
    assert status.group == ""
    assert "no DAC list on record for this date" in status.explanation
    assert "2011 flows" in status.explanation


def test_first_day_of_the_first_list_is_known():
    assert oda_status("GH", d("2010-12-31")).list_known is False
    assert oda_status("GH", d("2011-01-01")).eligible is True


def test_not_listed_names_the_list_in_force():
    status = oda_status("CL", d("2019-06-30"))
    assert status.eligible is False
    assert "2018–2019" in status.explanation
    assert status.dac_list.label in status.explanation


def test_unverified_entry_is_said_in_the_explanation():
    status = oda_status("MS", d("2026-03-01"))
    assert status.is_unverified
    assert "unverified" in status.explanation
    assert "Montserrat" in status.note


def test_accepts_a_country_instance_and_lower_case_codes():
    chile = Country.objects.get(iso2="CL")
    assert oda_status(chile, d("2016-01-01")).eligible is True
    assert oda_status("cl", d("2016-01-01")).eligible is True


def test_oda_status_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        oda_status("BT", d("2023-05-01"))
    with django_assert_num_queries(1):
        oda_status("DE", d("2009-05-01"))


def test_status_is_frozen():
    status = oda_status("GH", d("2020-01-01"))
    assert isinstance(status, OdaStatus)
    with pytest.raises(AttributeError):
        status.eligible = False


def test_history_has_one_row_per_list_in_order(django_assert_num_queries):
    with django_assert_num_queries(1):
        history = oda_history("CK")
    assert [s.dac_list.list_id for s in history] == [
        "L2011",
        "L2012_2013",
        "L2014_2017",
        "L2018_2019",
        "L2020",
        "L2021",
        "L2022_2023",
        "L2024",
        "L2025",
        "L2026",
    ]
    assert [s.eligible for s in history] == [True] * 4 + [False] * 6


def test_statuses_on_a_date_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        entries = oda_statuses_on(d("2018-06-01"))
    assert len(entries) == 143
    assert "CL" not in entries
    assert entries["BT"].group == "LDC"
    assert entries["BT"].dac_list.list_id == "L2018_2019"
    assert oda_statuses_on(d("2010-06-01")) == {}


def test_statuses_for_many_countries_agree_with_single_answers():
    countries = list(Country.objects.filter(iso2__in=["CL", "BT", "DE", "MS", "ST"]))
    for day in ["2010-01-01", "2017-12-31", "2018-01-01", "2024-12-31", "2025-01-01", "2026-05-05"]:
        many = oda_statuses_for(countries, d(day))
        for country in countries:
            one = oda_status(country, d(day))
            assert many[country.iso2] == one, (country.iso2, day)


# --- Every documented change from 2012 on, replayed -------------------------------


def _changes_from_2012():
    with DAC_CHANGES_CSV.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["date"] >= "2012-01-01"]
    return [pytest.param(row, id=f"{row['date']}-{row['iso2']}-{row['change']}") for row in rows]


CHANGES = _changes_from_2012()


def test_the_replay_covers_the_documented_changes():
    assert len(CHANGES) == 46
    kinds = {param.values[0]["change"] for param in CHANGES}
    assert kinds == {"graduated", "regrouped"}


@pytest.mark.parametrize("row", CHANGES)
def test_change_takes_effect_on_its_date(row):
    """The day before the change the old state holds, from the change date the new one."""
    on = d(row["date"])
    before = oda_status(row["iso2"], on - timedelta(days=1))
    after = oda_status(row["iso2"], on)
    assert before.list_known and after.list_known
    assert before.dac_list != after.dac_list, "a change date is the first day of a new list"
    if row["change"] == "graduated":
        assert (before.eligible, before.group) == (True, row["from_group"])
        assert (after.eligible, after.group) == (False, "")
    elif row["change"] == "regrouped":
        assert (before.eligible, before.group) == (True, row["from_group"])
        assert (after.eligible, after.group) == (True, row["to_group"])
    elif row["change"] == "added":
        assert before.eligible is False
        assert (after.eligible, after.group) == (True, row["to_group"])
    else:
        pytest.fail(f"unknown change kind {row['change']!r}")


def test_lists_differ_exactly_by_the_documented_changes():
    """Between consecutive lists, every difference has a change row and vice versa."""
    lists = list(DacList.objects.order_by("effective_from").prefetch_related("entries"))
    with DAC_CHANGES_CSV.open(encoding="utf-8") as handle:
        documented = {(row["date"], row["iso2"]) for row in csv.DictReader(handle)}
    for previous, current in itertools.pairwise(lists):
        old = {e.country_id: e.group for e in previous.entries.all()}
        new = {e.country_id: e.group for e in current.entries.all()}
        differing = {iso2 for iso2 in old.keys() | new.keys() if old.get(iso2) != new.get(iso2)}
        day = current.effective_from.isoformat()
        assert differing == {iso2 for (when, iso2) in documented if when == day}, day
