"""Partner matchmaking in the product: who is a candidate, the profiles, the sentences.

The scoring itself is pure (`partnerhub.solver.matchmaking`); this module is the
Django side of issue 6, item 3:

* **Who may be suggested** (`candidate_municipalities`): for a German
  municipality, municipalities in countries on the DAC list in force today
  (`reference.queries.oda_statuses_on`, the one place of the ODA rule; no list on
  record means nobody); for a municipality outside Germany, German
  municipalities. Never the municipality itself, one that hid itself from
  suggestions, or one it already has a partnership with (any status). The
  solver refuses hidden ones and partners again, so the rule holds even if a
  query changes.
* **What describes a municipality** (`build_profiles`): the SDGs and theme fields
  of its partnerships (either side) and of its proposals, its working
  languages, population, world region, and the regions of its partners. For
  the asking municipality all its proposals count except withdrawn ones (its
  own drafts are its own interests, and only its members and organisers see
  the page); for candidates only *selected* proposals count, the ones that are
  public as learning processes, so no suggestion reveals another
  municipality's unpublished proposal. Theme fields of calls and proposals are
  the first four values of `reference.Theme`, so one vocabulary serves all.
* **Open calls and learning processes** (`suggestions_for`): published calls open
  today, and learning processes not yet ended, not hosted by the municipality and
  without a participant from it at their dialogue event, ranked by the same
  scoring; they need a shared theme field or SDG (a common language alone is no
  reason to apply).
* **Sentences** (`explain`): reasons become one translated line such as "shares
  SDG 11 and waste management; both French-speaking".
* **Opting out** (`suggestions_visibility_set`): the one service that hides a
  municipality from suggestions or shows it again, for its members and
  organisers, audited.

Every read here runs a fixed number of queries whatever the number of
municipalities: the registry's partnerships and proposals are read as plain
values in a few queries and grouped in Python (`tests/partnerships/
test_matchmaking_pages.py` counts them at two sizes).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, gettext, ngettext

from partnerhub.accounts.predicates import is_organiser
from partnerhub.core.services import audit_record
from partnerhub.reference.models import Municipality, Region, Theme
from partnerhub.reference.queries import oda_statuses_on, sort_key
from partnerhub.solver import matchmaking as solver

from .models import Partnership

__all__ = [
    "HIDE_PERMISSION",
    "VIEW_PERMISSION",
    "OpportunitySuggestion",
    "PartnerSuggestion",
    "Suggestions",
    "candidate_municipalities",
    "explain",
    "municipality_choices",
    "suggestions_for",
    "suggestions_visibility_set",
]

GERMANY = "DE"
PARTNER_LIMIT = 10
OPPORTUNITY_LIMIT = 5
CONTENT_REASONS = (solver.SHARED_THEMES, solver.SHARED_SDGS)

# Who sees a municipality's suggestions, and who hides it from others' suggestions
# (registered in `partnerships/rules.py`).
VIEW_PERMISSION = "partnerships.view_suggestions"
HIDE_PERMISSION = "partnerships.hide_from_suggestions"


# --- Profiles --------------------------------------------------------------------------------


@dataclass
class _Interests:
    sdgs: set[int] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    partners: set[int] = field(default_factory=set)
    partner_regions: set[str] = field(default_factory=set)


def _interests(asker_id: int) -> dict[int, _Interests]:
    """SDGs, themes, partners and partner regions of every municipality; five queries.

    Partnerships count for both sides. Proposals count for the asking
    municipality unless withdrawn, and for everybody else only when selected.
    """
    from partnerhub.calls.models import Decision, Proposal, ProposalStatus

    interests: dict[int, _Interests] = defaultdict(_Interests)
    partnerships = {
        pk: (german_id, themes or [])
        for pk, german_id, themes in Partnership.objects.order_by().values_list(
            "pk", "german_municipality_id", "themes"
        )
    }
    sides: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for partnership_id, municipality_id, region in Partnership.partners.through.objects.values_list(
        "partnership_id", "municipality_id", "municipality__country__region"
    ):
        sides[partnership_id].append((municipality_id, region))
    sdgs: dict[int, list[int]] = defaultdict(list)
    for partnership_id, number in Partnership.sdgs.through.objects.values_list(
        "partnership_id", "sdggoal_id"
    ):
        sdgs[partnership_id].append(number)
    for pk, (german_id, themes) in partnerships.items():
        partner_side = sides.get(pk, [])
        goals = sdgs.get(pk, ())
        known_themes = [value for value in themes if value in Theme.values]
        german = interests[german_id]
        german.sdgs.update(goals)
        german.themes.update(known_themes)
        for partner_id, region in partner_side:
            german.partners.add(partner_id)
            if region and region != Region.GERMANY:
                german.partner_regions.add(region)
            partner = interests[partner_id]
            partner.sdgs.update(goals)
            partner.themes.update(known_themes)
            partner.partners.add(german_id)

    counted = Proposal.objects.filter(
        (Q(municipality_id=asker_id) & ~Q(status=ProposalStatus.WITHDRAWN))
        | Q(decision=Decision.SELECTED)
    ).order_by()
    proposals = {}
    for pk, municipality_id, theme in counted.values_list("pk", "municipality_id", "theme_field"):
        proposals[pk] = municipality_id
        if theme in Theme.values:
            interests[municipality_id].themes.add(theme)
    for proposal_id, number in Proposal.sdgs.through.objects.filter(
        proposal_id__in=counted.values("pk")
    ).values_list("proposal_id", "sdggoal_id"):
        if proposal_id in proposals:
            interests[proposals[proposal_id]].sdgs.add(number)
    return interests


def _languages(value) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    return [str(code).strip().lower() for code in value if str(code).strip()]


def _profile(row: dict, interests: _Interests, *, hidden: bool | None = None) -> solver.Profile:
    return solver.Profile(
        id=row["pk"],
        key=sort_key(row["name"]),
        sdgs=interests.sdgs,
        themes=interests.themes,
        languages=_languages(row["languages"]),
        region=row["country__region"] or None,
        partner_regions=interests.partner_regions,
        population=row["population"],
        partners=interests.partners,
        hidden=row["hidden_from_suggestions"] if hidden is None else hidden,
    )


PROFILE_FIELDS = ("pk", "name", "languages", "population", "country__region")


def candidate_municipalities(municipality: Municipality, on: datetime.date | None = None):
    """The municipalities that may be suggested to `municipality` (see the module's docstring).

    For a German municipality the DAC list is read at once (one query); the candidates
    come back as a queryset (one query when evaluated).
    """
    on = on or timezone.localdate()
    candidates = Municipality.objects.filter(hidden_from_suggestions=False).exclude(
        pk=municipality.pk
    )
    if municipality.is_german:
        eligible = sorted(oda_statuses_on(on))  # countries on the list in force today
        candidates = candidates.filter(country_id__in=eligible).exclude(country_id=GERMANY)
    else:
        candidates = candidates.filter(country_id=GERMANY)
    through = Partnership.partners.through
    partner_ids = through.objects.filter(
        partnership__german_municipality_id=municipality.pk
    ).values("municipality_id")
    german_ids = Partnership.objects.filter(partners=municipality.pk).values(
        "german_municipality_id"
    )
    return candidates.exclude(pk__in=partner_ids).exclude(pk__in=german_ids)


# --- Suggestions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerSuggestion:
    municipality: Municipality
    rank: int
    score: int
    reasons: tuple[solver.Reason, ...]
    explanation: str


@dataclass(frozen=True)
class OpportunitySuggestion:
    kind: str  # "call" or "learning_process"
    obj: object
    rank: int
    score: int
    reasons: tuple[solver.Reason, ...]
    explanation: str


@dataclass
class Suggestions:
    municipality: Municipality
    profile: solver.Profile
    partners: list[PartnerSuggestion]
    calls: list[OpportunitySuggestion]
    learning_processes: list[OpportunitySuggestion]
    candidates_considered: int
    maximum_score: int = solver.DEFAULT_WEIGHTS.maximum

    @property
    def theme_labels(self) -> list[str]:
        return [Theme(value).label for value in Theme.values if value in self.profile.themes]

    @property
    def sdg_numbers(self) -> list[int]:
        return sorted(self.profile.sdgs)

    @property
    def language_names(self) -> list[str]:
        return [_language_name(code) for code in sorted(self.profile.languages)]


def suggestions_for(
    municipality: Municipality, user, *, now: datetime.datetime | None = None
) -> Suggestions:
    """Ranked partner municipalities, open calls and learning processes, with explanations.

    A fixed number of queries (about ten) whatever the number of municipalities.
    """
    from partnerhub.calls.models import EventParticipant, LearningProcess
    from partnerhub.calls.queries import calls_by_state

    now = now or timezone.now()
    today = timezone.localdate(now)
    interests = _interests(municipality.pk)
    asker = _profile(
        {
            "pk": municipality.pk,
            "name": municipality.name,
            "languages": municipality.languages,
            "population": municipality.population,
            "country__region": municipality.country.region,
        },
        interests[municipality.pk],
        hidden=False,  # hiding concerns being suggested to others, not one's own page
    )

    rows = candidate_municipalities(municipality, today).values(
        *PROFILE_FIELDS, "hidden_from_suggestions"
    )
    profiles = [_profile(row, interests[row["pk"]]) for row in rows]
    result = solver.suggest(asker, profiles, limit=PARTNER_LIMIT)
    chosen = Municipality.objects.select_related("country").in_bulk(
        [item.id for item in result.suggestions]
    )
    partners = [
        PartnerSuggestion(
            municipality=chosen[item.id],
            rank=item.rank,
            score=item.score,
            reasons=item.reasons,
            explanation=explain(item.reasons),
        )
        for item in result.suggestions
        if item.id in chosen
    ]

    calls = {call.pk: call for call in calls_by_state(user, now).open}
    call_result = solver.suggest(
        asker,
        [
            solver.Profile(
                id=("call", pk), key=sort_key(str(call.display_title)), themes=call.theme_fields
            )
            for pk, call in calls.items()
        ],
        limit=OPPORTUNITY_LIMIT,
        require=CONTENT_REASONS,
    )

    processes = {
        process.pk: process
        for process in LearningProcess.objects.filter(ends_on__gte=today)
        .exclude(host_id=municipality.pk)
        .exclude(  # it already takes part (someone of it at the dialogue event)
            pk__in=EventParticipant.objects.filter(municipality_id=municipality.pk).values(
                "event__learning_process_id"
            )
        )
        .select_related("host", "dialogue_event")
        .prefetch_related("sdgs")
    }
    process_result = solver.suggest(
        asker,
        [
            solver.Profile(
                id=("learning_process", pk),
                key=sort_key(process.title),
                themes=[process.theme_field],
                sdgs=[goal.number for goal in process.sdgs.all()],
                languages=_event_languages(process),
            )
            for pk, process in processes.items()
        ],
        limit=OPPORTUNITY_LIMIT,
        require=CONTENT_REASONS,
    )
    return Suggestions(
        municipality=municipality,
        profile=asker,
        partners=partners,
        calls=_opportunities("call", call_result, calls),
        learning_processes=_opportunities("learning_process", process_result, processes),
        candidates_considered=result.considered,
    )


def _event_languages(process) -> list[str]:
    event = getattr(process, "dialogue_event", None)
    return [event.working_language] if event is not None and event.working_language else []


def _opportunities(kind: str, result: solver.MatchResult, objects: dict) -> list:
    """Suggestions of calls or learning processes; their profile ids are (kind, pk), so that
    they never collide with the ids of municipalities (the asker, its partners)."""
    return [
        OpportunitySuggestion(
            kind=kind,
            obj=objects[item.id[1]],
            rank=item.rank,
            score=item.score,
            reasons=item.reasons,
            explanation=explain(item.reasons, about=kind),
        )
        for item in result.suggestions
    ]


# --- Sentences -------------------------------------------------------------------------------


def _join(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c" in the reader's language."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _theme_in_sentence(value: str) -> str:
    """A theme's label inside a sentence: lower case first letter, except in German."""
    label = str(Theme(value).label) if value in Theme.values else value
    if (get_language() or "de")[:2] == "de":
        return label
    return label[:1].lower() + label[1:]


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _language_in_sentence(code: str) -> str:
    """A language's name inside a sentence: French and Spanish write it in lower case."""
    name = _language_name(code)
    if (get_language() or "de")[:2] in ("fr", "es"):
        return name[:1].lower() + name[1:]
    return name


def _one_language(code: str) -> str:
    phrases = {
        "de": gettext("both German-speaking"),
        "en": gettext("both English-speaking"),
        "fr": gettext("both French-speaking"),
        "es": gettext("both Spanish-speaking"),
        "pt": gettext("both Portuguese-speaking"),
    }
    return phrases.get(code) or gettext("both work in %(languages)s") % {
        "languages": _language_in_sentence(code)
    }


def _region_name(value: str) -> str:
    return str(Region(value).label) if value in Region.values else value


def explain(reasons, *, about: str = "municipality") -> str:
    """One line in the reader's language, e.g. "shares SDG 11 and waste management; both
    French-speaking". `about` is "municipality", "call" or "learning_process"."""
    parts: list[str] = []
    by_code = {reason.code: reason for reason in reasons}
    shared: list[str] = []
    if solver.SHARED_SDGS in by_code:
        shared += [
            gettext("SDG %(number)s") % {"number": number}
            for number in by_code[solver.SHARED_SDGS].values
        ]
    if solver.SHARED_THEMES in by_code:
        values = by_code[solver.SHARED_THEMES].values
        ordered = [value for value in Theme.values if value in values]
        ordered += sorted(value for value in values if value not in Theme.values)
        shared += [_theme_in_sentence(value) for value in ordered]
    if shared:
        parts.append(gettext("shares %(items)s") % {"items": _join(shared)})
    if solver.SHARED_LANGUAGES in by_code:
        codes = list(by_code[solver.SHARED_LANGUAGES].values)
        names = _join([_language_in_sentence(code) for code in codes])
        if about == "municipality":
            parts.append(
                _one_language(codes[0])
                if len(codes) == 1
                else gettext("both work in %(languages)s") % {"languages": names}
            )
        else:
            parts.append(gettext("held in %(languages)s, which you work in") % {"languages": names})
    if solver.SIMILAR_SIZE in by_code:
        own, other = by_code[solver.SIMILAR_SIZE].values
        parts.append(
            ngettext(
                "similar in size (%(own)s and %(other)s inhabitant)",
                "similar in size (%(own)s and %(other)s inhabitants)",
                other,
            )
            % {
                "own": number_format(own, force_grouping=True),
                "other": number_format(other, force_grouping=True),
            }
        )
    if solver.REGION_OF_YOUR_PARTNERS in by_code:
        (region,) = by_code[solver.REGION_OF_YOUR_PARTNERS].values
        parts.append(
            gettext("in %(region)s, where you already have partners")
            % {"region": _region_name(region)}
        )
    if solver.PARTNERS_IN_YOUR_REGION in by_code:
        (region,) = by_code[solver.PARTNERS_IN_YOUR_REGION].values
        parts.append(
            gettext("already has partners in %(region)s") % {"region": _region_name(region)}
        )
    # Translators: separates the reasons of one suggestion ("shares SDG 11; both French-speaking").
    return gettext("; ").join(parts)


# --- Choosing a municipality -----------------------------------------------------------------

MAX_SEARCH_RESULTS = 50


def municipality_choices(user, q: str = "") -> tuple[list[Municipality], list[Municipality]]:
    """The person's own municipalities, and (organisers, with a search text) matching others.

    Two queries at most.
    """
    from partnerhub.accounts.predicates import current_memberships

    ids = list(current_memberships(user).municipalities)
    own = (
        sorted(
            Municipality.objects.select_related("country").filter(pk__in=ids),
            key=lambda m: (sort_key(m.name), m.pk),
        )
        if ids
        else []
    )
    found: list[Municipality] = []
    q = (q or "").strip()[:100]
    if q and is_organiser(user):
        found = list(
            Municipality.objects.select_related("country")
            .filter(name__icontains=q)
            .order_by("name", "pk")[:MAX_SEARCH_RESULTS]
        )
    return own, found


# --- Opting out ------------------------------------------------------------------------------


@transaction.atomic
def suggestions_visibility_set(*, municipality: Municipality, hidden: bool, by) -> Municipality:
    """Hide a municipality from other municipalities' suggestions, or show it again.

    Only its current members and organisers may; the change is audited. Setting
    the state it already has changes nothing and records nothing.
    """
    if not by.has_perm(HIDE_PERMISSION, municipality):
        raise PermissionDenied(
            gettext("Only members of the municipality and organisers may change this.")
        )
    locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
    hidden = bool(hidden)
    if locked.hidden_from_suggestions != hidden:
        previous = "hidden" if locked.hidden_from_suggestions else "shown"
        locked.hidden_from_suggestions = hidden
        locked.save(update_fields=["hidden_from_suggestions"])
        audit_record(
            subject=locked,
            action="municipality.suggestions_visibility",
            actor=by,
            from_state=previous,
            to_state="hidden" if hidden else "shown",
        )
    municipality.hidden_from_suggestions = hidden
    return municipality
