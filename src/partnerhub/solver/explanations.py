"""What the solvers say about their input and their result: a code plus parameters.

The solver package must not import Django, so it cannot translate. Every
statement is therefore an `Explanation`, a named tuple `(code, params)` that the
Django layer renders in the reader's language by its code; `message` gives an
English rendering for logs, the benchmark and tests. Parameters are plain
values (str, int, float, lists of those) so that they can be stored as JSON
beside a published result.
"""

from collections.abc import Mapping
from typing import Any, NamedTuple

# English renderings by code. A code is a stable identifier: the Django layer keys
# its translations on it, so never rename one; add a new code instead.
MESSAGES: dict[str, str] = {
    # Input validation, workshop assignment.
    "unknown_policy": "unknown policy {policy!r}; choose one of {choices}",
    "invalid_group_weight": "the group weight must be a finite number >= 0, not {weight!r}",
    "invalid_max_choices": "the number of choices must be at least 1, not {max_choices!r}",
    "duplicate_participant": "participant {participant!r} is listed more than once",
    "duplicate_workshop": "workshop {workshop!r} is listed more than once",
    "negative_capacity": "workshop {workshop!r} has a negative capacity ({capacity})",
    "zero_capacity": "workshop {workshop!r} has capacity 0: nobody can be placed in it",
    "unknown_participant_in_preferences": (
        "preferences name participant {participant!r}, who is not registered; ignored"
    ),
    "unknown_slot_in_preferences": (
        "participant {participant!r} ranked workshops for slot {slot!r}, which has no "
        "workshops; ignored"
    ),
    "unknown_workshop_in_preferences": (
        "participant {participant!r} ranked workshop {workshop!r} in slot {slot!r}, "
        "which does not exist; ignored"
    ),
    "workshop_in_other_slot": (
        "participant {participant!r} ranked workshop {workshop!r} under slot {slot!r}, "
        "but it takes place in slot {workshop_slot!r}; ignored"
    ),
    "duplicate_choice": (
        "participant {participant!r} ranked workshop {workshop!r} twice in slot {slot!r}; "
        "the better rank counts"
    ),
    "too_many_choices": (
        "participant {participant!r} ranked {given} workshops in slot {slot!r}; only the "
        "first {max_choices} count"
    ),
    "no_participants": "there are no participants to assign",
    "no_workshops": "there are no workshops to assign participants to",
    # Why a participant has no workshop in a slot.
    "ranked_workshops_full": "all ranked workshops full",
    "no_ranked_workshop_in_language": "no ranked workshop in their language",
    "ranked_nothing_in_slot": "ranked nothing in this slot",
    "left_out_at_time_limit": (
        "a ranked workshop still has room, but the solver stopped at its time limit "
        "before placing them"
    ),
    "completed_after_time_limit": (
        "CP-SAT stopped at its time limit in slot {slot!r}; {placed} participants left "
        "out were then placed where a ranked workshop had room (this only improves the "
        "result, but it is not proven optimal)"
    ),
    "cost_range_fallback": (
        "slot {slot!r} is too large for exact integer costs in the min-cost flow; "
        "solved with CP-SAT instead"
    ),
    # Hard constraints broken by an assignment (checked on any assignment, e.g. one
    # an organiser edited by hand).
    "assigned_unknown_participant": "participant {participant!r} is not registered",
    "assigned_unknown_workshop": "workshop {workshop!r} does not exist",
    "assigned_wrong_slot": (
        "workshop {workshop!r} takes place in slot {workshop_slot!r}, not {slot!r}"
    ),
    "assigned_same_workshop_twice": "participant {participant!r} is in workshop {workshop!r} twice",
    "assigned_over_capacity": (
        "workshop {workshop!r} has {assigned} participants for {capacity} places"
    ),
    "assigned_language_missing": (
        "participant {participant!r} does not speak {language!r}, the language of "
        "workshop {workshop!r}"
    ),
    "assigned_unranked": "participant {participant!r} did not rank workshop {workshop!r}",
    # Participant selection.
    "unknown_mode": "unknown mode {mode!r}; choose one of {choices}",
    "unknown_origin": "nominee {nominee!r} has the unknown origin {origin!r}",
    "duplicate_nominee": "nominee {nominee!r} is listed more than once",
    "invalid_size": "the size must satisfy 1 <= min ({min_size}) <= max ({max_size})",
    "invalid_share": "the share range for {origin!r} must satisfy 0 <= min <= max <= 1: {share}",
    "invalid_municipality_cap": "at most {max_per_municipality!r} per municipality is not >= 1",
    "invalid_score": "nominee {nominee!r} has a score that is not a finite number: {score!r}",
    "municipality_in_several_countries": (
        "municipality {municipality!r} appears with several countries: {countries}"
    ),
    "country_with_several_origins": "country {country!r} appears with several origins: {origins}",
    "too_few_nominees": "{nominees} nominees cannot fill a panel of at least {min_size}",
    "no_nominee_from_required_country": (
        "the proposal named {country!r}, but nobody from there is nominated"
    ),
    "too_few_for_origin": (
        "at least {needed} from {origin} are needed, but at most {available} can be chosen"
    ),
    "origin_minimums_exceed_panel": "the minimum shares add up to more than the whole panel",
    "municipality_cap_too_tight": (
        "at most {max_per_municipality} per municipality leaves only {available} "
        "selectable nominees, fewer than {min_size}"
    ),
    "quota_conflict": (
        "the quotas cannot all be met; without the quota {quota} ({detail}) they could"
    ),
    "quotas_infeasible": "no panel meets all quotas together",
    "quota_binds": "the quota {quota} ({detail}) changes the result: {effect}",
    "panel_size": "panel of {size} (allowed {min_size} to {max_size})",
    "internal_check_failed": "internal check failed: {detail}",
    # Quotas broken by a panel (checked on any panel, e.g. one edited by hand).
    "panel_unknown_nominee": "{nominee!r} is not among the nominees",
    "panel_duplicate": "a nominee is listed more than once",
    "panel_size_out_of_range": "the panel has {size} members; allowed {min_size} to {max_size}",
    "panel_breaks_quota": "the panel breaks the quota {quota} ({detail}): {count} selected",
    # Every quota measured on a panel (state: met, at_limit or broken).
    "panel_quota": "quota {quota} ({detail}): {count} selected, {state}",
}


class Explanation(NamedTuple):
    """A statement as `(code, params)`; unpacks like the tuple it is."""

    code: str
    params: Mapping[str, Any] = {}

    @property
    def message(self) -> str:
        """English rendering; unknown codes and missing parameters never raise."""
        template = MESSAGES.get(self.code)
        if template is None:
            return f"{self.code}: {dict(self.params)}"
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return f"{template} {dict(self.params)}"


def explain(code: str, **params: Any) -> Explanation:
    """Shorthand used throughout the package."""
    return Explanation(code, params)
