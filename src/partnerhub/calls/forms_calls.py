"""The organisers' form of a call. It parses input; `services.call_create` / `call_update` write.

Deadlines are German time: the date-time fields read and show Europe/Berlin,
whatever the time zone active for the request, and keep seconds, so that
"17 February 2026, 23:59:59" is what the call says.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import MunicipalityKind

from . import defaults
from .models import SECTIONS, Call, Proposal, ThemeField

BERLIN = ZoneInfo("Europe/Berlin")
DATETIME_SECONDS = "%Y-%m-%dT%H:%M:%S"
LIMIT_PREFIX = "limit_"


class GermanTimeField(forms.DateTimeField):
    """A date and time entered and shown in German time (Europe/Berlin), to the second."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1"}, format=DATETIME_SECONDS
    )

    def to_python(self, value):
        with timezone.override(BERLIN):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(BERLIN):
            return super().prepare_value(value)


def limit_field_name(section: str) -> str:
    return f"{LIMIT_PREFIX}{section}"


class CallForm(forms.ModelForm):
    """Everything of a call but its criteria (a new call gets the seven of 2026)."""

    eligible_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=MunicipalityKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("German municipal bodies of these kinds may submit proposals."),
    )
    theme_fields = forms.MultipleChoiceField(
        label=_("Theme fields"),
        choices=ThemeField.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = GermanTimeField(
        label=_("Opens (German time)"),
        required=False,
        help_text=_("Empty: open as soon as it is published."),
    )
    deadline = GermanTimeField(
        label=_("Deadline (German time)"),
        help_text=_(
            "Date and time in Germany (Europe/Berlin); proposals are accepted up to this second."
        ),
    )
    selection_by = forms.DateField(
        label=_("Selection by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    events_from = forms.DateField(
        label=_("Events from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Call
        fields = [
            "slug",
            "title_de",
            "title_en",
            "title_fr",
            "title_es",
            "text_de",
            "text_en",
            "text_fr",
            "text_es",
            "eligible_kinds",
            "theme_fields",
            "opens_at",
            "deadline",
            "selection_by",
            "events_from",
            "total_limit",
            "max_upload_mb",
            "contact",
            "is_published",
        ]
        widgets = {
            f"text_{code}": forms.Textarea(attrs={"rows": 6, "cols": 30})
            for code in ("de", "en", "fr", "es")
        }

    def __init__(self, *args, reserved_slugs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reserved_slugs = set(reserved_slugs)
        limits = (self.instance.section_limits if self.instance.pk else None) or {}
        for number, section in enumerate(SECTIONS, start=1):
            label = Proposal._meta.get_field(section).verbose_name
            self.fields[limit_field_name(section)] = forms.IntegerField(
                label=_("Section %(number)d: %(section)s") % {"number": number, "section": label},
                required=False,
                min_value=1,
                max_value=100_000,
                initial=limits.get(section, defaults.SECTION_LIMITS.get(section))
                if self.instance.pk
                else defaults.SECTION_LIMITS.get(section),
                help_text=_("Characters at most; empty: no limit for this section."),
            )
        if not self.instance.pk:
            self.fields["eligible_kinds"].initial = defaults.GERMAN_MUNICIPAL_BODIES
            self.fields["theme_fields"].initial = defaults.ALL_THEME_FIELDS
            self.fields["total_limit"].initial = defaults.TOTAL_LIMIT

    @property
    def limit_fields(self):
        return [self[limit_field_name(section)] for section in SECTIONS]

    @property
    def title_fields(self):
        return [self[f"title_{code}"] for code in ("de", "en", "fr", "es")]

    @property
    def text_fields(self):
        return [self[f"text_{code}"] for code in ("de", "en", "fr", "es")]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in self.reserved_slugs:
            raise forms.ValidationError(
                _("“%(slug)s” is a page of its own here; choose another short name."),
                params={"slug": slug},
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        self.instance.section_limits = self.section_limits()
        return cleaned

    def section_limits(self) -> dict[str, int]:
        data = getattr(self, "cleaned_data", {})
        return {
            section: data[limit_field_name(section)]
            for section in SECTIONS
            if data.get(limit_field_name(section))
        }

    def call_fields(self) -> dict:
        """The cleaned values as `call_create` / `call_update` take them."""
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["section_limits"] = self.section_limits()
        return fields
