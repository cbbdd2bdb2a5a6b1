"""Forms of the catalogue and the order. The rules are the service's; forms only parse."""

import uuid

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import LANGUAGE_CHOICES
from partnerhub.reference.models import Country

from .models import PUBLICATION_LANGUAGES, PublicationOrder, Series, Topic
from .services import MAX_COPIES


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search titles or numbers"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *PUBLICATION_LANGUAGES],
    )
    series = forms.ChoiceField(
        label=_("Series"),
        required=False,
        choices=[("", _("All")), *Series.choices, ("none", _("Without a series"))],
    )

    def filters(self) -> dict:
        """The valid filters (an invalid value is ignored, never an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key) or None for key in ("q", "topic", "language", "series")}


def quantity_field_name(publication) -> str:
    return f"qty_{publication.pk}"


class OrderForm(forms.Form):
    """The whole order on one page: copies of each publication in print and the address."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    organisation = forms.CharField(
        label=PublicationOrder._meta.get_field("organisation").verbose_name,
        help_text=PublicationOrder._meta.get_field("organisation").help_text,
        max_length=200,
        required=False,
    )
    attention = forms.CharField(
        label=PublicationOrder._meta.get_field("attention").verbose_name,
        max_length=200,
        required=False,
    )
    street = forms.CharField(
        label=PublicationOrder._meta.get_field("street").verbose_name,
        max_length=200,
        required=False,
    )
    postcode = forms.CharField(
        label=PublicationOrder._meta.get_field("postcode").verbose_name,
        help_text=_("Leave empty where the country has no postcodes."),
        max_length=20,
        required=False,
    )
    town = forms.CharField(
        label=PublicationOrder._meta.get_field("town").verbose_name,
        max_length=100,
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    email = forms.CharField(
        label=PublicationOrder._meta.get_field("email").verbose_name,
        help_text=_("For the confirmation and the news when the copies are sent."),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=LANGUAGE_CHOICES)
    consent = forms.BooleanField(
        label=_("I agree to the processing of my details as described above."), required=False
    )

    def __init__(self, *args, publications, countries, initial_publication=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.publications = publications
        self.fields["country"].choices = [("", _("Choose the country")), *countries]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            self.initial.setdefault("language", (get_language() or "de")[:2])
            self.initial.setdefault("country", "DE")
        for publication in publications:
            name = quantity_field_name(publication)
            self.fields[name] = forms.IntegerField(
                label=str(publication),
                min_value=0,
                max_value=MAX_COPIES,
                required=False,
                widget=forms.NumberInput(attrs={"min": 0, "max": publication.order_limit}),
                disabled=not publication.orderable,
            )
            if initial_publication is not None and publication.pk == initial_publication.pk:
                self.initial.setdefault(name, 1 if publication.orderable else 0)
        for field in ("organisation", "street", "town", "country", "email"):
            self.fields[field].widget.attrs["aria-required"] = "true"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["town"].widget.attrs["autocomplete"] = "address-level2"

    def quantity_rows(self):
        """(publication, bound field) per publication, for the table of the form."""
        return [(p, self[quantity_field_name(p)]) for p in self.publications]

    def items(self) -> dict[int, int]:
        return {
            p.pk: self.cleaned_data.get(quantity_field_name(p)) or 0
            for p in self.publications
            if p.orderable
        }

    def address(self) -> dict:
        data = self.cleaned_data
        country = Country.objects.filter(pk=data.get("country") or "").first()
        return {
            **{key: data.get(key, "") for key in ("organisation", "attention", "street", "town")},
            "postcode": data.get("postcode", ""),
            "email": data.get("email", ""),
            "country": country,
        }

    def address_fields(self):
        return [
            self[name]
            for name in ("organisation", "attention", "street", "postcode", "town", "country")
        ]

    def add_service_errors(self, error) -> None:
        """Put the service's messages at their fields (`items[<id>]` → that quantity)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            if key.startswith("items[") and key.endswith("]"):
                name = f"qty_{key[6:-1]}"
                self.add_error(name if name in self.fields else None, messages)
            elif key == "items":
                self.add_error(None, messages)
            elif key in self.fields:
                self.add_error(key, messages)
            else:
                self.add_error(None, messages)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)
