"""Reads: the public pages of calls (the list and a call's page).

* `calls_by_state`: the calls a person may see, grouped into open, upcoming,
  closed and (organisers only) not published; one query.
* `call_for_page`: one call with its criteria (two queries), or None when the
  person may not see it (unpublished calls are the organisers' alone).
* `applicant_options`: the municipalities a person currently acts for, each
  with the reasons it may not apply to a call (empty: it may); two queries.
* `translated_text`: a call's title or text in the reader's language, with the
  language it is really in, so that a page can mark a fallback with `lang`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language

from partnerhub.accounts.predicates import current_memberships
from partnerhub.reference.models import LANGUAGE_CODES, Municipality

from .. import rules_of_call
from ..models import Call

__all__ = [
    "ApplicantOption",
    "CallsByState",
    "TranslatedText",
    "applicant_options",
    "call_for_page",
    "calls_by_state",
    "translated_text",
]

MANAGE_CALLS = "calls.add_call"


@dataclass
class CallsByState:
    open: list[Call] = field(default_factory=list)
    upcoming: list[Call] = field(default_factory=list)
    closed: list[Call] = field(default_factory=list)
    unpublished: list[Call] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, list[Call]]]:
        """The groups in the order of the page."""
        return [
            ("open", self.open),
            ("upcoming", self.upcoming),
            ("closed", self.closed),
            ("unpublished", self.unpublished),
        ]


def calls_by_state(user, now=None) -> CallsByState:
    """Open calls by nearest deadline, then upcoming ones, then closed ones (latest first).

    Only published calls, except for organisers, who also get the unpublished ones.
    """
    now = now or timezone.now()
    calls = Call.objects.order_by("deadline", "pk")
    may_manage = user.has_perm(MANAGE_CALLS)
    if not may_manage:
        calls = calls.filter(is_published=True)
    result = CallsByState()
    for call in calls:
        call.display_title = translated_text(call, "title")
        if not call.is_published:
            result.unpublished.append(call)
        elif rules_of_call.deadline_passed(call, now):
            result.closed.append(call)
        elif call.opens_at and now < call.opens_at:
            result.upcoming.append(call)
        else:
            result.open.append(call)
    result.closed.reverse()
    return result


def call_for_page(slug: str, user) -> Call | None:
    """The call of a page with its criteria, if the person may see it."""
    call = Call.objects.prefetch_related("criteria").filter(slug=slug).first()
    if call is None or (not call.is_published and not user.has_perm(MANAGE_CALLS)):
        return None
    call.display_title = translated_text(call, "title")
    call.display_text = translated_text(call, "text")
    for criterion in call.criteria.all():
        criterion.display_title = translated_text(criterion, "title")
    return call


@dataclass(frozen=True)
class ApplicantOption:
    municipality: Municipality
    problems: tuple[str, ...]

    @property
    def may_apply(self) -> bool:
        return not self.problems


def applicant_options(user, call: Call) -> list[ApplicantOption]:
    """The municipalities the person acts for today, and whether each may apply to the call."""
    ids = list(current_memberships(user).municipalities)
    if not ids:
        return []
    municipalities = Municipality.objects.select_related("country").filter(pk__in=ids)
    return [
        ApplicantOption(m, tuple(rules_of_call.applicant_problems(call, m)))
        for m in sorted(municipalities, key=lambda m: (m.name.casefold(), m.pk))
    ]


@dataclass(frozen=True)
class TranslatedText:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def translated_text(obj, name: str) -> TranslatedText:
    """`obj.<name>_<lang>` in the reader's language, else English, German, French, Spanish."""
    current = (get_language() or "de")[:2]
    order = [current, *(code for code in ("en", "de", "fr", "es") if code != current)]
    for code in order:
        if code not in LANGUAGE_CODES:
            continue
        value = getattr(obj, f"{name}_{code}", "")
        if value:
            return TranslatedText(value, code, code != current)
    return TranslatedText("", current, False)
