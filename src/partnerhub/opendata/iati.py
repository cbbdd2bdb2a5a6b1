"""IATI activity XML (standard 2.03) for partnerships and learning processes.

One `<iati-activity>` per partnership and per learning process, reported by the
service agency (`settings.IATI_REPORTING_ORG_REF`, a placeholder until it is
registered with IATI). What each element holds and why is in
docs/open-data.md; in short:

* identifier: `<reporting org ref>-partnership-<pk>` and
  `<reporting org ref>-learning-process-<pk>`: stable as long as the record exists;
* title and description: a narrative per language the record has (`xml:lang`);
* participating organisations: the municipalities (implementing, local government);
* recipient countries: the partner side's countries that are ODA recipients on the day the
  file is written (`reference.queries`, the one place of the ODA rules), equal shares;
* sectors: DAC 5-digit codes only where a theme has a defensible code (`THEME_SECTORS`);
* tags: SDG goals (tag vocabulary 2).

The files are written element by element (`iter_*_xml`), so a response can be
streamed; `validate()` checks a document against the vendored official 2.03
schema (`schemas/iati-2.03/`, see NOTICE.md there).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from partnerhub.calls.models import LearningProcess, ParticipantStatus, ProposedActor
from partnerhub.partnerships.models import Partnership, PartnershipKind, PartnershipStatus
from partnerhub.reference import queries as reference_queries
from partnerhub.reference.models import LANGUAGE_CODES, Municipality, Theme

VERSION = "2.03"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "iati-2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHUNK_SIZE = 2000  # rows per round of queries when streaming

# IATI codelists (2.03): ActivityStatus, ActivityDateType, OrganisationRole, OrganisationType,
# DescriptionType, SectorVocabulary, TagVocabulary.
STATUS_IMPLEMENTATION = "2"
STATUS_COMPLETION = "3"
STATUS_PIPELINE = "1"
STATUS_SUSPENDED = "6"
PARTNERSHIP_STATUS = {
    PartnershipStatus.ACTIVE: STATUS_IMPLEMENTATION,
    PartnershipStatus.DORMANT: STATUS_SUSPENDED,
    PartnershipStatus.ENDED: STATUS_COMPLETION,
}
DATE_PLANNED_START, DATE_ACTUAL_START, DATE_PLANNED_END, DATE_ACTUAL_END = "1", "2", "3", "4"
ROLE_IMPLEMENTING = "4"
ORG_TYPE_GOVERNMENT = "10"
ORG_TYPE_LOCAL_GOVERNMENT = "11"
DESCRIPTION_GENERAL = "1"
DESCRIPTION_OTHER = "4"
SECTOR_VOCABULARY_DAC = "1"
TAG_VOCABULARY_SDG_GOALS = "2"

# Themes with a defensible OECD DAC 5-digit purpose code (docs/open-data.md explains each).
# Themes not listed (migration, fair trade, culture …) get no sector rather than a guess.
THEME_SECTORS = {
    Theme.INTEGRATED_URBAN_DEVELOPMENT: "43030",  # Urban development and management
    Theme.MUNICIPAL_SERVICES: "15112",  # Decentralisation and support to subnational government
    Theme.GOOD_URBAN_GOVERNANCE: "15112",
    Theme.LOCAL_ECONOMIC_DEVELOPMENT: "25010",  # Business policy / support services
    Theme.CLIMATE_MITIGATION: "41010",  # Environmental policy and administrative management
    Theme.CLIMATE_ADAPTATION: "41010",
    Theme.WATER_SANITATION: "14010",  # Water sector policy and administrative management
    Theme.WASTE_MANAGEMENT: "14050",  # Waste management / disposal
    Theme.ENERGY: "23110",  # Energy policy and administrative management
    Theme.MOBILITY: "21010",  # Transport policy and administrative management
    Theme.EDUCATION: "11110",  # Education policy and administrative management
    Theme.HEALTH: "12110",  # Health policy and administrative management
}


def reporting_org_ref() -> str:
    return settings.IATI_REPORTING_ORG_REF


def activity_identifier(kind: str, pk: int) -> str:
    """Stable: the reporting organisation's identifier, the kind of record and its key."""
    return f"{reporting_org_ref()}-{kind}-{pk}"


# --- Building blocks -------------------------------------------------------------------


def _sub(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _narrative(parent, text: str, lang: str | None = None) -> None:
    element = etree.SubElement(parent, "narrative")
    if lang:
        element.set(XML_LANG, lang)
    element.text = _clean(text)


def _clean(text: str) -> str:
    """XML 1.0 has no place for most control characters; drop them rather than fail."""
    return "".join(ch for ch in str(text) if ch in "\t\n\r" or ord(ch) >= 0x20)


def _narratives(parent, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        if text:
            _narrative(parent, text, lang)


def _reporting_org(activity) -> None:
    org = _sub(activity, "reporting-org", ref=reporting_org_ref(), type=ORG_TYPE_GOVERNMENT)
    _narrative(org, settings.IATI_REPORTING_ORG_NAME)


def _participating_municipality(activity, municipality: Municipality) -> None:
    org = _sub(
        activity, "participating-org", role=ROLE_IMPLEMENTING, type=ORG_TYPE_LOCAL_GOVERNMENT
    )
    _narrative(org, municipality.name)


def shares(count: int) -> list[str]:
    """Equal percentages with two decimals that add up to exactly 100."""
    if count <= 0:
        return []
    each = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    values = [each] * (count - 1)
    values.append(Decimal(100) - sum(values))
    return [f"{value.normalize():f}" for value in values]


def oda_recipients(today: datetime.date | None = None) -> frozenset[str]:
    """ISO codes of the countries on the DAC List of ODA Recipients in force today (one query)."""
    return frozenset(reference_queries.oda_statuses_on(today or timezone.localdate()))


def _recipient_countries(activity, iso2_codes: Iterable[str], recipients: frozenset[str]) -> None:
    codes = sorted(set(iso2_codes) & recipients)
    for code, percentage in zip(codes, shares(len(codes)), strict=True):
        attributes = {"code": code}
        if len(codes) > 1:
            attributes["percentage"] = percentage
        _sub(activity, "recipient-country", **attributes)


def _sectors(activity, themes: Iterable[str]) -> None:
    codes = sorted({THEME_SECTORS[t] for t in themes if t in THEME_SECTORS})
    for code, percentage in zip(codes, shares(len(codes)), strict=True):
        _sub(
            activity,
            "sector",
            vocabulary=SECTOR_VOCABULARY_DAC,
            code=code,
            percentage=percentage,
        )


def _sdg_tags(activity, goals) -> None:
    for goal in sorted(goals, key=lambda g: g.number):
        tag = _sub(activity, "tag", vocabulary=TAG_VOCABULARY_SDG_GOALS, code=str(goal.number))
        _narrative(tag, goal.short_title_en, "en")


def _activity(identifier: str, updated: datetime.datetime | None) -> etree._Element:
    attributes = {XML_LANG: settings.LANGUAGE_CODE[:2]}
    if updated:
        attributes["last-updated-datetime"] = _iso_datetime(updated)
    activity = etree.Element("iati-activity", attributes)
    _sub(activity, "iati-identifier", identifier)
    _reporting_org(activity)
    return activity


def _iso_datetime(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def _in_languages(build) -> dict[str, str]:
    """`build()` in each interface language (labels and country names translated)."""
    result = {}
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            result[lang] = build()
    return result


# --- Partnerships ----------------------------------------------------------------------


def partnerships_for_iati() -> QuerySet[Partnership]:
    """Every partnership with what the XML needs (four queries per chunk of rows)."""
    return (
        Partnership.objects.select_related("german_municipality")
        .prefetch_related(
            Prefetch("partners", queryset=Municipality.objects.select_related("country")),
            "sdgs",
        )
        .order_by("pk")
    )


def partnership_title(partnership: Partnership) -> str:
    partners = sorted(partnership.partners.all(), key=lambda m: (m.name, m.pk))
    return _("%(kind)s: %(german)s – %(partners)s") % {
        "kind": PartnershipKind(partnership.kind).label,
        "german": partnership.german_municipality.name,
        "partners": ", ".join(f"{m.name} ({m.country.name})" for m in partners),
    }


def partnership_summary(partnership: Partnership) -> str:
    text = _("A municipal partnership (%(kind)s), status: %(status)s.") % {
        "kind": PartnershipKind(partnership.kind).label,
        "status": PartnershipStatus(partnership.status).label,
    }
    if partnership.since_year:
        text += " " + _("Since %(year)s.") % {"year": partnership.since_year}
    return text


def partnership_activity(
    partnership: Partnership, recipients: frozenset[str] | None = None
) -> etree._Element:
    recipients = oda_recipients() if recipients is None else recipients
    activity = _activity(activity_identifier("partnership", partnership.pk), partnership.updated_at)
    title = _sub(activity, "title")
    _narratives(title, _in_languages(lambda: partnership_title(partnership)))
    descriptions = {lang: getattr(partnership, f"description_{lang}") for lang in LANGUAGE_CODES}
    if not any(descriptions.values()):
        # The schema asks for a description: say what the record is, in every language.
        descriptions = _in_languages(lambda: partnership_summary(partnership))
    _narratives(_sub(activity, "description", type=DESCRIPTION_GENERAL), descriptions)
    partners = sorted(partnership.partners.all(), key=lambda m: (m.name, m.pk))
    for municipality in [partnership.german_municipality, *partners]:
        _participating_municipality(activity, municipality)
    _sub(activity, "activity-status", code=PARTNERSHIP_STATUS[partnership.status])
    if partnership.since_year:
        date = _sub(
            activity,
            "activity-date",
            type=DATE_ACTUAL_START,
            iso_date=f"{partnership.since_year:04d}-01-01",
        )
        _narrative(date, "Start known to the year only; the date is 1 January of that year.", "en")
    else:
        # The schema asks for at least one date: the day the partnership was recorded here.
        recorded = timezone.localdate(partnership.created_at) if partnership.created_at else None
        date = _sub(
            activity,
            "activity-date",
            type=DATE_ACTUAL_START,
            iso_date=(recorded or timezone.localdate()).isoformat(),
        )
        _narrative(date, "Start not known; the date is the day the partnership was recorded.", "en")
    _recipient_countries(
        activity,
        (m.country_id for m in partners if m.country.is_iso_code and not m.is_german),
        recipients,
    )
    _sectors(activity, partnership.themes)
    _sdg_tags(activity, partnership.sdgs.all())
    return activity


# --- Learning processes ----------------------------------------------------------------


def learning_processes_for_iati() -> QuerySet[LearningProcess]:
    """Every learning process with its event, host, proposed actors and SDGs (fixed queries)."""
    from partnerhub.calls.models import EventParticipant

    selected = EventParticipant.objects.filter(status=ParticipantStatus.SELECTED).select_related(
        "country"
    )
    return (
        LearningProcess.objects.select_related("host", "dialogue_event", "proposal")
        .prefetch_related(
            "sdgs",
            Prefetch(
                "proposal__actors",
                queryset=ProposedActor.objects.select_related("municipality", "country"),
            ),
            Prefetch("dialogue_event__participants", queryset=selected, to_attr="selected"),
        )
        .order_by("pk")
    )


def _process_status(process: LearningProcess, today: datetime.date) -> str:
    if today < process.starts_on:
        return STATUS_PIPELINE
    if today > process.ends_on:
        return STATUS_COMPLETION
    return STATUS_IMPLEMENTATION


def _event(process: LearningProcess):
    try:
        return process.dialogue_event
    except LearningProcess.dialogue_event.RelatedObjectDoesNotExist:
        return None


def _event_text(event) -> str:
    from partnerhub.calls.queries.learning import event_last_day

    last = event_last_day(event)
    days = event.starts_on.isoformat()
    if last != event.starts_on:
        days = f"{days} – {last.isoformat()}"
    parts = [f"International dialogue event: {days}"]
    if event.place:
        parts.append(event.place)
    parts.append(f"working language: {event.get_working_language_display()}")
    parts.append(f"{event.min_participants}–{event.max_participants} participants")
    return ", ".join(parts) + "."


def learning_process_activity(
    process: LearningProcess,
    today: datetime.date | None = None,
    recipients: frozenset[str] | None = None,
) -> etree._Element:
    today = today or timezone.localdate()
    recipients = oda_recipients(today) if recipients is None else recipients
    activity = _activity(activity_identifier("learning-process", process.pk), None)
    _narrative(_sub(activity, "title"), process.title)
    event = _event(process)
    if process.summary:
        _narrative(_sub(activity, "description", type=DESCRIPTION_GENERAL), process.summary)
    elif event is None:
        # The schema asks for a description: say what the record is, in every language.
        _narratives(
            _sub(activity, "description", type=DESCRIPTION_GENERAL),
            _in_languages(lambda: str(_("A learning process between municipalities."))),
        )
    if event is not None:
        with translation.override("en"):
            _narrative(
                _sub(activity, "description", type=DESCRIPTION_OTHER), _event_text(event), "en"
            )
    _participating_municipality(activity, process.host)
    actors = list(process.proposal.actors.all()) if process.proposal_id else []
    for actor in actors:
        org = _sub(activity, "participating-org", role=ROLE_IMPLEMENTING)
        if actor.municipality_id:
            org.set("type", ORG_TYPE_LOCAL_GOVERNMENT)
        _narrative(org, actor.display_name)
    _sub(activity, "activity-status", code=_process_status(process, today))
    started = today >= process.starts_on
    ended = today > process.ends_on
    _sub(
        activity,
        "activity-date",
        type=DATE_ACTUAL_START if started else DATE_PLANNED_START,
        iso_date=process.starts_on.isoformat(),
    )
    _sub(
        activity,
        "activity-date",
        type=DATE_ACTUAL_END if ended else DATE_PLANNED_END,
        iso_date=process.ends_on.isoformat(),
    )
    countries = {a.country_id for a in actors if a.country.is_iso_code}
    if event is not None:
        countries |= {p.country_id for p in event.selected if p.country.is_iso_code}
    _recipient_countries(activity, countries, recipients)
    _sectors(activity, [process.theme_field])
    _sdg_tags(activity, process.sdgs.all())
    return activity


# --- Documents -------------------------------------------------------------------------


def _open_tag(generated: datetime.datetime) -> str:
    return (
        f'<iati-activities version="{VERSION}" generated-datetime="{_iso_datetime(generated)}">\n'
    )


def iter_xml(activities: Iterable[etree._Element]) -> Iterator[bytes]:
    """The document in pieces: header, one activity at a time, footer."""
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n'
    yield _open_tag(timezone.now()).encode()
    for activity in activities:
        yield etree.tostring(activity, encoding="UTF-8", pretty_print=True)
    yield b"</iati-activities>\n"


def iter_partnerships_xml() -> Iterator[bytes]:
    def activities():
        recipients = oda_recipients()
        for partnership in partnerships_for_iati().iterator(chunk_size=CHUNK_SIZE):
            yield partnership_activity(partnership, recipients)

    return iter_xml(activities())


def iter_learning_processes_xml(today: datetime.date | None = None) -> Iterator[bytes]:
    def activities():
        recipients = oda_recipients(today)
        for process in learning_processes_for_iati().iterator(chunk_size=CHUNK_SIZE):
            yield learning_process_activity(process, today, recipients)

    return iter_xml(activities())


@cache
def schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity schema (vendored; imports resolved from its folder)."""
    document = etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd"))
    return etree.XMLSchema(document)


def validate(document: bytes) -> list[str]:
    """Schema errors of an IATI activity document (empty: valid)."""
    xml_schema = schema()
    tree = etree.fromstring(document)
    if xml_schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in xml_schema.error_log]


@cache
def codelist(name: str) -> frozenset[str]:
    """The codes of a vendored IATI 2.03 codelist (`Sector`, `OrganisationType` …)."""
    tree = etree.parse(str(SCHEMA_DIR / "codelists" / f"{name}.xml"))
    return frozenset(tree.xpath("//codelist-item/code/text()"))
