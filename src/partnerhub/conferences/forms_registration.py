"""Forms of the registration pages: the delegation form and the participant's own forms.

The forms only parse input; every rule (who may register for which
municipality, eligibility of partners, duplicates, consent, places) is checked
by `services.registration`, whose errors the views put back onto these forms.
A form repeats a check only where that gives a friendlier message at once
(consent, a name for every person entered).
"""

import uuid

from django import forms
from django.core.validators import RegexValidator
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import LANGUAGE_CHOICES
from partnerhub.reference.models import LANGUAGE_CODES, Country

from .models import INTERPRETATION_CHOICES, ParticipantType, Registration

MAX_PEOPLE_PER_SIDE = 30
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def new_submission_key() -> str:
    return uuid.uuid4().hex


def _name_language() -> str:
    """The language whose column sorts country names (the reader's, else English)."""
    code = (get_language() or "en")[:2]
    return code if code in LANGUAGE_CODES else "en"


def _model_field(name: str, **kwargs) -> forms.Field:
    """The form field of a `Registration` field: its label, choices, length and help."""
    return Registration._meta.get_field(name).formfield(**kwargs)


def _interpretation_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Interpretation into"),
        choices=[("", _("none needed")), *INTERPRETATION_CHOICES],
        required=False,
        help_text=_("The language a person needs interpretation into, if any."),
    )


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "cols": 30})


# --- The delegation form ---------------------------------------------------------------


class PartnerMunicipalitySelect(forms.Select):
    """A select whose options say whether the municipality may be invited, and why not.

    `registration.js` reads `data-ineligible` to show the reason as soon as a
    municipality is chosen; the option text says it too, for everybody else.
    """

    def __init__(self, *args, reasons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = reasons or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        reason = self.reasons.get(str(value))
        if reason:
            option["attrs"]["data-ineligible"] = reason
        return option


class MunicipalityChoiceField(forms.ChoiceField):
    """A choice of municipality from groups (optgroups); cleans to the Municipality or None."""

    def __init__(self, *, groups=(), reasons=None, **kwargs):
        self.by_id = {}
        choices = [("", _("— none —"))]
        texts = {}
        for group in groups:
            options = []
            for municipality in group.municipalities:
                self.by_id[str(municipality.pk)] = municipality
                text = f"{municipality.name} ({municipality.country.name})"
                if reasons and str(municipality.pk) in reasons:
                    text = _("%(municipality)s – cannot be invited") % {"municipality": text}
                texts[str(municipality.pk)] = text
                options.append((str(municipality.pk), text))
            choices.append((group.label, options))
        super().__init__(
            choices=choices, widget=PartnerMunicipalitySelect(reasons=reasons), **kwargs
        )

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if value not in self.by_id:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return self.by_id[value]

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        return str(getattr(value, "pk", value) or "")


class RegistrationForm(forms.Form):
    """What the whole form says once: for whom, with which partner, consent."""

    submission_key = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{32}$")],
        error_messages={"required": _("The form was incomplete: please submit it again.")},
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    german_municipality = forms.ModelChoiceField(
        label=_("German municipality"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        help_text=_(
            "The municipality you register people for. Leave it empty when you register only "
            "civil-society actors or speakers."
        ),
    )
    partner_municipality = MunicipalityChoiceField(
        label=_("Partner municipality"),
        required=False,
        help_text=_(
            "Optional: register your partner's delegation in the same form. Partners of your "
            "municipality's partnerships come first."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to this processing of my data, and the people I register have agreed to "
            "the processing of theirs."
        ),
        error_messages={"required": _("Agree to the processing of your data to register.")},
    )

    def __init__(
        self,
        *args,
        german_municipalities,
        partner_groups,
        partner_reasons,
        consent_text,
        may_override=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.partner_reasons = partner_reasons
        self.fields["german_municipality"].queryset = german_municipalities
        self.fields["partner_municipality"] = MunicipalityChoiceField(
            label=self.fields["partner_municipality"].label,
            help_text=self.fields["partner_municipality"].help_text,
            required=False,
            groups=partner_groups,
            reasons=partner_reasons,
        )
        partner_id = self["partner_municipality"].auto_id
        self.fields["partner_municipality"].widget.attrs.update(
            {
                "data-eligibility-target": "partner-eligibility",
                "aria-describedby": (
                    f"{partner_id}_helptext partner-eligibility {partner_id}_error"
                ),
            }
        )
        self.fields["consent"].widget.attrs["aria-describedby"] = (
            f"consent-text {self['consent'].auto_id}_error"
        )
        if may_override:
            self.fields["override_reason"] = forms.CharField(
                label=_("Reason for admitting an ineligible partner"),
                required=False,
                widget=_textarea(3),
                help_text=_(
                    "Organisers only: admit a partner municipality that is not eligible. The "
                    "reason is kept with the registration."
                ),
            )
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_submission_key())
            self.initial["consent_version"] = consent_text.version

    def clean(self):
        cleaned = super().clean()
        shown = cleaned.get("consent_version")
        if shown and shown != self.consent_text.version:
            data = self.data.copy()
            data[self.add_prefix("consent_version")] = self.consent_text.version
            self.data = data
            self.add_error(
                "consent",
                _("The text has changed since the form was shown: please read it and agree again."),
            )
        return cleaned

    @property
    def selected_partner_reason(self) -> str:
        """The reason the chosen partner municipality cannot be invited ('' if it can)."""
        value = self["partner_municipality"].value()
        return self.partner_reasons.get(str(value or ""), "")

    def hidden_errors(self) -> list[str]:
        return [error for field in self.hidden_fields() for error in field.errors]


class PersonForm(forms.Form):
    """One person of the delegation; a row without name, e-mail or details counts as empty."""

    TEXT_FIELDS = ("full_name", "email", "job_title", "diet_note", "accessibility_needs")
    side = ""

    full_name = _model_field("full_name")
    email = _model_field("email", required=False)
    job_title = _model_field("job_title", required=False)
    diet = _model_field("diet", required=False)
    diet_note = _model_field("diet_note", required=False)
    accessibility_needs = _model_field("accessibility_needs", required=False, widget=_textarea())
    interpretation_language = _interpretation_field()

    NEEDS = ("diet", "diet_note", "accessibility_needs", "interpretation_language")

    def main_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.NEEDS]

    def needs_fields(self) -> list:
        return [self[name] for name in self.NEEDS]

    @property
    def needs_open(self) -> bool:
        """Show the needs unfolded when one is filled in or wrong."""
        return any(field.errors or field.value() for field in self.needs_fields())

    def has_changed(self):
        if not self.is_bound:
            return super().has_changed()
        return any(
            (self.data.get(self.add_prefix(name)) or "").strip()
            for name in self.TEXT_FIELDS
            if name in self.fields
        )

    COMMON = (
        "full_name",
        "email",
        "language",
        "job_title",
        "diet",
        "diet_note",
        "accessibility_needs",
        "interpretation_language",
    )

    def common_values(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.COMMON}

    @property
    def number(self) -> int:
        """1, 2 … within its side of the form (for legends and the error summary)."""
        return int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1


GERMAN_SIDE_TYPES = [
    (value, label)
    for value, label in ParticipantType.choices
    if value != ParticipantType.PARTNER_MUNICIPALITY
]


class GermanPersonForm(PersonForm):
    """A person from the German side: a municipality, civil society, a speaker.

    Representatives of a municipality (and municipalities interested in a
    partnership) come for the form's German municipality; civil-society actors
    and speakers for the organisation chosen; the country follows from that
    (Germany when neither is given).
    """

    MUNICIPALITY_TYPES = (
        ParticipantType.GERMAN_MUNICIPALITY,
        ParticipantType.INTERESTED_MUNICIPALITY,
    )
    BODY_TYPES = (ParticipantType.CIVIL_SOCIETY, ParticipantType.SPEAKER)

    side = "german"
    field_order = [
        "participant_type",
        "full_name",
        "email",
        "job_title",
        "organisation",
        "language",
        "diet",
        "diet_note",
        "accessibility_needs",
        "interpretation_language",
    ]

    participant_type = forms.ChoiceField(
        label=_("Takes part as"),
        choices=GERMAN_SIDE_TYPES,
        initial=ParticipantType.GERMAN_MUNICIPALITY,
    )
    language = _model_field("language")

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None and organisations.exists():
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"),
                queryset=organisations,
                required=False,
                help_text=_("For civil-society actors: the organisation they come for."),
            )
            self.order_fields(self.field_order)

    def service_values(self, *, german_municipality, partner_municipality, germany) -> dict:
        """This person as `services.registration_submit` takes them (`PERSON_FIELDS`)."""
        kind = self.cleaned_data["participant_type"]
        municipality = german_municipality if kind in self.MUNICIPALITY_TYPES else None
        organisation = self.cleaned_data.get("organisation") if kind in self.BODY_TYPES else None
        if municipality is not None:
            country = municipality.country
        elif organisation is not None:
            country = organisation.country
        else:
            country = germany
        return {
            **self.common_values(),
            "participant_type": kind,
            "municipality": municipality,
            "organisation": organisation,
            "country": country,
        }


class PartnerPersonForm(PersonForm):
    """A delegate of the partner municipality; e-mail optional, language of their e-mails."""

    side = "partner"
    field_order = [
        "full_name",
        "email",
        "job_title",
        "language",
        "diet",
        "diet_note",
        "accessibility_needs",
        "interpretation_language",
        "needs_visa_letter",
    ]

    language = forms.ChoiceField(
        label=_("Language for e-mails"), choices=LANGUAGE_CHOICES, initial="en"
    )
    needs_visa_letter = _model_field(
        "needs_visa_letter",
        help_text=_(
            "The delegate can download the letter from their own page once their place is "
            "confirmed and their passport details are complete."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "Leave empty if the person has none: their messages then come to you."
        )

    def service_values(self, *, german_municipality, partner_municipality, germany) -> dict:
        """This delegate as `services.registration_submit` takes them (`PERSON_FIELDS`)."""
        return {
            **self.common_values(),
            "participant_type": ParticipantType.PARTNER_MUNICIPALITY,
            "municipality": partner_municipality,
            "country": partner_municipality.country if partner_municipality else None,
            "needs_visa_letter": bool(self.cleaned_data.get("needs_visa_letter")),
        }


class PersonFormSet(BaseFormSet):
    """Every row is optional: empty rows are left out; the first may be pre-filled."""

    def initial_form_count(self):
        return 0

    def filled_forms(self) -> list[PersonForm]:
        return [form for form in self.forms if form.has_changed()]


GermanPersonFormSet = formset_factory(
    GermanPersonForm,
    formset=PersonFormSet,
    extra=2,
    max_num=MAX_PEOPLE_PER_SIDE,
    validate_max=True,
    absolute_max=MAX_PEOPLE_PER_SIDE,
)
PartnerPersonFormSet = formset_factory(
    PartnerPersonForm,
    formset=PersonFormSet,
    extra=2,
    max_num=MAX_PEOPLE_PER_SIDE,
    validate_max=True,
    absolute_max=MAX_PEOPLE_PER_SIDE,
)


# --- The participant's own page ----------------------------------------------------------


class CountryChoiceField(forms.ModelChoiceField):
    """Countries by name in the reader's language (the style sheet keeps selects within the
    width of a phone)."""

    def label_from_instance(self, obj):
        return obj.name


class ParticipantDataForm(forms.Form):
    """What a participant completes or changes through their link."""

    full_name = _model_field("full_name")
    language = _model_field("language")
    job_title = _model_field("job_title", required=False)
    diet = _model_field("diet", required=False)
    diet_note = _model_field("diet_note", required=False)
    accessibility_needs = _model_field("accessibility_needs", required=False, widget=_textarea())
    interpretation_language = _interpretation_field()

    VISA_FIELDS = ("needs_visa_letter", "passport_number", "date_of_birth", "nationality")

    def __init__(self, *args, registration: Registration, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                name: getattr(registration, name)
                for name in (
                    "full_name",
                    "language",
                    "job_title",
                    "diet",
                    "diet_note",
                    "accessibility_needs",
                    "interpretation_language",
                    "needs_visa_letter",
                    "passport_number",
                    "date_of_birth",
                )
            }
            | {"nationality": registration.nationality_id},
        )
        super().__init__(*args, **kwargs)
        self.fields["language"].label = _("Language")
        self.fields["language"].help_text = _("The language of your e-mails and of this page.")
        if registration.is_partner_delegate:
            self.fields["full_name"].help_text = _("As in your passport.")
            self.fields["needs_visa_letter"] = _model_field("needs_visa_letter")
            self.fields["passport_number"] = _model_field(
                "passport_number",
                required=False,
                help_text=_("Only for the visa invitation letter."),
            )
            self.fields["date_of_birth"] = forms.DateField(
                label=_("Date of birth"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                help_text=_("For example 1980-04-23."),
            )
            self.fields["nationality"] = CountryChoiceField(
                label=_("Nationality"),
                queryset=Country.objects.order_by(f"name_{_name_language()}"),
                required=False,
            )


class FollowUpForm(forms.Form):
    """After confirmation: arrival, departure, travel details (submitted once)."""

    arrival_at = forms.DateTimeField(
        label=_("Arrival"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("Date and time, local time in Germany, e.g. 2027-09-07 14:30."),
    )
    departure_at = forms.DateTimeField(
        label=_("Departure"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("Date and time, local time in Germany, e.g. 2027-09-10 11:00."),
    )
    travel_details = _model_field(
        "travel_details",
        required=False,
        widget=_textarea(3),
        help_text=_("For example flight numbers, or whether you need a hotel."),
    )
