"""The solver's statements about a participant selection, in the reader's language.

`partnerhub.solver` says everything as a code with parameters; the pages translate
by code here. Origins and countries get their names; an unknown code still renders.
"""

from django.utils.translation import gettext as _

from .models import Origin


def _origin(code) -> str:
    try:
        return str(Origin(code).label)
    except ValueError:
        return str(code)


def _percent(value) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return str(value)


def _chance(value) -> str:
    try:
        return f"{float(value):.1%}"
    except (TypeError, ValueError):
        return str(value)


def _number(value, digits=3) -> str:
    try:
        return f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    except (TypeError, ValueError):
        return str(value)


def quota_text(params: dict, countries: dict) -> str:
    quota = params.get("quota")
    if quota == "origin_min":
        return _("at least %(share)s from %(origin)s (%(count)s people in this panel)") % {
            "share": _percent(params.get("share")),
            "origin": _origin(params.get("origin")),
            "count": params.get("min", "?"),
        }
    if quota == "origin_max":
        return _("at most %(share)s from %(origin)s (%(count)s people in this panel)") % {
            "share": _percent(params.get("share")),
            "origin": _origin(params.get("origin")),
            "count": params.get("max", "?"),
        }
    if quota == "required_country":
        code = params.get("country")
        return _("at least one participant from %(country)s") % {
            "country": countries.get(code, code)
        }
    if quota == "municipality_cap":
        return _("at most %(count)s per municipality") % {
            "count": params.get("max_per_municipality")
        }
    if quota == "size":
        return _("%(min)s to %(max)s participants") % {
            "min": params.get("min_size"),
            "max": params.get("max_size"),
        }
    return str(params.get("detail", quota))


QUOTA_STATES = {
    "met": lambda: _("met"),
    "at_limit": lambda: _("at its limit"),
    "broken": lambda: _("broken"),
}


def quota_state_text(state: str) -> str:
    """met / at its limit (one more or one fewer of its kind would break it) / broken."""
    return QUOTA_STATES.get(state, QUOTA_STATES["broken"])()


def explanation_text(code: str, params: dict, countries: dict | None = None) -> str:
    countries = countries or {}
    params = dict(params or {})
    if code == "panel_size":
        return _("A group of %(size)s participants (allowed: %(min)s to %(max)s).") % {
            "size": params.get("size"),
            "min": params.get("min_size"),
            "max": params.get("max_size"),
        }
    if code == "quota_binds":
        quota = quota_text(params, countries)
        if "score_without" in params:
            return _(
                "The quota “%(quota)s” binds: without it the total nomination score could be "
                "%(without)s instead of %(score)s."
            ) % {
                "quota": quota,
                "without": _number(params["score_without"]),
                "score": _number(params.get("score")),
            }
        return _(
            "The quota “%(quota)s” binds: the nominees it concerns have a chance of "
            "%(chance)s instead of %(without)s; the smallest chance of anybody is %(min)s "
            "instead of %(min_without)s."
        ) % {
            "quota": quota,
            "chance": _chance(params.get("chance")),
            "without": _chance(params.get("chance_without")),
            "min": _chance(params.get("min_chance")),
            "min_without": _chance(params.get("min_chance_without")),
        }
    if code == "quota_conflict":
        return _(
            "The quotas cannot all be met together; without the quota “%(quota)s” they could."
        ) % {"quota": quota_text(params, countries)}
    if code == "too_few_nominees":
        return _("%(count)s nominees cannot fill a group of at least %(min)s.") % {
            "count": params.get("nominees"),
            "min": params.get("min_size"),
        }
    if code == "no_nominee_from_required_country":
        code_ = params.get("country")
        return _(
            "The proposal named %(country)s, but nobody from there is nominated: nominate "
            "somebody or drop the country from the quotas."
        ) % {"country": countries.get(code_, code_)}
    if code == "too_few_for_origin":
        return _(
            "At least %(needed)s from %(origin)s are needed, but only %(available)s can be chosen."
        ) % {
            "needed": params.get("needed"),
            "origin": _origin(params.get("origin")),
            "available": params.get("available"),
        }
    if code == "origin_minimums_exceed_panel":
        return _("The smallest shares add up to more than the whole group.")
    if code == "municipality_cap_too_tight":
        return _(
            "At most %(cap)s per municipality leaves only %(available)s nominees who can be "
            "chosen, fewer than %(min)s."
        ) % {
            "cap": params.get("max_per_municipality"),
            "available": params.get("available"),
            "min": params.get("min_size"),
        }
    if code == "panel_size_out_of_range":
        return _("The group would have %(size)s participants; allowed: %(min)s to %(max)s.") % {
            "size": params.get("size"),
            "min": params.get("min_size"),
            "max": params.get("max_size"),
        }
    if code == "panel_breaks_quota":
        if params.get("quota") == "municipality_cap":
            return _(
                "The group would break the quota “%(quota)s”: %(count)s from one municipality."
            ) % {"quota": quota_text(params, countries), "count": params.get("count")}
        return _("The group would break the quota “%(quota)s”: %(count)s selected.") % {
            "quota": quota_text(params, countries),
            "count": params.get("count"),
        }
    if code == "panel_unknown_nominee":
        return _("Somebody in the group is not among the nominees.")
    if code == "panel_duplicate":
        return _("Somebody is in the group twice.")
    if code == "quotas_infeasible":
        return _("No group meets all the quotas together.")
    if code == "country_with_several_origins":
        return _("A country appears with several origins: %(country)s.") % {
            "country": countries.get(params.get("country"), params.get("country"))
        }
    if code == "invalid_size":
        return _("The sizes must satisfy 1 ≤ at least ≤ at most.")
    if code == "invalid_share":
        return _("A share range is not valid.")
    if code == "internal_check_failed":
        return _("The computation could not finish (%(detail)s).") % {
            "detail": params.get("detail", "")
        }
    return _("Note from the solver: %(code)s") % {"code": code}


ERRORS = {
    "internal": lambda: _(
        "The computation failed unexpectedly. The error has been logged; please try again, "
        "and tell the platform's administrators if it fails again."
    ),
    "infeasible": lambda: _("No group of participants meets all these quotas:"),
    "invalid": lambda: _("The nominations or quotas could not be used:"),
    "error": lambda: _("The computation stopped without a result:"),
}


def error_text(code: str) -> str:
    return ERRORS.get(code, ERRORS["internal"])()
