"""Filter forms of the reference pages.

They are GET forms: an invalid value is shown with its error and the typed
text kept, and the page falls back to the default (never a 500).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MunicipalityKind, Region


class FilterForm(forms.Form):
    def value(self, field: str):
        """The cleaned value of a field, or "" when it is empty or invalid."""
        self.is_valid()
        return self.cleaned_data.get(field) or ""


class CountryFilterForm(FilterForm):
    """Region filter and the date on which ODA status is shown (default: today)."""

    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *Region.choices],
    )
    date = forms.DateField(
        label=_("ODA status on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM-DD", "inputmode": "numeric"}),
        help_text=_("Format: YYYY-MM-DD. DAC lists apply to whole calendar (flow) years."),
        error_messages={"invalid": _("Enter a valid date in the form YYYY-MM-DD.")},
    )

    def chosen_date(self):
        """The valid date asked for, else today (the form then shows its error)."""
        return self.value("date") or timezone.localdate()


class MunicipalityFilterForm(FilterForm):
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *MunicipalityKind.choices],
    )

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("All countries")),
            *((country.iso2, country.name) for country in countries),
        ]
