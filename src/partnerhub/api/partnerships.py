"""The partnership registry: /api/v1/partnerships and /api/v1/partnerships/{id}.

The list searches and filters exactly as the pages do (`partnerships.queries.
search_partnerships`): `q` full text (PostgreSQL: German and English stemming,
ranked; SQLite: every word as a substring), `country` (ISO code of a partner's
country), `region` (world region of a partner's country), `kind` (`climate` also
finds partnerships inside another kind that take part in the climate partnerships
project), `sdg` (1–17), `theme`. Paginated with `limit` and `offset`; `count` is
the number of all matching partnerships. Public: no token needed. Bad parameters
answer 400, an unknown partnership 404, both as JSON with `detail`.
"""

from enum import StrEnum

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from ninja import Path, Query, Router, Schema
from pydantic import Field

from partnerhub.api.schemas import ErrorOut, Language, lang_field
from partnerhub.partnerships import queries
from partnerhub.partnerships.map import is_climate
from partnerhub.partnerships.models import Partnership, PartnershipKind
from partnerhub.reference.models import Region, Theme

router = Router(tags=["partnerships"])

KindParam = StrEnum("KindParam", {value: value for value in PartnershipKind.values})
RegionParam = StrEnum(
    "RegionParam", {value: value for value in Region.values if value != Region.GERMANY}
)
ThemeParam = StrEnum("ThemeParam", {value: value for value in Theme.values})


class PartnershipQuery(Schema):
    q: str | None = Field(None, max_length=200, description="Words to search for.")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO code of a partner's country, e.g. GH."
    )
    region: RegionParam | None = Field(None, description="World region of a partner's country.")
    kind: KindParam | None = Field(
        None, description="Kind of partnership; `climate` includes partnerships in the project."
    )
    sdg: int | None = Field(None, ge=1, le=17, description="SDG number.")
    theme: ThemeParam | None = Field(None, description="Theme field of the partnership.")
    limit: int = Field(50, ge=1, le=200, description="Number of partnerships per page.")
    offset: int = Field(0, ge=0, description="Number of partnerships to skip.")
    lang: Language | None = lang_field()


class MunicipalityOut(Schema):
    id: int
    slug: str
    name: str
    country: str = Field(description="ISO code.")
    country_name: str
    latitude: float | None
    longitude: float | None


class SdgOut(Schema):
    number: int
    title: str


class ContactOut(Schema):
    municipality: str = Field(description="Slug of the municipality.")
    role: str
    email: str


class PartnershipOut(Schema):
    id: int
    kind: str
    kind_label: str
    is_climate_partnership: bool = Field(
        description="Of the climate kind, or inside another kind in the climate project."
    )
    since_year: int | None
    status: str
    german_municipality: MunicipalityOut
    partners: list[MunicipalityOut]
    themes: list[str]
    sdgs: list[SdgOut]
    description: str = Field(description="In the requested language, else a fallback.")
    is_sample: bool
    url: str


class PartnershipDetailOut(PartnershipOut):
    descriptions: dict[str, str] = Field(description="By language code (de, en, fr, es).")
    contacts: list[ContactOut]


class PartnershipPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[PartnershipOut]


def _municipality(municipality) -> dict:
    return {
        "id": municipality.pk,
        "slug": municipality.slug,
        "name": municipality.name,
        "country": municipality.country_id,
        "country_name": municipality.country.name,
        "latitude": float(municipality.latitude) if municipality.latitude is not None else None,
        "longitude": float(municipality.longitude) if municipality.longitude is not None else None,
    }


def _partnership(partnership: Partnership, *, detail: bool = False) -> dict:
    data = {
        "id": partnership.pk,
        "kind": partnership.kind,
        "kind_label": str(partnership.get_kind_display()),
        "is_climate_partnership": is_climate(partnership),
        "since_year": partnership.since_year,
        "status": partnership.status,
        "german_municipality": _municipality(partnership.german_municipality),
        "partners": [_municipality(partner) for partner in partnership.partners.all()],
        "themes": list(partnership.themes),
        "sdgs": [{"number": g.number, "title": g.short_title} for g in partnership.sdgs.all()],
        "description": partnership.description,
        "is_sample": partnership.is_sample,
        "url": reverse("partnerships:detail", args=[partnership.pk]),
    }
    if detail:
        data["descriptions"] = {
            code: getattr(partnership, f"description_{code}")
            for code in ("de", "en", "fr", "es")
            if getattr(partnership, f"description_{code}")
        }
        data["contacts"] = [
            {"municipality": c.municipality.slug, "role": c.role, "email": c.email}
            for c in partnership.contacts.all()
        ]
    return data


def _language(lang: Language | None) -> str:
    return lang.value if lang else translation.get_language()


@router.get("", response={200: PartnershipPage, 400: ErrorOut}, summary="Partnerships")
def list_partnerships(request, params: Query[PartnershipQuery]):
    """Search and filter the registry (as the list page and the map do); paginated."""
    filters = queries.PartnershipFilters(
        q=params.q or "",
        country=(params.country or "").upper(),
        region=params.region.value if params.region else "",
        kind=params.kind.value if params.kind else "",
        sdg=params.sdg,
        theme=params.theme.value if params.theme else "",
    )
    partnerships = queries.search_partnerships(filters)
    with translation.override(_language(params.lang)):
        rows = list(partnerships[params.offset : params.offset + params.limit])
        return {
            "count": partnerships.count(),
            "limit": params.limit,
            "offset": params.offset,
            "results": [_partnership(partnership) for partnership in rows],
        }


class LanguageQuery(Schema):
    lang: Language | None = lang_field()


@router.get(
    "/{partnership_id}",
    response={200: PartnershipDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One partnership",
)
def get_partnership(
    request,
    params: Query[LanguageQuery],
    partnership_id: int = Path(..., ge=1, le=2**31 - 1, description="Id of the partnership."),
):
    """One partnership with both sides, themes, SDGs, descriptions and contact roles."""
    partnership = queries.partnership_profile(partnership_id)
    if partnership is None:
        raise Http404(f"No partnership with the id {partnership_id}.")
    with translation.override(_language(params.lang)):
        return _partnership(partnership, detail=True)
