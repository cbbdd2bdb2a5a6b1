"""The rotation planner against the history of DOMAIN.md §1, and on small invented histories."""

import datetime

import pytest

from partnerhub.conferences.queries import (
    EditionYear,
    SeriesHistory,
    plan_rotation,
    rotation_plan,
    series_plan,
)

from .helpers import TODAY


@pytest.fixture
def plan(history):
    return rotation_plan(TODAY)


def test_next_due_years_from_the_history(plan):
    due = {p.slug: (p.last_year, p.next_due_year) for p in plan.plans}
    assert due == {
        "africa": (2025, 2028),
        "latin-america": (2024, 2027),
        "asia": (2023, 2026),
        "eastern-europe": (2020, 2023),
        "german-ukrainian": (2025, None),  # the sources state no rotation for the network
    }


def test_due_but_not_scheduled_as_of_2026(plan):
    assert [p.slug for p in plan.due_not_scheduled] == ["latin-america", "asia", "eastern-europe"]
    assert plan.plan_for("eastern-europe").overdue
    assert not plan.plan_for("asia").overdue  # due this year, not yet late
    assert not plan.plan_for("africa").due_not_scheduled  # 2028 is more than a year away


def test_collisions_are_computed_from_the_data(plan):
    collisions = {c.year: set(c.slugs) for c in plan.collisions}
    assert collisions == {
        2017: {"asia", "eastern-europe"},  # Bonn and Esslingen
        2021: {"latin-america", "asia"},  # both planned (N.N. October, Leipzig February)
        2023: {"asia", "eastern-europe"},  # Hildesheim, and Eastern Europe was due
    }


def test_the_network_never_collides(plan):
    assert all("german-ukrainian" not in c.slugs for c in plan.collisions)


def test_timeline_covers_2010_to_six_years_ahead(plan):
    assert plan.years[0] == 2010 and plan.years[-1] == TODAY.year + 6
    rows = {row.plan.slug: {cell.year: cell for cell in row.cells} for row in plan.rows}
    assert len(rows) == 5
    africa = rows["africa"]
    assert [c.editions[0].number for y, c in africa.items() if c.kind == "edition"] == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert africa[2028].kind == "due" and africa[2031].kind == "projected"
    assert rows["eastern-europe"][2023].kind == "overdue"
    assert rows["eastern-europe"][2020].editions[0].number == 2
    assert rows["asia"][2017].collision and not rows["africa"][2016].collision


def history_of(slug, years, rotation=3, statuses=None, regional=True):
    statuses = statuses or {}
    return SeriesHistory(
        slug=slug,
        title=slug,
        is_regional=regional,
        rotation_years=rotation,
        editions=tuple(
            EditionYear(number=i + 1, year=year, status=statuses.get(year, "held"))
            for i, year in enumerate(years)
        ),
    )


def test_cancelled_editions_do_not_count():
    plan = series_plan(
        history_of("x", [2015, 2018], statuses={2018: "cancelled"}), datetime.date(2026, 1, 1)
    )
    assert plan.last_year == 2015 and plan.next_due_year == 2018 and plan.overdue


def test_a_scheduled_next_edition_is_not_due():
    plan = series_plan(history_of("x", [2022, 2025], statuses={2025: "planned"}), TODAY)
    assert plan.next_due_year == 2028 and not plan.due_not_scheduled


def test_no_history_no_due_year():
    plan = series_plan(history_of("x", []), TODAY)
    assert plan.last_year is None and plan.next_due_year is None and not plan.due_not_scheduled


def test_collision_between_an_edition_and_a_due_year_only_for_regional_series():
    plans = plan_rotation(
        [
            history_of("a", [2024]),
            history_of("b", [2027]),
            history_of("net", [2027], regional=False, rotation=None),
        ],
        datetime.date(2025, 1, 1),
    )
    assert [(c.year, c.slugs) for c in plans.collisions] == [(2027, ("a", "b"))]
