"""Adopted joint action programmes of the climate partnerships, for everybody.

* `GET /api/v1/action-programmes`: every programme with an adopted version: the
  partnership (German municipality, partners with country), the adopted version's number
  and date of decision, and how many targets and measures it has.
* `GET /api/v1/action-programmes/{id}`: the adopted version with its fields of action,
  targets (indicator, unit, baseline and target with years), measures (targets served by
  number, responsible departments, dates, status, resources) and the latest submitted
  progress report (indicator values and measure statuses).

Only adopted versions and submitted reports are public, so the API needs no token. A
programme that does not exist, or that has never been adopted, is a 404 (a draft is not
revealed). Reads go through `climate.queries`, like the pages.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from partnerhub.api.schemas import ErrorOut, Language, lang_field
from partnerhub.climate import queries
from partnerhub.climate.models import ActionProgramme, ProgrammeStatus, ProgrammeVersion

router = Router(tags=["climate partnerships"])
MAX_ID = 2_147_483_647


class LangFilter(Schema):
    lang: Language | None = lang_field()


class MunicipalityOut(Schema):
    slug: str
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code")


class PartnershipOut(Schema):
    id: int
    german_municipality: MunicipalityOut
    partners: list[MunicipalityOut]
    phase: str
    joined_year: int
    is_sample: bool


class ProgrammeSummaryOut(Schema):
    id: int
    partnership: PartnershipOut
    version: int
    decision_date: date | None
    target_count: int
    measure_count: int


class FieldOfActionOut(Schema):
    name: str
    description: str


class TargetOut(Schema):
    number: int = Field(description="Number of the target in this version (1, 2, …)")
    field_of_action: str
    kind: str = Field(description="mitigation or adaptation")
    municipality: str = Field(description="slug of the municipality it concerns")
    indicator: str
    unit: str
    unit_label: str
    baseline_value: Decimal
    baseline_year: int
    target_value: Decimal
    target_year: int


class MoneyOut(Schema):
    amount: Decimal
    currency: str


class MeasureOut(Schema):
    title: str
    description: str
    kind: str
    targets: list[int] = Field(description="Numbers of the targets it serves")
    responsible_german: str
    responsible_partner: str
    start_date: date | None
    end_date: date | None
    status: str
    staff_person_days: Decimal | None
    money: MoneyOut | None
    know_how: str
    funding_source: str


class ValueOut(Schema):
    target: int
    value: Decimal
    unit: str


class MeasureStatusOut(Schema):
    measure: str
    status: str
    note: str


class ReportOut(Schema):
    year: int
    submitted_at: datetime | None
    narrative: str
    values: list[ValueOut]
    measures: list[MeasureStatusOut]


class ProgrammeOut(ProgrammeSummaryOut):
    summary: str
    department_international: str
    department_environment: str
    civil_society_actors: str
    fields_of_action: list[FieldOfActionOut]
    targets: list[TargetOut]
    measures: list[MeasureOut]
    latest_report: ReportOut | None


def _language(lang):
    return lang.value if lang else translation.get_language()


def _municipality(m) -> dict:
    return {"slug": m.slug, "name": m.name, "country": m.country_id}


def _partnership(climate) -> dict:
    partnership = climate.partnership
    return {
        "id": partnership.pk,
        "german_municipality": _municipality(partnership.german_municipality),
        "partners": [_municipality(p) for p in partnership.partners.all()],
        "phase": str(climate.phase),
        "joined_year": climate.joined_year,
        "is_sample": climate.is_sample,
    }


@router.get(
    "",
    response={200: list[ProgrammeSummaryOut], 400: ErrorOut},
    summary="Adopted action programmes",
)
def list_programmes(request, filters: Query[LangFilter]):
    """Every programme with an adopted version (two queries, whatever their number)."""
    adopted = Q(versions__status=ProgrammeStatus.ADOPTED)
    versions = {
        v.programme_id: v
        for v in ProgrammeVersion.objects.filter(status=ProgrammeStatus.ADOPTED)
        .annotate(
            n_targets=Count("targets", distinct=True), n_measures=Count("measures", distinct=True)
        )
        .order_by()
    }
    programmes = (
        ActionProgramme.objects.filter(adopted)
        .select_related(*(f"climate_partnership__{name}" for name in queries.PARTNERSHIP_RELATED))
        .prefetch_related(queries.partners_prefetch("climate_partnership__partnership__"))
        .order_by("pk")
    )
    with translation.override(_language(filters.lang)):
        return [
            {
                "id": programme.pk,
                "partnership": _partnership(programme.climate_partnership),
                "version": versions[programme.pk].number,
                "decision_date": versions[programme.pk].decision_date,
                "target_count": versions[programme.pk].n_targets,
                "measure_count": versions[programme.pk].n_measures,
            }
            for programme in programmes
            if programme.pk in versions
        ]


@router.get(
    "/{programme_id}",
    response={200: ProgrammeOut, 400: ErrorOut, 404: ErrorOut},
    summary="The adopted version of an action programme",
)
def get_programme(
    request,
    filters: Query[LangFilter],
    programme_id: int = Path(..., ge=1, le=MAX_ID, description="Id of the action programme."),
):
    """Targets, measures and the latest submitted progress report of the adopted version."""
    programme = queries.programme_for_page(programme_id)
    version = queries.adopted_version(programme) if programme else None
    if version is None:
        raise Http404(_("No adopted action programme with the id %(id)s.") % {"id": programme_id})
    with translation.override(_language(filters.lang)):
        content = queries.version_content(version)
        numbers = {t.pk: n for n, t in enumerate(content["targets"], start=1)}
        reports = queries.reports(programme, submitted_only=True)
        latest = reports[-1] if reports else None
        return {
            "id": programme.pk,
            "partnership": _partnership(programme.climate_partnership),
            "version": version.number,
            "decision_date": version.decision_date,
            "target_count": len(content["targets"]),
            "measure_count": len(content["measures"]),
            "summary": version.summary,
            "department_international": version.department_international,
            "department_environment": version.department_environment,
            "civil_society_actors": version.civil_society_actors,
            "fields_of_action": [
                {"name": f.name, "description": f.description} for f in content["fields"]
            ],
            "targets": [
                {
                    "number": numbers[t.pk],
                    "field_of_action": t.field_of_action.name,
                    "kind": t.kind,
                    "municipality": t.municipality.slug,
                    "indicator": t.indicator,
                    "unit": t.unit,
                    "unit_label": t.unit_label,
                    "baseline_value": t.baseline_value,
                    "baseline_year": t.baseline_year,
                    "target_value": t.target_value,
                    "target_year": t.target_year,
                }
                for t in content["targets"]
            ],
            "measures": [
                {
                    "title": m.title,
                    "description": m.description,
                    "kind": m.kind,
                    "targets": [numbers[t.pk] for t in m.targets.all() if t.pk in numbers],
                    "responsible_german": m.responsible_german,
                    "responsible_partner": m.responsible_partner,
                    "start_date": m.start_date,
                    "end_date": m.end_date,
                    "status": m.status,
                    "staff_person_days": m.staff_person_days,
                    "money": {"amount": m.money_amount, "currency": m.money_currency}
                    if m.money_amount is not None
                    else None,
                    "know_how": m.know_how,
                    "funding_source": m.funding_source,
                }
                for m in content["measures"]
            ],
            "latest_report": _report(latest, content["targets"]) if latest else None,
        }


def _report(report, targets) -> dict:
    """Values are matched to this version's targets by their key (a report on an earlier
    version reports on the same targets)."""
    numbers = {t.key: n for n, t in enumerate(targets, start=1)}
    return {
        "year": report.year,
        "submitted_at": report.submitted_at,
        "narrative": report.narrative,
        "values": [
            {"target": numbers.get(v.target.key, 0), "value": v.value, "unit": v.unit}
            for v in report.values.all()
        ],
        "measures": [
            {"measure": s.measure.title, "status": s.status, "note": s.note}
            for s in report.measure_statuses.all()
        ],
    }
