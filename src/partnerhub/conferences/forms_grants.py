"""Forms of the travel grant pages; the rules themselves live in `services.grants`."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import GrantCategory, TravelGrantApplication

DETAILS_HELP = {
    GrantCategory.TRAVEL: _("For example: return flight Accra–Frankfurt, train to the venue."),
    GrantCategory.ACCOMMODATION: _("For example: four nights in the conference hotel."),
    GrantCategory.PER_DIEM: _("For example: four days."),
}


def _amount_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        **kwargs,
    )


class TravelGrantForm(forms.Form):
    """One amount and its details per cost category, and the justification."""

    justification = forms.CharField(
        label=_("Why do you need the grant?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: your municipality cannot cover the travel from its budget."),
        error_messages={"required": _("Explain why you need the grant.")},
    )

    def __init__(self, *args, application: TravelGrantApplication | None = None, **kwargs):
        if application is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(application)
        super().__init__(*args, **kwargs)
        fields = {}
        for category in GrantCategory:
            fields[f"{category.value}_amount"] = _amount_field(
                _("%(category)s: amount in EUR") % {"category": category.label.capitalize()},
                required=False,
                min_value=Decimal("0.01"),
                help_text=_("Leave empty if you do not ask for this."),
            )
            fields[f"{category.value}_description"] = forms.CharField(
                label=_("%(category)s: details") % {"category": category.label.capitalize()},
                max_length=200,
                required=False,
                help_text=DETAILS_HELP[category],
            )
        fields["justification"] = self.fields.pop("justification")
        self.fields.update(fields)

    @staticmethod
    def initial_for(application: TravelGrantApplication) -> dict:
        initial = {"justification": application.justification}
        for line in application.lines.all():
            initial[f"{line.category}_amount"] = line.requested_amount
            initial[f"{line.category}_description"] = line.description
        return initial

    def clean(self):
        data = super().clean()
        asked = False
        for category in GrantCategory:
            amount = data.get(f"{category.value}_amount")
            details = data.get(f"{category.value}_description")
            if amount:
                asked = True
            elif details and f"{category.value}_amount" not in self.errors:
                self.add_error(
                    f"{category.value}_amount",
                    _("Enter an amount for the details you gave, or remove the details."),
                )
        if not asked and not self.errors:
            raise forms.ValidationError(_("Ask for at least one cost category with an amount."))
        return data

    def lines(self) -> list[dict]:
        return [
            {
                "category": category.value,
                "amount": self.cleaned_data[f"{category.value}_amount"],
                "description": self.cleaned_data.get(f"{category.value}_description", ""),
            }
            for category in GrantCategory
            if self.cleaned_data.get(f"{category.value}_amount")
        ]


class TravelBudgetForm(forms.Form):
    budget = _amount_field(
        _("Travel grant budget (EUR)"),
        required=False,
        min_value=Decimal("0"),
        help_text=_("Never below what is already approved."),
    )


class TravelGrantDecisionForm(forms.Form):
    """An approved amount per line (0 declines it) and a note to the applicant."""

    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent with the decision, in the e-mail and on the applicant's page."),
    )

    def __init__(self, *args, application: TravelGrantApplication, **kwargs):
        kwargs.setdefault("prefix", f"application-{application.pk}")
        super().__init__(*args, **kwargs)
        self.application = application
        fields = {}
        for line in application.lines.all():
            fields[f"line_{line.pk}"] = _amount_field(
                _("%(category)s: approved EUR (requested %(requested)s)")
                % {
                    "category": line.get_category_display().capitalize(),
                    "requested": number_format(line.requested_amount, 2, force_grouping=True),
                },
                min_value=Decimal("0"),
                initial=line.requested_amount
                if line.approved_amount is None
                else line.approved_amount,
                error_messages={"required": _("Enter an amount (0 declines the line).")},
            )
        fields["note"] = self.fields.pop("note")
        self.fields.update(fields)
        if "note" not in self.initial:
            self.fields["note"].initial = application.note_to_applicant

    def approved(self) -> dict[int, Decimal]:
        return {
            line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.application.lines.all()
        }
