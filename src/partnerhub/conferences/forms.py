"""Forms of the conference pages; the rules themselves live in `services` and `models`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ConferenceSeries


class HostingInterestForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    series = forms.ModelChoiceField(
        label=_("Conference series"), queryset=ConferenceSeries.objects.filter(is_active=True)
    )
    year = forms.IntegerField(label=_("Year"), max_value=2100)
    message = forms.CharField(
        label=_("Message to the organisers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: why your municipality would like to host, and with which partners."
        ),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        # The rule (this year or later) is checked by services.hosting_interest_submit.
        self.fields["year"].widget.attrs["min"] = timezone.localdate().year


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you decline."),
    )
