"""Reads of conferences shared by pages and the API, and the rotation planner.

The rotation planner is one set of pure functions (`series_plan`, `find_collisions`,
`build_timeline`, `plan_rotation`) over plain data (`SeriesHistory`), so it can be
tested against the history in DOMAIN.md without a database; `rotation_plan()`
loads that history in a fixed number of queries and runs it.

The rules of the rotation (DOMAIN.md §1: each region every three years, the
regions alternate):

* the last year of a series is the year of its latest edition that was held or
  is planned (cancelled editions do not count); the year of an edition is the
  year of its first part;
* the next due year is that year plus the series' rotation (no due year when the
  sources state no rotation, as for the German-Ukrainian network);
* an edition is *due but not scheduled* when the next due year is at most next
  year (as of today) and no edition of the series lies in that year or later;
* a *collision* is a year in which two or more regional series have an edition
  or are due.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Min, Prefetch, QuerySet
from django.utils import timezone

from partnerhub.accounts.predicates import current_memberships, is_organiser
from partnerhub.reference.models import Municipality

from ..dates import period_end
from ..models import ConferenceSeries, Edition, EditionPart, EditionStatus, HostingInterest

TIMELINE_FIRST_YEAR = 2010
TIMELINE_YEARS_AHEAD = 6
COUNTING = frozenset(
    {
        EditionStatus.PLANNED,
        EditionStatus.REGISTRATION_OPEN,
        EditionStatus.REGISTRATION_CLOSED,
        EditionStatus.HELD,
    }
)
UPCOMING = COUNTING - {EditionStatus.HELD}


# --- The rotation planner (pure) -------------------------------------------------


@dataclass(frozen=True)
class EditionYear:
    number: int
    year: int
    status: str
    edition: object = None  # the Edition, for links; the planner never looks at it

    @property
    def counts(self) -> bool:
        return self.status in COUNTING


@dataclass(frozen=True)
class SeriesHistory:
    slug: str
    title: str
    is_regional: bool
    rotation_years: int | None
    editions: tuple[EditionYear, ...] = ()
    is_active: bool = True
    series: object = None


@dataclass(frozen=True)
class SeriesPlan:
    history: SeriesHistory
    last_year: int | None
    next_due_year: int | None
    due_not_scheduled: bool
    overdue: bool

    @property
    def slug(self) -> str:
        return self.history.slug


@dataclass(frozen=True)
class Collision:
    year: int
    slugs: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True)
class TimelineCell:
    year: int
    kind: str  # "edition", "due", "overdue", "projected" or "" (nothing)
    editions: tuple[EditionYear, ...] = ()
    collision: bool = False


@dataclass(frozen=True)
class TimelineRow:
    plan: SeriesPlan
    cells: tuple[TimelineCell, ...]


@dataclass(frozen=True)
class RotationPlan:
    today: datetime.date
    plans: tuple[SeriesPlan, ...]
    collisions: tuple[Collision, ...]
    years: tuple[int, ...]
    rows: tuple[TimelineRow, ...] = field(default=())

    @property
    def due_not_scheduled(self) -> list[SeriesPlan]:
        return [plan for plan in self.plans if plan.due_not_scheduled]

    def plan_for(self, slug: str) -> SeriesPlan:
        return next(plan for plan in self.plans if plan.slug == slug)


def series_plan(history: SeriesHistory, today: datetime.date) -> SeriesPlan:
    years = [edition.year for edition in history.editions if edition.counts]
    last_year = max(years) if years else None
    next_due = None
    if last_year is not None and history.rotation_years and history.is_active:
        next_due = last_year + history.rotation_years
    scheduled = next_due is not None and any(year >= next_due for year in years)
    due_not_scheduled = next_due is not None and next_due <= today.year + 1 and not scheduled
    return SeriesPlan(
        history=history,
        last_year=last_year,
        next_due_year=next_due,
        due_not_scheduled=due_not_scheduled,
        overdue=due_not_scheduled and next_due < today.year,
    )


def find_collisions(plans: list[SeriesPlan]) -> list[Collision]:
    """Years in which two or more regional series have an edition or are due."""
    by_year: dict[int, list[SeriesPlan]] = {}
    for plan in plans:
        if not plan.history.is_regional:
            continue
        years = {edition.year for edition in plan.history.editions if edition.counts}
        if plan.next_due_year is not None:
            years.add(plan.next_due_year)
        for year in years:
            by_year.setdefault(year, []).append(plan)
    return [
        Collision(
            year=year,
            slugs=tuple(plan.slug for plan in members),
            titles=tuple(plan.history.title for plan in members),
        )
        for year, members in sorted(by_year.items())
        if len(members) > 1
    ]


def build_timeline(
    plans: list[SeriesPlan], collisions: list[Collision], years: range
) -> list[TimelineRow]:
    colliding = {(year, slug) for c in collisions for year in (c.year,) for slug in c.slugs}
    rows = []
    for plan in plans:
        rotation = plan.history.rotation_years
        cells = []
        for year in years:
            editions = tuple(e for e in plan.history.editions if e.year == year)
            kind = ""
            if editions:
                kind = "edition"
            elif plan.next_due_year is not None and year == plan.next_due_year:
                kind = "overdue" if plan.overdue else "due"
            elif (
                plan.next_due_year is not None
                and rotation
                and year > plan.next_due_year
                and (year - plan.next_due_year) % rotation == 0
            ):
                kind = "projected"
            cells.append(
                TimelineCell(
                    year=year,
                    kind=kind,
                    editions=editions,
                    collision=(year, plan.slug) in colliding,
                )
            )
        rows.append(TimelineRow(plan=plan, cells=tuple(cells)))
    return rows


def plan_rotation(histories: list[SeriesHistory], today: datetime.date) -> RotationPlan:
    plans = [series_plan(history, today) for history in histories]
    collisions = find_collisions(plans)
    years = range(TIMELINE_FIRST_YEAR, today.year + TIMELINE_YEARS_AHEAD + 1)
    return RotationPlan(
        today=today,
        plans=tuple(plans),
        collisions=tuple(collisions),
        years=tuple(years),
        rows=tuple(build_timeline(plans, collisions, years)),
    )


# --- Reads --------------------------------------------------------------------------


def _parts() -> Prefetch:
    return Prefetch("parts", queryset=EditionPart.objects.order_by("start", "id"))


def editions_public(*, series: str = "", year: int | None = None) -> QuerySet[Edition]:
    """All editions, newest first (by their first part), with what a list shows (3 queries)."""
    editions = (
        Edition.objects.select_related("series", "host_municipality")
        .prefetch_related(_parts(), "sdgs")
        .annotate(first_start=Min("parts__start"))
        .order_by("-first_start", "series__position", "-number")
    )
    if series:
        editions = editions.filter(series__slug=series)
    if year is not None:
        editions = editions.filter(first_start__year=year)
    return editions


def edition_detail(*, series: str, number: int) -> Edition | None:
    return editions_public(series=series).filter(number=number).first()


def series_with_editions() -> list[ConferenceSeries]:
    """Every series with its editions (and their parts and hosts), in 3 queries."""
    editions = (
        Edition.objects.select_related("host_municipality")
        .prefetch_related(_parts())
        .order_by("number")
    )
    return list(ConferenceSeries.objects.prefetch_related(Prefetch("editions", queryset=editions)))


def histories(series_list: list[ConferenceSeries]) -> list[SeriesHistory]:
    """The planner's input from series loaded by `series_with_editions` (no further query)."""
    result = []
    for series in series_list:
        editions = tuple(
            EditionYear(number=e.number, year=e.year, status=e.status, edition=e)
            for e in series.editions.all()
            if e.year is not None
        )
        result.append(
            SeriesHistory(
                slug=series.slug,
                title=series.title,
                is_regional=series.is_regional,
                rotation_years=series.rotation_years,
                editions=editions,
                is_active=series.is_active,
                series=series,
            )
        )
    return result


def rotation_plan(
    today: datetime.date | None = None, series_list: list[ConferenceSeries] | None = None
) -> RotationPlan:
    """The rotation plan as of `today` (default: today in Berlin)."""
    series_list = series_with_editions() if series_list is None else series_list
    return plan_rotation(histories(series_list), today or timezone.localdate())


def is_upcoming(edition: Edition, today: datetime.date) -> bool:
    if edition.status not in UPCOMING:
        return False
    parts = edition.ordered_parts
    if not parts:
        return True
    return any(period_end(p.start, p.end, p.precision) >= today for p in parts)


def upcoming_editions(
    today: datetime.date | None = None, series_list: list[ConferenceSeries] | None = None
) -> list[Edition]:
    """Editions still to come (planned, registration open or closed), soonest first."""
    today = today or timezone.localdate()
    series_list = series_with_editions() if series_list is None else series_list
    found = [
        edition
        for series in series_list
        for edition in series.editions.all()
        if is_upcoming(edition, today)
    ]
    return sorted(found, key=lambda e: e.ordered_parts[0].start if e.ordered_parts else today)


def next_upcoming_edition(today: datetime.date | None = None) -> Edition | None:
    """For the home page: the soonest edition still to come, in 2 queries."""
    today = today or timezone.localdate()
    candidates = (
        Edition.objects.filter(status__in=UPCOMING)
        .select_related("series")
        .prefetch_related(_parts())
    )
    upcoming = [edition for edition in candidates if is_upcoming(edition, today)]
    upcoming.sort(key=lambda e: e.ordered_parts[0].start if e.ordered_parts else today)
    return upcoming[0] if upcoming else None


def hosting_interests_for_organisers() -> QuerySet[HostingInterest]:
    return HostingInterest.objects.select_related(
        "municipality", "series", "submitted_by", "decided_by"
    ).order_by("-status", "year", "series__position", "id")


def hosting_interests_of(person) -> QuerySet[HostingInterest]:
    """The interests of the municipalities the person currently acts for."""
    ids = list(current_memberships(person).municipalities)
    return (
        HostingInterest.objects.filter(municipality_id__in=ids)
        .select_related("municipality", "series")
        .order_by("-submitted_at", "-id")
    )


def municipalities_that_may_offer(person) -> QuerySet[Municipality]:
    """German municipalities the person may express interest for (organisers: all)."""
    german = Municipality.objects.filter(country_id="DE").order_by("name")
    if is_organiser(person):
        return german
    return german.filter(pk__in=list(current_memberships(person).municipalities))
