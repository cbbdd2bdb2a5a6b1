"""Reads shared by the climate pages, the API and the PDF/xlsx exports.

Each function runs a fixed number of queries whatever the number of rows: the dashboard
counts in the database; a programme page loads the version's content with prefetches.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerhub.conferences.models import Edition, SeriesKind
from partnerhub.reference.models import Municipality

from .models import (
    ActionProgramme,
    ClimatePartnership,
    ClimateProject,
    ExpertSecondment,
    FieldOfAction,
    IndicatorValue,
    Measure,
    MeasureProgress,
    MeasureStatus,
    ProgrammeStatus,
    ProgrammeVersion,
    ProgressReport,
    Target,
)

# A progress report for year Y is due by 31 March of year Y + 1.
REPORT_DUE = (3, 31)

PARTNERSHIP_RELATED = (
    "partnership__german_municipality",
    "partnership__german_municipality__country",
    "phase",
)


def partners_prefetch(prefix: str = "partnership__") -> Prefetch:
    return Prefetch(
        f"{prefix}partners",
        queryset=Municipality.objects.select_related("country").order_by("name"),
    )


def project() -> ClimateProject | None:
    return ClimateProject.objects.prefetch_related("phases").order_by("id").first()


def _with_state(queryset: QuerySet) -> QuerySet:
    """Annotate a climate partnership queryset with the state of its programme."""
    versions = ProgrammeVersion.objects.filter(programme__climate_partnership=OuterRef("pk"))
    return queryset.annotate(
        has_adopted=Exists(versions.filter(status=ProgrammeStatus.ADOPTED)),
        has_agreed=Exists(versions.filter(status=ProgrammeStatus.AGREED)),
        has_draft=Exists(versions.filter(status=ProgrammeStatus.DRAFT)),
    )


def state_of(climate: ClimatePartnership) -> str:
    """ "adopted", "agreed", "draft" or "none": the furthest state its programme reached."""
    if climate.has_adopted:
        return "adopted"
    if climate.has_agreed:
        return "agreed"
    if climate.has_draft:
        return "draft"
    return "none"


def climate_partnerships() -> QuerySet[ClimatePartnership]:
    """Every climate partnership with its sides, phase, programme and programme state."""
    return _with_state(
        ClimatePartnership.objects.select_related(
            *PARTNERSHIP_RELATED, "programme"
        ).prefetch_related(partners_prefetch())
    ).order_by("phase__order", "partnership__german_municipality__name", "pk")


@dataclass
class Dashboard:
    goal_count: int
    goal_year: int | None
    total: int = 0
    states: Counter = field(default_factory=Counter)
    by_phase: list[tuple[str, int, int]] = field(default_factory=list)  # label, total, adopted
    by_country: list[tuple[str, int, int]] = field(default_factory=list)
    measures_by_status: list[tuple[str, int]] = field(default_factory=list)

    @property
    def adopted(self) -> int:
        return self.states["adopted"]

    @property
    def drafted(self) -> int:
        """Programmes being written or agreed, not yet adopted."""
        return self.states["draft"] + self.states["agreed"]

    @property
    def goal_share(self) -> int:
        return round(100 * self.adopted / self.goal_count) if self.goal_count else 0


def dashboard(project_: ClimateProject | None, rows: list[ClimatePartnership]) -> Dashboard:
    """Figures of the project from the climate partnerships (as `climate_partnerships()`
    returns them) and one aggregate query for the measures."""
    board = Dashboard(
        goal_count=project_.goal_count if project_ else 50,
        goal_year=project_.goal_year if project_ else None,
    )
    phases: dict[str, list[int]] = {}
    countries: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for climate in rows:
        state = state_of(climate)
        board.total += 1
        board.states[state] += 1
        phase = phases.setdefault(str(climate.phase), [0, 0])
        phase[0] += 1
        phase[1] += state == "adopted"
        for name in sorted({p.country.name for p in climate.partnership.partners.all()}):
            countries[name][0] += 1
            countries[name][1] += state == "adopted"
    board.by_phase = [(label, total, adopted) for label, (total, adopted) in phases.items()]
    board.by_country = sorted(
        ((name, total, adopted) for name, (total, adopted) in countries.items()),
        key=lambda row: (-row[1], row[0]),
    )
    counts = dict(
        Measure.objects.filter(version__status=ProgrammeStatus.ADOPTED)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    board.measures_by_status = [
        (str(label), counts.get(value, 0)) for value, label in MeasureStatus.choices
    ]
    return board


def network_meetings() -> QuerySet[Edition]:
    """The network meetings: editions of the conference series of kind climate network."""
    return (
        Edition.objects.filter(series__kind=SeriesKind.CLIMATE_NETWORK)
        .select_related("series")
        .prefetch_related("parts")
        .order_by("number")
    )


# --- A programme ----------------------------------------------------------------------------


def programme_for_page(pk: int) -> ActionProgramme | None:
    return (
        ActionProgramme.objects.select_related(
            *(f"climate_partnership__{name}" for name in PARTNERSHIP_RELATED)
        )
        .prefetch_related(
            partners_prefetch("climate_partnership__partnership__"),
            Prefetch("versions", queryset=ProgrammeVersion.objects.order_by("-number")),
        )
        .filter(pk=pk)
        .first()
    )


def adopted_version(programme: ActionProgramme) -> ProgrammeVersion | None:
    """From the prefetched versions: the adopted one."""
    return next((v for v in programme.versions.all() if v.status == ProgrammeStatus.ADOPTED), None)


def open_version(programme: ActionProgramme) -> ProgrammeVersion | None:
    return next((v for v in programme.versions.all() if v.is_open), None)


def attach(version: ProgrammeVersion, programme: ActionProgramme) -> ProgrammeVersion:
    """Share the loaded programme (and its partnership) with the version for the rules."""
    version.programme = programme
    return version


def version_content(version: ProgrammeVersion) -> dict:
    """Fields of action with their targets, and the measures with the targets they serve."""
    targets = list(
        Target.objects.filter(version=version)
        .select_related("municipality", "field_of_action")
        .order_by("field_of_action__order", "field_of_action_id", "order", "pk")
    )
    fields = list(FieldOfAction.objects.filter(version=version))
    by_field = defaultdict(list)
    for target in targets:
        by_field[target.field_of_action_id].append(target)
    for field_ in fields:
        field_.target_list = by_field[field_.pk]
    measures = list(
        Measure.objects.filter(version=version).prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("order", "pk"))
        )
    )
    return {"fields": fields, "targets": targets, "measures": measures}


def reports(programme: ActionProgramme, *, submitted_only: bool) -> list[ProgressReport]:
    queryset = programme.reports.select_related("version").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.select_related("target")),
        Prefetch("measure_statuses", queryset=MeasureProgress.objects.select_related("measure")),
    )
    if submitted_only:
        queryset = queryset.filter(submitted_at__isnull=False)
    return list(queryset.order_by("year"))


@dataclass
class TargetProgress:
    target: Target
    rows: list[dict]  # year, path value, reported value

    @property
    def points(self) -> list[tuple[int, float]]:
        return [(row["year"], float(row["value"])) for row in self.rows if row["value"] is not None]

    @property
    def path(self) -> list[tuple[int, float]]:
        t = self.target
        return [(t.baseline_year, float(t.baseline_value)), (t.target_year, float(t.target_value))]


def target_progress(
    targets: list[Target], report_list: list[ProgressReport]
) -> list[TargetProgress]:
    """Per target: the reported values by year (followed across versions by the target's key)
    next to the straight path from baseline to target."""
    values: dict = defaultdict(dict)
    for report in report_list:
        for value in report.values.all():
            values[value.target.key][report.year] = value.value
    result = []
    for target in targets:
        reported = values.get(target.key, {})
        years = sorted({target.baseline_year, target.target_year, *reported})
        rows = [
            {
                "year": year,
                "path": target.path_value(year),
                "value": target.baseline_value
                if year == target.baseline_year and year not in reported
                else reported.get(year),
                "is_baseline": year == target.baseline_year,
            }
            for year in years
        ]
        result.append(TargetProgress(target, rows))
    return result


# --- Reports due -----------------------------------------------------------------------------


def due_years(adoption_year: int, today: datetime.date) -> list[int]:
    """Years whose report is due by today: from the adoption year on, each by 31 March after."""
    month, day = REPORT_DUE
    return [
        year
        for year in range(adoption_year, today.year)
        if today > datetime.date(year + 1, month, day)
    ]


@dataclass
class Overdue:
    climate: ClimatePartnership
    programme: ActionProgramme
    missing_years: list[int]


def overdue_reports(today: datetime.date | None = None) -> list[Overdue]:
    """Climate partnerships with an adopted programme whose due reports are not submitted."""
    today = today or timezone.localdate()
    programmes = (
        ActionProgramme.objects.filter(versions__status=ProgrammeStatus.ADOPTED)
        .select_related(*(f"climate_partnership__{name}" for name in PARTNERSHIP_RELATED))
        .prefetch_related(
            partners_prefetch("climate_partnership__partnership__"),
            Prefetch(
                "versions",
                queryset=ProgrammeVersion.objects.filter(
                    Q(status=ProgrammeStatus.ADOPTED) | Q(status=ProgrammeStatus.SUPERSEDED)
                ).order_by("decision_date"),
                to_attr="adopted_versions",
            ),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.filter(submitted_at__isnull=False),
                to_attr="submitted_reports",
            ),
        )
        .distinct()
    )
    result = []
    for programme in programmes:
        dates = [v.decision_date for v in programme.adopted_versions if v.decision_date]
        if not dates:
            continue
        reported = {r.year for r in programme.submitted_reports}
        missing = [y for y in due_years(dates[0].year, today) if y not in reported]
        if missing:
            result.append(Overdue(programme.climate_partnership, programme, missing))
    result.sort(key=lambda row: str(row.climate))
    return result


# --- Secondments ------------------------------------------------------------------------------


def secondments() -> QuerySet[ExpertSecondment]:
    return (
        ExpertSecondment.objects.select_related(
            *(f"climate_partnership__{name}" for name in PARTNERSHIP_RELATED)
        )
        .prefetch_related(partners_prefetch("climate_partnership__partnership__"), "costs")
        .order_by("-requested_at", "-pk")
    )
