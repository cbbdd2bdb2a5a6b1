"""Reads of reference data: ODA eligibility on a date, and what the pages list.

The ODA rules live only here. A DAC list applies to whole flow years: for a
date D the list in force is the one with `effective_from <= D` and
`effective_to >= D` (or open). A country is eligible on D if and only if it is
an entry of that list; its income group is the entry's group. Before the
first list on record (2011 flows) the answer is unknown, not "no".

Every function here runs a fixed number of queries, whatever the row count.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, FilteredRelation, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from partnerhub.partnerships.models import Partnership

from .models import (
    Confidence,
    Country,
    DacChange,
    DacList,
    DacListEntry,
    IncomeGroup,
    Municipality,
    Organisation,
    SdgGoal,
    SdgTarget,
)


@dataclass(frozen=True)
class OdaStatus:
    """The answer to "was this country an ODA recipient on this date, and in which group?"."""

    country: str
    date: date
    list_known: bool
    eligible: bool | None
    dac_list: DacList | None = None
    group: str = ""
    confidence: str = ""
    note: str = ""

    @property
    def is_unverified(self) -> bool:
        return self.confidence == Confidence.UNVERIFIED

    @property
    def confidence_label(self) -> str:
        return Confidence(self.confidence).label if self.confidence else ""

    @property
    def group_label(self) -> str:
        return IncomeGroup(self.group).label if self.group else ""

    @property
    def explanation(self) -> str:
        """A sentence for people, in the active language (computed when read)."""
        if not self.list_known:
            return gettext(
                "no DAC list on record for this date (lists on record start with 2011 flows)"
            )
        values = {"list": self.dac_list.label, "group": self.group_label}
        if not self.eligible:
            return gettext("Not an ODA recipient: not on the %(list)s.") % values
        text = gettext("ODA recipient: on the %(list)s, income group %(group)s.") % values
        if self.is_unverified:
            text += " " + gettext("This entry is unverified.")
        return text


def _iso2(country_or_iso2) -> str:
    if isinstance(country_or_iso2, Country):
        return country_or_iso2.iso2
    return str(country_or_iso2).strip().upper()


def in_force(on: date, prefix: str = "") -> Q:
    """The condition for the DAC list(s) in force on a date (one, given the data)."""
    return Q(**{f"{prefix}effective_from__lte": on}) & (
        Q(**{f"{prefix}effective_to__gte": on}) | Q(**{f"{prefix}effective_to__isnull": True})
    )


def _lists_with_entry(iso2: str) -> QuerySet:
    """DAC lists, each with the country's entry joined in (null columns when not listed)."""
    return DacList.objects.annotate(
        entry=FilteredRelation("entries", condition=Q(entries__country_id=iso2)),
        entry_id=F("entry__id"),
        entry_group=F("entry__group"),
        entry_confidence=F("entry__confidence"),
        entry_note=F("entry__note"),
    ).order_by("effective_from")


def _status_from_list(iso2: str, on: date, dac_list: DacList | None) -> OdaStatus:
    if dac_list is None:
        return OdaStatus(country=iso2, date=on, list_known=False, eligible=None)
    listed = dac_list.entry_id is not None
    return OdaStatus(
        country=iso2,
        date=on,
        list_known=True,
        eligible=listed,
        dac_list=dac_list,
        group=dac_list.entry_group or "",
        confidence=dac_list.entry_confidence or "",
        note=dac_list.entry_note or "",
    )


def oda_status(country_or_iso2, on: date) -> OdaStatus:
    """ODA status of a country (or ISO code) on a date, in one query."""
    iso2 = _iso2(country_or_iso2)
    dac_list = _lists_with_entry(iso2).filter(in_force(on)).first()
    return _status_from_list(iso2, on, dac_list)


def oda_history(country_or_iso2) -> list[OdaStatus]:
    """The country's status on every list on record (dated at the list's start), one query."""
    iso2 = _iso2(country_or_iso2)
    return [
        _status_from_list(iso2, dac_list.effective_from, dac_list)
        for dac_list in _lists_with_entry(iso2)
    ]


def oda_statuses_on(on: date) -> dict[str, DacListEntry]:
    """Every entry of the list in force on a date, by ISO code; one query.

    A country missing from the result was not eligible if any list was in
    force; an empty result means no list is on record for the date.
    """
    entries = DacListEntry.objects.select_related("dac_list").filter(in_force(on, "dac_list__"))
    return {entry.country_id: entry for entry in entries}


def oda_statuses_for(countries, on: date) -> dict[str, OdaStatus]:
    """OdaStatus for many countries at once, from `oda_statuses_on` (one query)."""
    entries = oda_statuses_on(on)
    any_list = next(iter(entries.values()), None)
    statuses = {}
    for country in countries:
        entry = entries.get(country.iso2)
        if any_list is None:
            statuses[country.iso2] = OdaStatus(country.iso2, on, list_known=False, eligible=None)
        elif entry is None:
            statuses[country.iso2] = OdaStatus(
                country.iso2, on, list_known=True, eligible=False, dac_list=any_list.dac_list
            )
        else:
            statuses[country.iso2] = OdaStatus(
                country.iso2,
                on,
                list_known=True,
                eligible=True,
                dac_list=entry.dac_list,
                group=entry.group,
                confidence=entry.confidence,
                note=entry.note,
            )
    return statuses


# --- What the pages list ------------------------------------------------------


def countries(region: str = "") -> list[Country]:
    """Countries (optionally of one region), sorted by their name in the reader's language."""
    queryset = Country.objects.all()
    if region:
        queryset = queryset.filter(region=region)
    return sorted(queryset, key=lambda country: sort_key(country.name))


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case (Österreich with O, Élysée with E)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def dac_changes_of(country: Country) -> QuerySet:
    return DacChange.objects.filter(country=country).order_by("date")


def dac_lists_with_counts() -> list[DacList]:
    """Every DAC list with `group_counts` ({group: n}) and `total`; two queries."""
    lists = list(DacList.objects.order_by("effective_from"))
    counts = (
        DacListEntry.objects.values("dac_list_id", "group")
        .annotate(n=Count("id"))
        .order_by("dac_list_id", "group")
    )
    by_list: dict[str, dict[str, int]] = {}
    for row in counts:
        by_list.setdefault(row["dac_list_id"], {})[row["group"]] = row["n"]
    for dac_list in lists:
        groups = by_list.get(dac_list.list_id, {})
        dac_list.group_counts = [groups.get(group, 0) for group in IncomeGroup.values]
        dac_list.total = sum(groups.values())
    return lists


def unverified_entries() -> QuerySet:
    return (
        DacListEntry.objects.filter(confidence=Confidence.UNVERIFIED)
        .select_related("dac_list", "country")
        .order_by("dac_list__effective_from", "country__name_en")
    )


def sdg_goals_with_targets() -> QuerySet:
    """The 17 goals with their targets in UN order (two queries)."""
    targets = SdgTarget.objects.order_by("position")
    return SdgGoal.objects.prefetch_related(Prefetch("targets", queryset=targets))


def municipalities(country: str = "", kind: str = "") -> QuerySet:
    queryset = Municipality.objects.select_related("country").order_by("name", "pk")
    if country:
        queryset = queryset.filter(country_id=country)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def countries_with_municipalities() -> list[Country]:
    queryset = Country.objects.filter(municipalities__isnull=False).distinct()
    return sorted(queryset, key=lambda country: sort_key(country.name))


def municipality_detail(slug: str) -> QuerySet:
    """One municipality with its partnerships (both sides) and organisations, prefetched."""
    partners = Prefetch(
        "partners", queryset=Municipality.objects.select_related("country").order_by("name")
    )
    as_german_side = Partnership.objects.prefetch_related(partners).order_by("since_year", "pk")
    as_partner = (
        Partnership.objects.select_related("german_municipality")
        .prefetch_related(partners)
        .order_by("since_year", "pk")
    )
    return (
        Municipality.objects.select_related("country")
        .prefetch_related(
            Prefetch("partnerships_as_german_side", queryset=as_german_side),
            Prefetch("partnerships_as_partner", queryset=as_partner),
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        )
        .filter(slug=slug)
    )
