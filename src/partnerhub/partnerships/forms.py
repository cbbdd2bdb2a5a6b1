"""Forms of the registry. They parse input; `services` applies the rules and writes.

* `PartnershipFilterForm`: the GET form of search and map (q, country, region, kind,
  sdg, theme). An invalid value is shown with its error, the text typed kept, and
  the filter left out (never a 500).
* `PartnershipForm`: register (`creating=True`: German municipality, partners from the
  registry or a new partner municipality) and edit a partnership.
* `ContactFormSet`: the contact roles on the edit page.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import (
    LANGUAGE_CODES,
    Country,
    MunicipalityKind,
    Region,
    SdgGoal,
    Theme,
)

from . import queries
from .models import PartnershipKind, PartnershipStatus

PARTNER_REGIONS = [(value, label) for value, label in Region.choices if value != Region.GERMANY]
LANGUAGE_NAMES = {
    "de": _("German"),
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
}


class CountryCodeField(forms.ChoiceField):
    """An ISO code in any case (gh, GH)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class PartnershipFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Names of the municipalities and words of the description."),
    )
    country = CountryCodeField(label=_("Partner country"), required=False)
    region = forms.ChoiceField(
        label=_("Region of the partner"),
        required=False,
        choices=[("", _("All regions")), *PARTNER_REGIONS],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *PartnershipKind.choices]
    )
    sdg = forms.TypedChoiceField(label=_("SDG"), required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )

    def __init__(self, data=None, *, choices: dict | None = None):
        super().__init__(data or None)
        choices = choices if choices is not None else queries.filter_choices()
        self.fields["country"].choices = [
            ("", _("All countries")),
            *((country.iso2, country.name) for country in choices["countries"]),
        ]
        self.fields["sdg"].choices = [
            ("", _("All SDGs")),
            *((goal.number, f"{goal.number}. {goal.short_title}") for goal in choices["sdgs"]),
        ]

    def filters(self) -> queries.PartnershipFilters:
        """The valid filters; invalid ones are left out (the form shows their error)."""
        if not self.is_bound:
            return queries.PartnershipFilters()
        self.is_valid()
        data = self.cleaned_data
        return queries.PartnershipFilters(
            q=(data.get("q") or "").strip(),
            country=data.get("country") or "",
            region=data.get("region") or "",
            kind=data.get("kind") or "",
            sdg=data.get("sdg") or None,
            theme=data.get("theme") or "",
        )


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.country.name})"


class PartnershipForm(forms.Form):
    german_municipality = MunicipalityChoiceField(
        label=_("German municipality"), queryset=None, required=False
    )
    partners = PartnerChoiceField(
        label=_("Partner municipalities from the registry"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Choose one or more (Ctrl or Cmd and click to choose several)."),
    )
    new_partner_name = forms.CharField(
        label=_("Name of the new partner municipality"), required=False, max_length=160
    )
    new_partner_kind = forms.ChoiceField(
        label=_("Type of the new partner"),
        required=False,
        choices=MunicipalityKind.choices,
        initial=MunicipalityKind.CITY,
    )
    new_partner_country = forms.ModelChoiceField(
        label=_("Country of the new partner"),
        queryset=Country.objects.none(),
        required=False,
    )
    new_partner_latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        max_digits=9,
        decimal_places=6,
        help_text=_("Decimal degrees, e.g. 5.6037; north positive."),
    )
    new_partner_longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
        max_digits=9,
        decimal_places=6,
        help_text=_("Decimal degrees, e.g. -0.187; east positive."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PartnershipKind.choices, widget=forms.RadioSelect
    )
    since_year = forms.IntegerField(
        label=_("Since (year)"), required=False, min_value=1900, max_value=2100
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=PartnershipStatus.choices, initial=PartnershipStatus.ACTIVE
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("SDGs"),
        required=False,
        queryset=SdgGoal.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
    )
    description_de = forms.CharField(
        label=_("Description in German"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_fr = forms.CharField(
        label=_("Description in French"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_es = forms.CharField(
        label=_("Description in Spanish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    NEW_PARTNER_FIELDS = (
        "new_partner_name",
        "new_partner_kind",
        "new_partner_country",
        "new_partner_latitude",
        "new_partner_longitude",
    )

    def __init__(self, *args, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.fields["sdgs"].label_from_instance = lambda goal: f"{goal.number}. {goal.short_title}"
        self.fields["partners"].queryset = queries.partner_municipality_choices()
        if creating:
            self.fields["german_municipality"].queryset = queries.german_municipality_choices()
            self.fields["german_municipality"].required = True
            self.fields["new_partner_country"].queryset = Country.objects.exclude(
                iso2="DE"
            ).order_by("name_en")
        else:
            for name in ("german_municipality", *self.NEW_PARTNER_FIELDS):
                del self.fields[name]

    @property
    def description_fields(self):
        return [self[f"description_{code}"] for code in LANGUAGE_CODES]

    @property
    def new_partner_fields(self):
        return [self[name] for name in self.NEW_PARTNER_FIELDS if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        new_partner = cleaned.get("new_partner_name")
        if self.creating and not new_partner and not cleaned.get("partners"):
            self.add_error(
                "partners",
                _("Choose at least one partner municipality, or add a new one below."),
            )
        if self.creating and new_partner and not cleaned.get("new_partner_country"):
            self.add_error("new_partner_country", _("Choose the country of the partner."))
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "kind": data["kind"],
            "since_year": data.get("since_year"),
            "status": data["status"],
            "themes": data.get("themes") or [],
            "sdgs": list(data.get("sdgs") or []),
            "descriptions": {code: data.get(f"description_{code}", "") for code in LANGUAGE_CODES},
            "partners": list(data.get("partners") or []),
        }
        if self.creating:
            fields["german_municipality"] = data.get("german_municipality")
            if data.get("new_partner_name"):
                fields["new_partner"] = {
                    "name": data["new_partner_name"],
                    "kind": data.get("new_partner_kind") or MunicipalityKind.CITY,
                    "country": data.get("new_partner_country"),
                    "latitude": data.get("new_partner_latitude"),
                    "longitude": data.get("new_partner_longitude"),
                }
        return fields

    def apply_errors(self, error: ValidationError) -> None:
        """Put a service's errors on the fields they name (others on the whole form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            field = {"latitude": "new_partner_longitude"}.get(key, key)
            if key.startswith("description") and key not in self.fields:
                field = None
            self.add_error(
                field if field in self.fields and field != NON_FIELD_ERRORS else None, messages
            )


class ContactForm(forms.Form):
    municipality = forms.TypedChoiceField(label=_("Municipality"), coerce=int, required=False)
    role = forms.CharField(
        label=_("Role"),
        required=False,
        max_length=160,
        help_text=_("A role, never a person's name, e.g. International relations office."),
    )
    email = forms.EmailField(
        label=_("Functional e-mail address"),
        required=False,
        help_text=_("e.g. international-relations@example.org"),
    )

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.pk, m.name) for m in sides]

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("role") or self.cleaned_data.get("email"))


class BaseContactFormSet(forms.BaseFormSet):
    def __init__(self, *args, sides=(), **kwargs):
        self.sides = list(sides)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "sides": self.sides}

    def contacts(self) -> list[dict]:
        return [
            {
                "municipality": form.cleaned_data.get("municipality"),
                "role": form.cleaned_data.get("role", ""),
                "email": form.cleaned_data.get("email", ""),
            }
            for form in self.forms
            if form.cleaned_data and not form.is_blank
        ]

    def apply_errors(self, error: ValidationError) -> bool:
        """Put `contacts[i].field` errors of the service on row i; True if any were placed."""
        placed = False
        rows = [form for form in self.forms if form.cleaned_data and not form.is_blank]
        errors = error.message_dict if hasattr(error, "error_dict") else {}
        for key, messages in errors.items():
            if not key.startswith("contacts["):
                continue
            index, _sep, field = key[len("contacts[") :].partition("].")
            if index.isdigit() and int(index) < len(rows) and field in rows[int(index)].fields:
                rows[int(index)].add_error(field, messages)
                placed = True
        return placed


ContactFormSet = forms.formset_factory(
    ContactForm, formset=BaseContactFormSet, extra=2, max_num=10, validate_max=True
)
