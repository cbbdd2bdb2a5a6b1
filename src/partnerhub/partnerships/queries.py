"""Reads of partnerships shared by pages and the API, each a fixed number of queries.

`search_partnerships(filters)` is the one place where the registry is searched and
filtered: the list page, the map and `GET /api/v1/partnerships` all call it.

Full text
    On PostgreSQL the text is matched with PostgreSQL's full text search: one
    document per partnership made of the names of both sides (`simple`
    configuration, weight A), the German description with the `german`
    configuration and the English one with `english` (weight B), the French and
    Spanish descriptions with `simple` (weight C). The document is stored
    (`Partnership.search_vector` with a GIN index, kept current by
    `search.refresh_search_vectors`), so a search is an index lookup. The words
    typed are looked up as prefixes in the German, English and simple
    configurations at once (any of the three may match), so "Partnerschaften"
    finds "Partnerschaft", "climate" finds "Climate" and "Muster" finds
    "Musterstadt". Results are ranked (`ts_rank` of the stored document), best
    first.

    On SQLite (the newcomer's demo) every word must occur, case-insensitively, in
    one of the same fields; results keep the registry's order.

Filters
    `country` (ISO code of a partner's country), `region` (world region of a
    partner's country), `kind` (a climate partnership is also one that takes part
    in the climate partnerships project: `climate_partnership` record), `sdg`
    (number), `theme` (value of `reference.Theme`). Filters on the partner side
    use sub-queries, so a partnership is never listed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet

from partnerhub.reference.models import Municipality, SdgGoal

from .models import Partnership, PartnershipContact, PartnershipKind

MAX_QUERY_WORDS = 8
WORD = re.compile(r"\w+", re.UNICODE)
DESCRIPTION_FIELDS = ("description_de", "description_en", "description_fr", "description_es")


@dataclass(frozen=True)
class PartnershipFilters:
    """What the reader asked for; empty values mean "any". Values are validated by the caller."""

    q: str = ""
    country: str = ""
    region: str = ""
    kind: str = ""
    sdg: int | None = None
    theme: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.q, self.country, self.region, self.kind, self.sdg, self.theme))

    def as_params(self) -> dict[str, str]:
        """The non-empty filters as query parameters (for page links and the map link)."""
        params = {
            "q": self.q,
            "country": self.country,
            "region": self.region,
            "kind": self.kind,
            "sdg": str(self.sdg) if self.sdg else "",
            "theme": self.theme,
        }
        return {key: value for key, value in params.items() if value}


def has_climate_relation() -> bool:
    """Whether the climate app's `ClimatePartnership` (related_name climate_partnership) exists."""
    try:
        Partnership._meta.get_field("climate_partnership")
    except FieldDoesNotExist:
        return False
    return True


def climate_q() -> Q:
    """Climate partnerships: of the kind, or inside another kind with a climate project record."""
    condition = Q(kind=PartnershipKind.CLIMATE)
    if has_climate_relation():
        condition |= Q(climate_partnership__isnull=False)
    return condition


def partnerships_public(*, country: str = "", kind: str = "") -> QuerySet[Partnership]:
    """Every partnership with both sides and their countries, ready for lists (fixed queries)."""
    partners = Municipality.objects.select_related("country").order_by("name", "pk")
    partnerships = Partnership.objects.select_related(
        "german_municipality", "german_municipality__country"
    ).prefetch_related(Prefetch("partners", queryset=partners), "sdgs")
    # The stored search document is for matching only: never loaded into lists.
    partnerships = partnerships.defer("search_vector")
    if has_climate_relation():
        partnerships = partnerships.select_related("climate_partnership")
    if country or kind:
        partnerships = _filter(partnerships, PartnershipFilters(country=country, kind=kind))
    return partnerships


def partnership_profile(pk: int) -> Partnership | None:
    """One partnership for its public profile: sides, SDGs, contacts with their municipality."""
    contacts = PartnershipContact.objects.select_related("municipality").order_by("position", "pk")
    return (
        partnerships_public()
        .prefetch_related(Prefetch("contacts", queryset=contacts))
        .filter(pk=pk)
        .first()
    )


def _partner_ids(condition: Q) -> QuerySet:
    """Ids of partnerships with at least one partner municipality matching `condition`."""
    through = Partnership.partners.through
    return through.objects.filter(condition).values("partnership_id")


def _filter(partnerships: QuerySet[Partnership], filters: PartnershipFilters) -> QuerySet:
    if filters.country:
        partnerships = partnerships.filter(
            pk__in=_partner_ids(Q(municipality__country_id=filters.country.upper()))
        )
    if filters.region:
        partnerships = partnerships.filter(
            pk__in=_partner_ids(Q(municipality__country__region=filters.region))
        )
    if filters.kind == PartnershipKind.CLIMATE:
        partnerships = partnerships.filter(climate_q())
    elif filters.kind:
        partnerships = partnerships.filter(kind=filters.kind)
    if filters.sdg:
        through = Partnership.sdgs.through
        partnerships = partnerships.filter(
            pk__in=through.objects.filter(sdggoal_id=filters.sdg).values("partnership_id")
        )
    if filters.theme:
        if connection.vendor == "postgresql":
            partnerships = partnerships.filter(themes__contains=[filters.theme])
        else:
            # SQLite has no JSON containment: the stored list's text holds the quoted value.
            partnerships = partnerships.filter(themes__icontains=f'"{filters.theme}"')
    return partnerships


def query_words(text: str) -> list[str]:
    """The words of a search text (letters and digits only), at most MAX_QUERY_WORDS."""
    return WORD.findall(text or "")[:MAX_QUERY_WORDS]


def _postgres_search(partnerships: QuerySet[Partnership], words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # Each word as a prefix, all words required; any of the three configurations may match.
    raw = " & ".join(f"{word}:*" for word in words)
    query = (
        SearchQuery(raw, config="german", search_type="raw")
        | SearchQuery(raw, config="english", search_type="raw")
        | SearchQuery(raw, config="simple", search_type="raw")
    )
    # The stored document (`search.py`), so the GIN index answers the match.
    return (
        partnerships.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "german_municipality__name", "pk")
    )


def _fallback_search(partnerships: QuerySet[Partnership], words: list[str]) -> QuerySet:
    for word in words:
        text = Q(german_municipality__name__icontains=word)
        for field in DESCRIPTION_FIELDS:
            text |= Q(**{f"{field}__icontains": word})
        text |= Q(pk__in=_partner_ids(Q(municipality__name__icontains=word)))
        partnerships = partnerships.filter(text)
    return partnerships


def search_partnerships(filters: PartnershipFilters) -> QuerySet[Partnership]:
    """The registry filtered and searched (see the module's docstring); ready for lists."""
    partnerships = _filter(partnerships_public(), filters)
    words = query_words(filters.q)
    if not words:
        return partnerships
    if connection.vendor == "postgresql":
        return _postgres_search(partnerships, words)
    return _fallback_search(partnerships, words)


def filter_choices() -> dict:
    """Choices of the filter form that come from the data: partner countries and SDGs."""
    from partnerhub.reference.models import Country

    countries = (
        Country.objects.filter(
            pk__in=Municipality.objects.filter(partnerships_as_partner__isnull=False).values(
                "country_id"
            )
        )
        .order_by("name_en")
        .only("iso2", "name_en", "name_de", "name_fr", "name_es")
    )
    return {"countries": list(countries), "sdgs": list(SdgGoal.objects.order_by("number"))}


def partner_municipality_choices() -> QuerySet[Municipality]:
    """Municipalities outside Germany (the partner side), with their country."""
    return Municipality.objects.exclude(country_id="DE").select_related("country").order_by("name")


def german_municipality_choices() -> QuerySet[Municipality]:
    return Municipality.objects.filter(country_id="DE").order_by("name")
