"""Forms of the organisers' pages; the rules themselves live in `services` and `models`.

The participant filter is a GET form that never fails: a value it cannot use
(an unknown country, a typo in a bookmarked address) is left out of the filter
and reported by `ignored()`, and the page shows every other filter applied.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import Region

from .models import EditionStatus, ParticipantType, RegistrationStatus
from .queries.organiser import STATUS_ACTIVE

ALL = ("", _("all"))
MAIL_LANGUAGES = (
    ("de", _("German")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
)
REQUIRED_MAIL_LANGUAGES = ("de", "en")

STATUS_CHOICES = [
    ALL,
    (STATUS_ACTIVE, _("active (awaiting approval, confirmed or on the waiting list)")),
    *RegistrationStatus.choices,
]
PARTNERSHIP_CHOICES = [
    ALL,
    ("joint", _("joint registrations (German and partner delegation together)")),
    ("german_with_partner", _("German municipalities registered with a partner")),
    ("german_without_partner", _("German municipalities registered without a partner")),
]


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=150)
    participant_type = forms.ChoiceField(
        label=_("Participant type"), required=False, choices=[ALL, *ParticipantType.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        error_messages={
            "invalid_choice": _("No participant of this edition comes from the country %(value)s.")
        },
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[ALL, *Region.choices])
    partnership = forms.ChoiceField(
        label=_("Partnership"), required=False, choices=PARTNERSHIP_CHOICES
    )
    municipality = forms.TypedChoiceField(
        label=_("Municipality"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("No participant of this edition comes for this municipality.")
        },
    )

    def __init__(self, data, *, countries, municipalities, **kwargs):
        super().__init__(data, **kwargs)
        countries = sorted(((c.iso2, c.name) for c in countries), key=lambda choice: choice[1])
        self.fields["country"].choices = [ALL, *countries]
        self.fields["municipality"].choices = [
            ALL,
            *((str(m.pk), f"{m.name} ({m.country.name})") for m in municipalities),
        ]
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The usable filter values (invalid ones left out), for `queries.participants`."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in ("", None)}

    def query_params(self) -> dict:
        """The usable filter values as they go into an address (for exports, badges, mail)."""
        return {name: str(value) for name, value in self.filters().items()}

    def ignored(self) -> list[str]:
        """One message per filter value that could not be used."""
        self.is_valid()
        return [
            _("The filter “%(label)s” was ignored: %(error)s")
            % {"label": self.fields[name].label, "error": " ".join(errors)}
            for name, errors in self.errors.items()
            if name in self.fields
        ]


class RegistrationSettingsForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("German time; empty: as soon as the status is “registration open”."),
    )
    closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("German time; empty: open until the status changes."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        help_text=_("Confirmed participants at most; empty for no limit."),
    )
    is_moderated = forms.BooleanField(
        label=_("Moderated: organisers approve every registration"), required=False
    )
    status = forms.ChoiceField(label=_("Status of the edition"), choices=EditionStatus.choices)

    # Where the service's errors (model field names) are shown in this form.
    SERVICE_FIELDS = {
        "registration_opens_at": "opens_at",
        "registration_closes_at": "closes_at",
        "capacity": "capacity",
        "is_moderated": "is_moderated",
        "status": "status",
    }

    @classmethod
    def for_edition(cls, edition, data=None):
        def local(value):
            return timezone.localtime(value) if value else None

        return cls(
            data,
            initial={
                "opens_at": local(edition.registration_opens_at),
                "closes_at": local(edition.registration_closes_at),
                "capacity": edition.capacity,
                "is_moderated": edition.is_moderated,
                "status": edition.status,
            },
        )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Registration must close after it opens."))
        return cleaned

    def add_service_errors(self, error) -> None:
        """Show a ValidationError from the service next to the fields it concerns."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(self.SERVICE_FIELDS.get(field), messages)
        else:
            self.add_error(None, error.messages)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person is told this reason."),
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class GroupMailForm(forms.Form):
    """Subject and text per language: German and English required, French and Spanish optional."""

    expected_count = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in MAIL_LANGUAGES:
            required = code in REQUIRED_MAIL_LANGUAGES
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=required,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=20000,
                required=required,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("{name} is replaced by each recipient's name."),
            )

    def language_fields(self):
        """(language name, subject field, body field) per language, for the template."""
        return [
            (name, self[f"subject_{code}"], self[f"body_{code}"]) for code, name in MAIL_LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        for code, _name in MAIL_LANGUAGES:
            subject = cleaned.get(f"subject_{code}", "")
            body = cleaned.get(f"body_{code}", "")
            if subject and ("\n" in subject or "\r" in subject):
                self.add_error(f"subject_{code}", _("The subject must be a single line."))
            if code not in REQUIRED_MAIL_LANGUAGES and bool(subject) != bool(body):
                missing = f"body_{code}" if subject else f"subject_{code}"
                self.add_error(
                    missing, _("Give both subject and text for this language, or neither.")
                )
        return cleaned

    def texts(self) -> tuple[dict[str, str], dict[str, str]]:
        """({language: subject}, {language: body}) for the languages filled in."""
        subjects, bodies = {}, {}
        for code, _name in MAIL_LANGUAGES:
            subject = self.cleaned_data.get(f"subject_{code}", "")
            body = self.cleaned_data.get(f"body_{code}", "")
            if subject and body:
                subjects[code], bodies[code] = subject, body
        return subjects, bodies
