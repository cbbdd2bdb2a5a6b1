"""Forms of the climate pages. They parse input; the rules are the services' (and models')."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    Currency,
    Direction,
    FieldOfAction,
    Measure,
    MeasureStatus,
    ProgrammeVersion,
    Target,
    Unit,
)
from .services.programmes import DETAIL_FIELDS, MEASURE_FIELDS, TARGET_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal at the fields it names (else at the top of the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class VersionDetailsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeVersion
        fields = DETAIL_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "civil_society_actors": forms.Textarea(attrs={"rows": 3}),
        }


class FieldOfActionForm(forms.ModelForm):
    class Meta:
        model = FieldOfAction
        fields = ("name", "description", "order")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = TARGET_FIELDS
        widgets = {
            "baseline_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "target_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, version: ProgrammeVersion, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(version=version)
        self.fields["municipality"].queryset = sides
        self.fields["municipality"].empty_label = None

    def _post_clean(self):
        # The model's rules run in the service (one place); the form only parses.
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)
        except ValidationError as error:
            self._update_errors(error)


class MeasureForm(forms.ModelForm):
    targets = forms.ModelMultipleChoiceField(
        label=_("Targets it serves"),
        queryset=Target.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("At least one target of this programme."),
    )

    class Meta:
        model = Measure
        fields = (*MEASURE_FIELDS, "targets")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "know_how": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE,
            "end_date": DATE,
        }

    def __init__(self, *args, version: ProgrammeVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = Target.objects.filter(version=version).order_by(
            "order", "pk"
        )

    def _post_clean(self):
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)
        except ValidationError as error:
            self._update_errors(error)


class AdoptForm(forms.Form):
    decision_date = forms.DateField(
        label=_("Date of the decision to adopt"),
        widget=DATE,
        help_text=_("e.g. the date of the council's decision"),
    )


class ReportStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year reported on"), min_value=1990, max_value=2100)


class ReportForm(forms.Form):
    """The narrative, a value and unit per target, a status and note per measure."""

    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args, report, targets, measures, **kwargs):
        super().__init__(*args, **kwargs)
        values = {v.target_id: v for v in report.values.all()}
        statuses = {s.measure_id: s for s in report.measure_statuses.all()}
        self.target_rows = []
        for target in targets:
            value_name, unit_name = f"value_{target.pk}", f"unit_{target.pk}"
            existing = values.get(target.pk)
            self.fields[value_name] = forms.DecimalField(
                label=target.indicator,
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=existing.value if existing else None,
            )
            self.fields[unit_name] = forms.ChoiceField(
                label=_("Unit of “%(indicator)s”") % {"indicator": target.indicator},
                choices=Unit.choices,
                initial=existing.unit if existing else target.unit,
            )
            self.target_rows.append((target, self[value_name], self[unit_name]))
        self.measure_rows = []
        for measure in measures:
            status_name, note_name = f"status_{measure.pk}", f"note_{measure.pk}"
            existing = statuses.get(measure.pk)
            self.fields[status_name] = forms.ChoiceField(
                label=_("Status of “%(title)s”") % {"title": measure.title},
                choices=MeasureStatus.choices,
                initial=existing.status if existing else measure.status,
            )
            self.fields[note_name] = forms.CharField(
                label=_("Note on “%(title)s”") % {"title": measure.title},
                required=False,
                max_length=300,
                initial=existing.note if existing else "",
            )
            self.measure_rows.append((measure, self[status_name], self[note_name]))
        self.fields["narrative"].initial = report.narrative

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "narrative": data["narrative"],
            "values": {
                target.pk: (data[f"value_{target.pk}"], data[f"unit_{target.pk}"])
                for target, _v, _u in self.target_rows
            },
            "statuses": {
                measure.pk: (data[f"status_{measure.pk}"], data[f"note_{measure.pk}"])
                for measure, _s, _n in self.measure_rows
            },
        }


COST_ROWS = 3


class SecondmentForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    expert_role = forms.CharField(
        label=_("Expert's role"),
        max_length=200,
        help_text=_("e.g. energy manager of the city works; no name needed"),
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 4}))
    start_date = forms.DateField(label=_("From"), widget=DATE)
    end_date = forms.DateField(label=_("Until"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cost_rows = []
        for index in range(COST_ROWS):
            names = (f"cost_{index}_description", f"cost_{index}_amount", f"cost_{index}_currency")
            self.fields[names[0]] = forms.CharField(
                label=_("Cost item %(n)s") % {"n": index + 1}, max_length=200, required=False
            )
            self.fields[names[1]] = forms.DecimalField(
                label=_("Amount %(n)s") % {"n": index + 1},
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
            )
            self.fields[names[2]] = forms.ChoiceField(
                label=_("Currency %(n)s") % {"n": index + 1}, choices=Currency.choices
            )
            self.cost_rows.append([self[name] for name in names])

    def costs(self) -> list[tuple]:
        data = self.cleaned_data
        lines = []
        for index in range(COST_ROWS):
            description = data.get(f"cost_{index}_description", "").strip()
            amount = data.get(f"cost_{index}_amount")
            if description or amount is not None:
                lines.append((description, amount, data.get(f"cost_{index}_currency")))
        return lines


class SecondmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline."),
    )


class SecondmentReportForm(forms.Form):
    report = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}))
