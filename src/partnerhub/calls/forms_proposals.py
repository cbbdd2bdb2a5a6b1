"""Forms of the applicant's pages. They parse input; `services.proposals` holds every rule.

A form repeats a check only where that gives a friendlier message at once (an
actor needs a name or a municipality, and a country). Section texts are not
cut or refused here: the limits are the service's, and the page keeps what
was typed whatever the service says.

Browsers send line breaks in text areas as CR LF; the sections keep LF only,
so that a line break counts as one character, as the length counter in the
page counts it.
"""

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import SECTIONS, Call, Proposal

MAX_ACTORS = 20
EXTRA_ACTOR_ROWS = 2
# Form controls as wide as their content (a long country name, a file input) would make the
# page wider than a phone. The style sheet's `.table-scroll` (max-width: 100%) keeps them
# inside the screen until it has a rule for form controls of its own.
FITS_THE_SCREEN = {"class": "table-scroll"}


def _model_field(name: str, **kwargs) -> forms.Field:
    """The form field of a `Proposal` field: its label, length and help text."""
    return Proposal._meta.get_field(name).formfield(**kwargs)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def counter_templates() -> dict[str, str]:
    """The texts of the length counters, for the page and for `length-counter.js`."""
    return {
        "section": gettext("{count} of {limit} characters"),
        "section_over": gettext("{count} of {limit} characters: {over} too many"),
        "no_limit": gettext("{count} characters"),
        "total": gettext("{count} of {limit} characters in all"),
        "total_over": gettext("{count} of {limit} characters in all: {over} too many"),
    }


def counter_text(count: int, limit: int | None, *, total: bool = False) -> str:
    templates = counter_templates()
    prefix = "total" if total else "section"
    if not limit:
        key = "no_limit"
    elif count > limit:
        key = f"{prefix}_over"
    else:
        key = prefix
    return templates[key].format(count=count, limit=limit or "", over=count - (limit or 0))


class ProposalStartForm(forms.Form):
    """Start a proposal: for which municipality, and the topic."""

    municipality = forms.TypedChoiceField(
        label=_("Applicant"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "You may write proposals only for a municipality you act for that may apply "
                "to this call."
            ),
            "required": _("Choose the municipality you apply for."),
        },
    )
    title = _model_field("title", help_text=_("A short title; you can change it later."))

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        eligible = [option.municipality for option in options if option.may_apply]
        self.fields["municipality"].choices = [(m.pk, m.name) for m in eligible]
        if len(eligible) == 1:
            self.fields["municipality"].initial = eligible[0].pk
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Give your topic a title.")


class SectionTextarea(forms.Textarea):
    """A section of the proposal; `length-counter.js` reads its limits from data attributes."""

    def __init__(self, limit: int | None, total_limit: int | None):
        attrs = {"rows": 10, "cols": 30, "data-length-counter": ""}
        if limit:
            attrs["data-limit"] = str(limit)
        if total_limit:
            attrs["data-total-limit"] = str(total_limit)
        super().__init__(attrs=attrs)


class ProposalForm(forms.Form):
    """The applicant's draft: the four sections, theme, SDGs, commitments, letter, contact."""

    title = _model_field("title")
    theme_field = forms.ChoiceField(
        label=_("Theme field"), required=False, widget=forms.RadioSelect
    )
    climate_focus = _model_field("climate_focus")
    sdgs = forms.TypedMultipleChoiceField(
        label=_("SDGs the exchange contributes to"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commits_to_follow_up = _model_field("commits_to_follow_up")
    has_municipal_support = _model_field("has_municipal_support")
    support_letter = forms.FileField(
        label=_("Letter of support (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf", **FITS_THE_SCREEN}),
    )
    contact_role = _model_field("contact_role")

    def __init__(self, *args, call: Call, sdgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Give your topic a title.")
        self.fields["theme_field"].choices = call.theme_field_choices
        self.fields["sdgs"].choices = [(goal.number, str(goal)) for goal in sdgs]
        self.fields["support_letter"].help_text = _(
            "Optional: a letter from the municipality supporting the topic; a PDF document of "
            "at most %(size)d MB."
        ) % {"size": call.max_upload_mb}
        for number, section in enumerate(SECTIONS, start=1):
            limit = call.limit_for(section)
            field = _model_field(
                section,
                widget=SectionTextarea(limit, call.total_limit),
                help_text=(_("At most %(limit)d characters.") % {"limit": limit} if limit else ""),
            )
            field.number = number
            field.limit = limit
            self.fields[section] = field

    @property
    def section_fields(self):
        return [self[section] for section in SECTIONS]

    def _clean_section(self, section: str) -> str:
        return _normalise_newlines(self.cleaned_data.get(section) or "")

    def clean(self):
        cleaned = super().clean()
        for section in SECTIONS:
            if section in cleaned:
                cleaned[section] = self._clean_section(section)
        return cleaned

    def _shown_length(self, section: str) -> int:
        """Characters of a section as the page shows it (bound data or initial)."""
        return len(_normalise_newlines(str(self[section].value() or "").strip()))

    def section_rows(self) -> list[dict]:
        """The sections with their counters; call when the errors are final (before render)."""
        rows = []
        for section in SECTIONS:
            bound = self[section]
            count, limit = self._shown_length(section), bound.field.limit
            described_by = [f"{bound.auto_id}_helptext"] if bound.help_text else []
            if bound.errors:
                described_by.append(f"{bound.auto_id}_error")
            described_by.append(f"{bound.auto_id}_counter")
            bound.field.widget.attrs["aria-describedby"] = " ".join(described_by)
            rows.append(
                {
                    "field": bound,
                    "number": bound.field.number,
                    "text": counter_text(count, limit),
                    "over": bool(limit and count > limit),
                }
            )
        return rows

    def total_row(self) -> dict:
        count = sum(self._shown_length(section) for section in SECTIONS)
        limit = self.call.total_limit
        return {
            "count": count,
            "limit": limit,
            "text": counter_text(count, limit, total=True),
            "over": bool(limit and count > limit),
        }

    def proposal_fields(self) -> dict:
        """The cleaned values as `services.proposal_update` takes them (file only if chosen)."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "title",
                "theme_field",
                "climate_focus",
                *SECTIONS,
                "commits_to_follow_up",
                "has_municipal_support",
                "contact_role",
            )
        }
        fields["sdgs"] = data["sdgs"]
        if data.get("support_letter"):
            fields["support_letter"] = data["support_letter"]
        return fields

    @staticmethod
    def initial_from(proposal: Proposal) -> dict:
        initial = {
            name: getattr(proposal, name)
            for name in (
                "title",
                "theme_field",
                "climate_focus",
                *SECTIONS,
                "commits_to_follow_up",
                "has_municipal_support",
                "contact_role",
            )
        }
        initial["sdgs"] = [goal.number for goal in proposal.sdgs.all()]
        return initial


class ActorForm(forms.Form):
    """A municipal actor from another country: an existing municipality, or a name and country."""

    municipality = forms.TypedChoiceField(
        label=_("Municipality on the platform"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=FITS_THE_SCREEN),
        help_text=_("Choose it if it is listed; otherwise enter its name and country."),
    )
    name = forms.CharField(
        label=_("Name, if not listed"),
        max_length=200,
        required=False,
        help_text=_("The municipality or municipal company."),
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, widget=forms.Select(attrs=FITS_THE_SCREEN)
    )
    contact_role = forms.CharField(
        label=_("Contact (function)"),
        max_length=200,
        required=False,
        help_text=_("A function, e.g. head of the waste department; no personal names needed."),
    )

    def __init__(self, *args, municipalities=(), countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {m.pk: m for m in municipalities}
        self.countries = {c.iso2: c for c in countries}
        self.fields["municipality"].choices = [
            ("", _("– not listed –")),
            *((m.pk, f"{m.name} ({m.country.name})") for m in municipalities),
        ]
        self.fields["country"].choices = [
            ("", _("– choose –")),
            *((c.iso2, c.name) for c in countries),
        ]

    def clean_municipality(self):
        pk = self.cleaned_data.get("municipality")
        if pk is not None and pk not in self.municipalities:
            raise forms.ValidationError(_("Choose a municipality from the list."))
        return pk

    def clean(self):
        cleaned = super().clean()
        if not self.is_filled():
            return cleaned
        municipality = self.municipalities.get(cleaned.get("municipality"))
        country = cleaned.get("country")
        if municipality is None:
            if not (cleaned.get("name") or "").strip() and "name" not in self.errors:
                self.add_error("name", _("Name the municipality or municipal company."))
            if not country and "country" not in self.errors:
                self.add_error("country", _("Choose the country."))
        elif country and country != municipality.country_id:
            self.add_error(
                "country",
                _("%(municipality)s lies in %(country)s.")
                % {"municipality": municipality.name, "country": municipality.country.name},
            )
        return cleaned

    def is_filled(self) -> bool:
        """Anything entered in this row? Empty rows are left out."""
        data = getattr(self, "cleaned_data", None)
        if data is None:
            return self.has_changed()
        return any(
            value not in (None, "") and str(value).strip() for value in data.values()
        ) or bool(self.errors)

    def actor_values(self) -> dict:
        """The row as `services.proposal_update` takes an actor."""
        data = self.cleaned_data
        values = {
            "municipality": self.municipalities.get(data.get("municipality")),
            "name": (data.get("name") or "").strip(),
            "contact_role": (data.get("contact_role") or "").strip(),
        }
        country = self.countries.get(data.get("country") or "")
        if country is not None:
            values["country"] = country
        return values


class BaseActorFormSet(BaseFormSet):
    def filled_forms(self) -> list[ActorForm]:
        return [form for form in self.forms if form.is_filled()]


ActorFormSet = formset_factory(
    ActorForm,
    formset=BaseActorFormSet,
    extra=0,
    max_num=MAX_ACTORS,
    absolute_max=MAX_ACTORS,
    validate_max=True,
)


def actor_initial(proposal: Proposal) -> list[dict]:
    return [
        {
            "municipality": actor.municipality_id,
            "name": "" if actor.municipality_id else actor.name,
            "country": actor.country_id,
            "contact_role": actor.contact_role,
        }
        for actor in proposal.actors.all()
    ]
