"""Reads: proposals as their applicants (and whoever may see them) read them.

* `proposal_for_page`: one proposal with everything its pages show, and the
  review assignments the permission `calls.view_proposal` looks at (fixed
  number of queries).
* `proposals_of`: the proposals of the municipalities a person currently acts
  for ("My proposals", and a call's page), two queries whatever their number.
* `proposal_checklist`: what `services.proposal_missing` reports, as a
  checklist in the order of the form, with the same messages.
* The choices of the proposal form: municipalities and countries of the
  proposed actors (abroad), the SDGs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import current_memberships
from partnerhub.reference.models import Country, Municipality, SdgGoal
from partnerhub.reference.queries import sort_key

from ..models import SECTIONS, Proposal, ProposedActor
from ..rules_of_call import GERMANY

__all__ = [
    "ChecklistItem",
    "actor_countries",
    "actor_municipalities",
    "proposal_checklist",
    "proposal_for_page",
    "proposals_of",
    "sdg_goals",
]


def proposal_for_page(pk: int) -> Proposal | None:
    actors = ProposedActor.objects.select_related("country", "municipality")
    return (
        Proposal.objects.select_related("call", "municipality__country", "created_by")
        .prefetch_related(Prefetch("actors", queryset=actors), "sdgs", "assignments")
        .filter(pk=pk)
        .first()
    )


def proposals_of(user, call=None) -> list[Proposal]:
    """The proposals of the municipalities the person acts for today, newest call first."""
    ids = list(current_memberships(user).municipalities)
    if not ids:
        return []
    proposals = Proposal.objects.select_related("call", "municipality").filter(
        municipality_id__in=ids
    )
    if call is not None:
        proposals = proposals.filter(call=call)
    return list(proposals.order_by("-call__deadline", "call_id", "-created_at", "-pk"))


@dataclass
class ChecklistItem:
    key: str
    label: str
    messages: list[str] = field(default_factory=list)
    required: bool = True

    @property
    def done(self) -> bool:
        return not self.messages

    @property
    def anchor(self) -> str:
        """The id of the field on the edit page."""
        return {
            "theme_field": "id_theme_field_0",
            "actors": "actors",
            "__all__": "sections",
            "municipality": "",
            "commits_to_follow_up": "id_commits_to_follow_up",
            "has_municipal_support": "id_has_municipal_support",
        }.get(self.key, f"id_{self.key}")


def proposal_checklist(proposal: Proposal, missing: dict[str, list[str]]) -> list[ChecklistItem]:
    """Every requirement of submission, done or with the messages of `proposal_missing`.

    The two commitments are not required to submit, but two of the call's
    criteria are met only with them; they come last, as recommendations.
    """
    call = proposal.call
    items = [
        ChecklistItem("title", _("Topic (title)")),
        ChecklistItem("theme_field", _("Theme field")),
    ]
    for number, section in enumerate(SECTIONS, start=1):
        label = Proposal._meta.get_field(section).verbose_name
        items.append(ChecklistItem(section, f"{number}. {label}"))
    items.append(
        ChecklistItem(
            "__all__",
            _("The four sections together: at most %(limit)d characters")
            % {"limit": call.total_limit},
        )
    )
    items.append(
        ChecklistItem(
            "actors",
            _(
                "Municipal actors from at least two further countries, "
                "at least one of them from the Global South"
            ),
        )
    )
    items.append(ChecklistItem("municipality", _("An applicant who may apply to this call")))
    known = {item.key for item in items}
    for item in items:
        item.messages = list(missing.get(item.key, []))
    # Anything the rules may add later still shows, under its own key.
    for key, messages in missing.items():
        if key not in known:
            items.append(ChecklistItem(key, key, list(messages)))
    if not proposal.commits_to_follow_up:
        items.append(
            ChecklistItem(
                "commits_to_follow_up",
                _("Willing to take part in follow-up activities"),
                [_("Recommended: the call expects it (an evaluation criterion).")],
                required=False,
            )
        )
    if not proposal.has_municipal_support:
        items.append(
            ChecklistItem(
                "has_municipal_support",
                _("Supported by the municipality"),
                [_("Recommended: the call expects it (an evaluation criterion).")],
                required=False,
            )
        )
    return items


def actor_municipalities() -> QuerySet:
    """Municipalities outside Germany that can be named as proposed actors."""
    return (
        Municipality.objects.exclude(country_id=GERMANY)
        .select_related("country")
        .order_by("name", "pk")
    )


def actor_countries() -> list[Country]:
    """Every country but Germany, by name in the reader's language."""
    return sorted(Country.objects.exclude(iso2=GERMANY), key=lambda country: sort_key(country.name))


def sdg_goals() -> QuerySet:
    return SdgGoal.objects.order_by("number")
