"""Partnership conferences: /api/v1/series and /api/v1/editions.

Reads go through `conferences.queries`; dates come with their precision
(`start` is ISO 8601 at that precision: "2021-10" for a month, "2022" for a year).
Bad parameters answer 400 with {"detail": ...}, an unknown edition 404.
"""

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from partnerhub.api.schemas import ErrorOut, Language, lang_field
from partnerhub.conferences import queries
from partnerhub.conferences.dates import partial_iso
from partnerhub.conferences.models import ConferenceSeries, Edition

series_router = Router(tags=["conferences"])
editions_router = Router(tags=["conferences"])


class SeriesOut(Schema):
    slug: str
    kind: str
    region: str | None
    title: str
    description: str
    rotation_years: int | None
    is_active: bool
    last_year: int | None = Field(description="Year of the latest held or planned edition.")
    next_due_year: int | None = Field(description="Last year plus the rotation.")
    due_not_scheduled: bool


class PartOut(Schema):
    start: str
    end: str | None
    precision: str
    dates: str
    label: str
    is_online: bool


class HostOut(Schema):
    slug: str
    name: str


class EditionOut(Schema):
    id: int
    series: str
    number: int
    title: str
    year: int | None
    dates: str
    status: str
    place: str | None = Field(description="Null while the place is open (N.N.) or online only.")
    place_is_open: bool
    is_online: bool
    host_municipality: HostOut | None
    guiding_question: str
    url: str
    ics_url: str


class EditionDetailOut(EditionOut):
    description: str
    parts: list[PartOut]
    sdgs: list[int]
    source_note: str


class LanguageFilter(Schema):
    lang: Language | None = lang_field()


class EditionFilters(Schema):
    series: str | None = Field(None, description="Series slug, e.g. africa")
    year: int | None = Field(None, ge=1900, le=2100, description="Year of the first part")
    lang: Language | None = lang_field()


def _language(lang: Language | None) -> str:
    return lang.value if lang else translation.get_language()


def _edition(edition: Edition, *, detail: bool = False) -> dict:
    args = [edition.series.slug, edition.number]
    data = {
        "id": edition.pk,
        "series": edition.series.slug,
        "number": edition.number,
        "title": edition.display_title,
        "year": edition.year,
        "dates": edition.dates_display,
        "status": edition.status,
        "place": edition.place or None,
        "place_is_open": edition.place_is_open,
        "is_online": edition.is_online,
        "host_municipality": (
            {"slug": edition.host_municipality.slug, "name": edition.host_municipality.name}
            if edition.host_municipality
            else None
        ),
        "guiding_question": edition.guiding_question,
        "url": reverse("conferences:edition", args=args),
        "ics_url": reverse("conferences:edition_ics", args=args),
    }
    if detail:
        data.update(
            description=edition.description,
            parts=[
                {
                    "start": partial_iso(part.start, part.precision),
                    "end": partial_iso(part.end, part.precision) if part.end else None,
                    "precision": part.precision,
                    "dates": part.dates_display,
                    "label": part.label,
                    "is_online": part.is_online,
                }
                for part in edition.ordered_parts
            ],
            sdgs=[goal.number for goal in edition.sdgs.all()],
            source_note=edition.source_note,
        )
    return data


@series_router.get("", response={200: list[SeriesOut], 400: ErrorOut}, summary="Conference series")
def list_series(request, filters: Query[LanguageFilter]):
    """Every series with its rotation: last year, next due year, due but not scheduled."""
    with translation.override(_language(filters.lang)):
        series_list = queries.series_with_editions()
        plan = queries.rotation_plan(series_list=series_list)
        return [
            {
                "slug": series.slug,
                "kind": series.kind,
                "region": series.region or None,
                "title": series.title,
                "description": series.description,
                "rotation_years": series.rotation_years,
                "is_active": series.is_active,
                "last_year": plan.plan_for(series.slug).last_year,
                "next_due_year": plan.plan_for(series.slug).next_due_year,
                "due_not_scheduled": plan.plan_for(series.slug).due_not_scheduled,
            }
            for series in series_list
        ]


@editions_router.get(
    "", response={200: list[EditionOut], 400: ErrorOut}, summary="Conference editions"
)
def list_editions(request, filters: Query[EditionFilters]):
    """All editions, newest first; filter by `series` (slug) and `year` (of the first part)."""
    if filters.series and not ConferenceSeries.objects.filter(slug=filters.series).exists():
        raise HttpError(400, f"Unknown series {filters.series!r}.")
    with translation.override(_language(filters.lang)):
        editions = queries.editions_public(series=filters.series or "", year=filters.year)
        return [_edition(edition) for edition in editions]


@editions_router.get(
    "/{edition_id}",
    response={200: EditionDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One conference edition",
)
def get_edition(
    request,
    filters: Query[LanguageFilter],
    edition_id: int = Path(..., description="Id of the edition (`id` in /editions)."),
):
    """One edition with its parts (dates at their precision), SDGs and source note."""
    edition = queries.editions_public().filter(pk=edition_id).first()
    if edition is None:
        raise Http404(f"No conference edition with the id {edition_id}.")
    with translation.override(_language(filters.lang)):
        return _edition(edition, detail=True)
