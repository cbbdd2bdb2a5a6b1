"""The solver's statements about a workshop assignment, in the reader's language.

`partnerhub.solver` cannot import Django, so it says everything as a code with
parameters (`solver.Explanation`); the pages translate by code here. Ids in the
parameters (registrations, workshops, slots) are replaced by names where the
caller knows them. An unknown code still renders (never a 500).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models.programme import SESSION_LANGUAGE_CHOICES

# Why a person got no workshop in a slot.
REASONS = {
    "ranked_workshops_full": gettext_lazy("all the workshops they ranked are full"),
    "no_ranked_workshop_in_language": gettext_lazy(
        "none of the workshops they ranked is in a language they speak"
    ),
    "ranked_nothing_in_slot": gettext_lazy("ranked no workshop in this time slot"),
    "left_out_at_time_limit": gettext_lazy(
        "a workshop they ranked still has room, but the computation stopped at its time limit"
    ),
    "removed_by_hand": gettext_lazy("taken out by hand on this page"),
}

# Statements about the input and the computation.
ISSUES = {
    "completed_after_time_limit": gettext_lazy(
        "The computation stopped at its time limit in one time slot; %(placed)s people left out "
        "were then placed where a workshop they ranked had room. The result is valid but not "
        "proven optimal."
    ),
    "cost_range_fallback": gettext_lazy(
        "One time slot was too large for the exact flow method and was solved with CP-SAT."
    ),
    "too_many_choices": gettext_lazy(
        "A participant ranked more workshops in one time slot than count; the first ones count."
    ),
    "zero_capacity": gettext_lazy("A workshop has no free place: nobody can be placed in it."),
    "no_participants": gettext_lazy(
        "There are no confirmed participants to assign yet. Confirm registrations first."
    ),
    "no_workshops": gettext_lazy(
        "This edition has no workshops yet. Add workshops to the programme first."
    ),
    "unknown_policy": gettext_lazy("The policy is unknown."),
    "invalid_group_weight": gettext_lazy("The weight for partnerships is not a valid number."),
}

ERRORS = {
    "internal": gettext_lazy(
        "The computation failed unexpectedly. The error has been logged; please try again, "
        "and tell the platform's administrators if it fails again."
    ),
    "invalid": gettext_lazy("The input could not be used:"),
    "empty": gettext_lazy("There is nothing to assign:"),
}

CRITERIA = {
    "unplaced": gettext_lazy("people without a workshop"),
}


def language_name(code: str) -> str:
    """A language code as the reader reads it ("French"); unknown codes as they are."""
    return str(dict(SESSION_LANGUAGE_CHOICES).get(code, code))


def _language_names(codes) -> str:
    if not isinstance(codes, list | tuple):
        return ""
    return ", ".join(language_name(str(code)) for code in codes if code)


def reason_text(code: str, params: dict | None = None) -> str:
    text = REASONS.get(code)
    if text is None:
        return _("reason: %(code)s") % {"code": code}
    if code == "no_ranked_workshop_in_language" and isinstance(params, dict):
        spoken = _language_names(params.get("languages")) or "–"
        held = _language_names(params.get("workshop_languages")) or "–"
        return _("%(reason)s (speaks: %(spoken)s; the workshops they ranked: %(held)s)") % {
            "reason": text,
            "spoken": spoken,
            "held": held,
        }
    return str(text)


def issue_text(code: str, params: dict | None = None) -> str:
    template = ISSUES.get(code)
    if template is None:
        return _("Note from the solver: %(code)s") % {"code": code}
    try:
        return str(template) % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def criterion_text(name: str) -> str:
    """`rank_2` → "2nd choices", `unplaced` → "people without a workshop", others as given."""
    if name in CRITERIA:
        return str(CRITERIA[name])
    if name.startswith("rank_") and name[5:].isdigit():
        return _("choice %(rank)s received") % {"rank": name[5:]}
    if name.startswith("effective_rank_"):
        return _("effective choice %(rank)s (with the partnership weight)") % {
            "rank": name[len("effective_rank_") :]
        }
    return name
