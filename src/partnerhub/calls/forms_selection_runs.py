"""The forms of participant selection runs (start one, adjust its group by hand); the rules
live in `services.selection_runs`."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms_reviews import ServiceErrorsMixin
from .models import SelectionMode
from .models.selection_runs import MAX_SEED
from .services.selection_runs import MAX_REASON_LENGTH


def _percent(label):
    return forms.IntegerField(label=label, min_value=0, max_value=100, required=False)


class SelectionRunForm(ServiceErrorsMixin, forms.Form):
    mode = forms.ChoiceField(
        label=_("How to select"),
        choices=SelectionMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "By score: the group with the highest total nomination score that meets every "
            "quota. Fair quota lottery: every nominee's chance is as equal as the quotas "
            "allow, and the group is drawn with a published seed."
        ),
    )
    min_size = forms.IntegerField(label=_("Participants at least"), min_value=1)
    max_size = forms.IntegerField(label=_("Participants at most"), min_value=1)
    germany_min = _percent(_("Germany: share at least (%)"))
    germany_max = _percent(_("Germany: share at most (%)"))
    global_south_min = _percent(_("Global South: share at least (%)"))
    global_south_max = _percent(_("Global South: share at most (%)"))
    other_min = _percent(_("Other industrialised countries: share at least (%)"))
    other_max = _percent(_("Other industrialised countries: share at most (%)"))
    required_countries = forms.MultipleChoiceField(
        label=_("At least one participant from each of these countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked: the countries the proposal named."),
    )
    max_per_municipality = forms.IntegerField(
        label=_("At most per municipality"), min_value=1, required=False
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        help_text=_(
            "Drawn at random for you; publish it with the result so the draw can be repeated."
        ),
    )
    service_fields = {"__all__": None}

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_countries"].choices = list(countries)
        if not self.is_bound:
            self.initial.setdefault("seed", secrets.randbelow(MAX_SEED + 1))


class AdjustSelectionForm(ServiceErrorsMixin, forms.Form):
    """Take a nominee in, take one out, or both (a swap), with a reason.

    The choices come from the review (who is in the proposed group, who is not); the
    service checks everything again, including every quota of the run.
    """

    take_out = forms.TypedChoiceField(
        label=_("Take out of the group"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    take_in = forms.TypedChoiceField(
        label=_("Take into the group"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the adjustment and in the audit trail."),
        error_messages={"required": _("Give a reason: it is kept with the adjustment.")},
    )
    service_fields = {"__all__": None}

    def __init__(self, *args, inside=(), outside=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["take_out"].choices = [("", _("nobody"))] + [
            (str(row.participant.pk), _label(row)) for row in inside
        ]
        self.fields["take_in"].choices = [("", _("nobody"))] + [
            (str(row.participant.pk), _label(row)) for row in outside
        ]

    def clean(self):
        data = super().clean()
        if (
            not self.has_error("take_in")
            and not self.has_error("take_out")
            and data.get("take_in") is None
            and data.get("take_out") is None
        ):
            raise forms.ValidationError(_("Choose whom to take in, whom to take out, or both."))
        return data


def _label(row) -> str:
    """ "Name (country, origin)": enough to see what a swap does to the quotas."""
    participant = row.participant
    return f"{participant.full_name} ({participant.country.name}, {row.origin_label})"
