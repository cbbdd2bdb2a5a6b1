"""Partner matchmaking: rank candidates for a municipality by what they have in common.

Pure scoring over plain feature sets, no Django (issue 6, item 3). The Django
layer (`partnerships.matchmaking`) decides who may be a candidate at all (ODA
eligibility, the German or the partner side), builds one `Profile` per
municipality, call or learning process, calls `suggest`, and turns the
structured `Reason`s into sentences in the reader's language.

Scoring: a candidate earns points only through reasons, and every reason names
the values that earned them, so the score is always the sum of its reasons'
points and every reason is true of both profiles. `Weights` documents the
points; the defaults:

* each shared theme field: 4 points, at most 3 themes counted (12). Themes are
  concrete fields of work (waste management, mobility), the best sign that two
  municipalities have something to work on together;
* each shared SDG: 2 points, at most 5 counted (10). SDGs are broad and a
  partnership is usually tagged with several, so one counts half a theme;
* at least one shared working language: 6 points, once (more shared languages
  add nothing: one is enough to work without interpreters);
* region: 3 points when the candidate lies in a world region where the asking
  municipality already has partners, or already has partners in the asking
  municipality's region (experience with the region);
* size: 3 points for populations within a factor of 1.5 of each other, 2 within
  a factor of 2, nothing beyond (or when a population is unknown).

The largest possible score is 12 + 10 + 6 + 3 + 3 = 34. Points are integers, so
the order is exact on every machine. Ties are broken by the candidate's `key`
(e.g. its name folded to lower case), then by its id: the same input gives the
same ranking whatever the order of the candidates.

Never suggested, whatever their score: the asking municipality itself, hidden
candidates (`hidden`: the municipality opted out of suggestions), and existing
partners (either profile lists the other in `partners`). Candidates without any
reason (score 0), below `min_score`, or without one of the `require`d reasons
are left out too. `MatchResult.excluded` counts each kind.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "MATCH_MESSAGES",
    "MatchResult",
    "Profile",
    "Reason",
    "Suggestion",
    "Weights",
    "score_candidate",
    "suggest",
]

Id = Hashable

# Reason codes (stable identifiers: the Django layer translates by code).
SHARED_THEMES = "shared_themes"
SHARED_SDGS = "shared_sdgs"
SHARED_LANGUAGES = "shared_languages"
REGION_OF_YOUR_PARTNERS = "region_of_your_partners"
PARTNERS_IN_YOUR_REGION = "partners_in_your_region"
SIMILAR_SIZE = "similar_size"
REASON_CODES = (
    SHARED_SDGS,
    SHARED_THEMES,
    SHARED_LANGUAGES,
    SIMILAR_SIZE,
    REGION_OF_YOUR_PARTNERS,
    PARTNERS_IN_YOUR_REGION,
)

# Why a candidate was left out (counted in `MatchResult.excluded`).
EXCLUDED_SELF = "self"
EXCLUDED_HIDDEN = "hidden"
EXCLUDED_PARTNER = "already_partner"
EXCLUDED_DUPLICATE = "duplicate"
EXCLUDED_WEAK = "too_little_in_common"

# English renderings for logs, the benchmark and tests (the pages translate by code).
MATCH_MESSAGES: dict[str, str] = {
    SHARED_SDGS: "shares SDG {values}",
    SHARED_THEMES: "shares {values}",
    SHARED_LANGUAGES: "both speak {values}",
    SIMILAR_SIZE: "similar size ({values} inhabitants)",
    REGION_OF_YOUR_PARTNERS: "in {values}, where you already have partners",
    PARTNERS_IN_YOUR_REGION: "already has partners in {values}",
}


def _key(value: object) -> tuple[str, object]:
    """Sort key for ids that may mix ints and strings."""
    return (type(value).__name__, value)


def _frozen(values: Any) -> frozenset:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        return frozenset((values,))
    return frozenset(values)


@dataclass(frozen=True)
class Profile:
    """What describes one municipality (or call, or learning process) for matching.

    Lists and sets are accepted for every collection and stored as frozensets.
    """

    id: Id
    key: str = ""  # tie-break before the id, e.g. the name folded to lower case
    sdgs: frozenset[int] = frozenset()  # SDG numbers 1–17
    themes: frozenset[str] = frozenset()  # theme field values
    languages: frozenset[str] = frozenset()  # working language codes
    region: str | None = None  # world region of its own country
    partner_regions: frozenset[str] = frozenset()  # regions where its partners lie
    population: int | None = None
    partners: frozenset[Id] = frozenset()  # ids it already has a partnership with
    hidden: bool = False  # opted out of being suggested

    def __post_init__(self) -> None:
        for name in ("sdgs", "themes", "languages", "partner_regions", "partners"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))


@dataclass(frozen=True)
class Weights:
    """Points per reason (see the module's docstring for why these numbers)."""

    theme: int = 4
    max_themes: int = 3
    sdg: int = 2
    max_sdgs: int = 5
    language: int = 6
    region: int = 3
    size_within_1_5: int = 3  # populations within a factor of 1.5
    size_within_2: int = 2  # within a factor of 2

    @property
    def maximum(self) -> int:
        return (
            self.theme * self.max_themes
            + self.sdg * self.max_sdgs
            + self.language
            + self.region
            + max(self.size_within_1_5, self.size_within_2)
        )


DEFAULT_WEIGHTS = Weights()


class Reason(NamedTuple):
    """One thing the two profiles have in common: a code, the values, the points it earns.

    `values` are sorted (numbers ascending, codes alphabetically), except for
    `similar_size`, which is (asking municipality's population, candidate's).
    """

    code: str
    values: tuple
    points: int

    @property
    def message(self) -> str:
        """English rendering for logs and the benchmark."""
        template = MATCH_MESSAGES.get(self.code, self.code + " {values}")
        return template.format(values=", ".join(str(value) for value in self.values))


@dataclass(frozen=True)
class Suggestion:
    id: Id
    rank: int  # 1 = best
    score: int
    reasons: tuple[Reason, ...]

    def reason(self, code: str) -> Reason | None:
        return next((reason for reason in self.reasons if reason.code == code), None)


@dataclass(frozen=True)
class MatchResult:
    suggestions: tuple[Suggestion, ...]
    considered: int  # candidates given
    eligible: int  # candidates with a score that passed every filter (before the limit)
    excluded: dict[str, int] = field(default_factory=dict)  # reason → count


def _size_points(own: int | None, other: int | None, weights: Weights) -> int:
    if not own or not other or own <= 0 or other <= 0:
        return 0
    small, large = min(own, other), max(own, other)
    if 2 * large <= 3 * small:  # large / small <= 1.5, exactly in integers
        return weights.size_within_1_5
    if large <= 2 * small:
        return weights.size_within_2
    return 0


def score_candidate(
    asker: Profile, candidate: Profile, weights: Weights = DEFAULT_WEIGHTS
) -> tuple[int, tuple[Reason, ...]]:
    """The points and reasons of one candidate for the asking profile (no exclusions here)."""
    reasons: list[Reason] = []
    sdgs = asker.sdgs & candidate.sdgs
    if sdgs:
        points = weights.sdg * min(len(sdgs), weights.max_sdgs)
        reasons.append(Reason(SHARED_SDGS, tuple(sorted(sdgs)), points))
    themes = asker.themes & candidate.themes
    if themes:
        points = weights.theme * min(len(themes), weights.max_themes)
        reasons.append(Reason(SHARED_THEMES, tuple(sorted(themes)), points))
    languages = asker.languages & candidate.languages
    if languages:
        reasons.append(Reason(SHARED_LANGUAGES, tuple(sorted(languages)), weights.language))
    size = _size_points(asker.population, candidate.population, weights)
    if size:
        reasons.append(Reason(SIMILAR_SIZE, (asker.population, candidate.population), size))
    if candidate.region and candidate.region in asker.partner_regions:
        reasons.append(Reason(REGION_OF_YOUR_PARTNERS, (candidate.region,), weights.region))
    elif asker.region and asker.region in candidate.partner_regions:
        reasons.append(Reason(PARTNERS_IN_YOUR_REGION, (asker.region,), weights.region))
    reasons = [reason for reason in reasons if reason.points > 0]
    return sum(reason.points for reason in reasons), tuple(reasons)


def suggest(
    asker: Profile,
    candidates: Iterable[Profile],
    *,
    limit: int | None = 10,
    min_score: int = 1,
    require: Sequence[str] = (),
    weights: Weights = DEFAULT_WEIGHTS,
) -> MatchResult:
    """Rank `candidates` for `asker`, best first, at most `limit` (None: all).

    `require`: reason codes of which a suggestion must have at least one (e.g.
    a shared theme or SDG for calls, where a common language alone says
    nothing). The first occurrence of a duplicated id counts; later ones are
    ignored and counted as duplicates.
    """
    excluded: Counter[str] = Counter()
    seen: set = set()
    scored: list[tuple[tuple, int, tuple[Reason, ...], Id]] = []
    considered = 0
    required = frozenset(require)
    for candidate in candidates:
        considered += 1
        if candidate.id in seen:
            excluded[EXCLUDED_DUPLICATE] += 1
            continue
        seen.add(candidate.id)
        if candidate.id == asker.id:
            excluded[EXCLUDED_SELF] += 1
            continue
        if candidate.hidden:
            excluded[EXCLUDED_HIDDEN] += 1
            continue
        if candidate.id in asker.partners or asker.id in candidate.partners:
            excluded[EXCLUDED_PARTNER] += 1
            continue
        score, reasons = score_candidate(asker, candidate, weights)
        if (
            score <= 0
            or score < min_score
            or (required and not any(r.code in required for r in reasons))
        ):
            excluded[EXCLUDED_WEAK] += 1
            continue
        order = (-score, candidate.key, _key(candidate.id))
        scored.append((order, score, reasons, candidate.id))
    if limit is None:
        best = sorted(scored, key=lambda item: item[0])
    else:
        best = heapq.nsmallest(max(limit, 0), scored, key=lambda item: item[0])
    suggestions = tuple(
        Suggestion(id=candidate_id, rank=rank, score=score, reasons=reasons)
        for rank, (_order, score, reasons, candidate_id) in enumerate(best, start=1)
    )
    return MatchResult(
        suggestions=suggestions,
        considered=considered,
        eligible=len(scored),
        excluded=dict(excluded),
    )
