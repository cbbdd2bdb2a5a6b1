"""Forms of the learning-process pages; the rules themselves live in `services.learning`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import Municipality
from partnerhub.reference.queries import countries

from .forms_reviews import ServiceErrorsMixin
from .models import FollowUpActivity


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LearningProcessCreateForm(ServiceErrorsMixin, forms.Form):
    event_starts_on = forms.DateField(
        label=_("First day of the dialogue event"),
        widget=DateInput,
        help_text=_("The learning process lasts one year from this day."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Empty: the host municipality."),
    )


class ParticipantForm(ServiceErrorsMixin, forms.Form):
    """Nominate a participant of a dialogue event; the country decides the origin in the mix."""

    full_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("country").order_by("name"),
        required=False,
        help_text=_("If the person works for a municipality on the platform."),
    )
    organisation_name = forms.CharField(
        label=_("Institution"),
        max_length=200,
        required=False,
        help_text=_("Otherwise the municipality, municipal company or institution by name."),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("Empty: the country of the municipality."),
    )
    nomination_score = forms.DecimalField(
        label=_("Nomination score"),
        min_value=0,
        max_value=10,
        decimal_places=1,
        required=False,
        help_text=_("0–10, for the selection by score; empty counts as 0."),
    )
    service_fields = {"__all__": None}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Choose a country")),
            *((country.iso2, country.name) for country in countries()),
        ]
        self.fields["municipality"].label_from_instance = lambda municipality: (
            f"{municipality.name} ({municipality.country.name})"
        )

    def clean(self):
        data = super().clean()
        if not data.get("country") and not data.get("municipality"):
            self.add_error("country", _("Choose the country, or a municipality."))
        return data

    def participant_fields(self) -> dict:
        """The keywords of `services.event_participant_add`."""
        data = self.cleaned_data
        fields = {
            "full_name": data["full_name"],
            "email": data["email"],
            "function": data["function"],
            "municipality": data["municipality"],
            "organisation_name": data["organisation_name"],
            "nomination_score": data.get("nomination_score"),
        }
        if data["country"]:
            fields["country_id"] = data["country"]
        return fields


class FollowUpForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = FollowUpActivity
        fields = ["kind", "title", "starts_on", "ends_on", "place", "participants", "outcome"]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def activity_fields(self) -> dict:
        """The keywords of `services.follow_up_save`."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
