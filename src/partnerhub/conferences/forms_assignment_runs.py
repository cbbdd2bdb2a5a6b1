"""Forms of the workshop assignment runs; the rules live in `services.assignment_runs`."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AssignmentPolicy
from .models.assignment_runs import MAX_GROUP_WEIGHT, MAX_SEED


class AssignmentRunForm(forms.Form):
    policy = forms.ChoiceField(
        label=_("Policy"),
        choices=AssignmentPolicy.choices,
        initial=AssignmentPolicy.RANK_MAXIMAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Rank-maximal gives as many people as possible their first choice, then their "
            "second … Fair first places as many people as possible, then makes the worst "
            "choice anybody receives as good as possible."
        ),
    )
    group_weight = forms.DecimalField(
        label=_("Weight for keeping partnerships together"),
        min_value=0,
        max_value=MAX_GROUP_WEIGHT,
        decimal_places=1,
        initial=0,
        help_text=_(
            "0: ignore partnerships. With 2, a member of a partnership rather takes their "
            "second choice than sit apart from their partners, but not their fourth. "
            "Above 0 the computation may take up to a minute."
        ),
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        help_text=_(
            "Breaks ties between equally good assignments; the same seed gives the same "
            "result. Drawn at random for you; change it only to repeat an earlier run."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("seed", secrets.randbelow(MAX_SEED + 1))


class MoveForm(forms.Form):
    """Move a person in the proposal (ids, checked again by the service)."""

    registration = forms.IntegerField(
        label=_("Participant"), error_messages={"required": _("Choose a participant.")}
    )
    session = forms.IntegerField(
        label=_("Workshop"), error_messages={"required": _("Choose a workshop.")}
    )


class RemoveForm(forms.Form):
    registration = forms.IntegerField()
    slot = forms.IntegerField()
