"""Admin for organisers: the catalogue is edited here; orders are shown read-only.

Saving a publication goes through `services.publication_save` (all its rules,
the row lock, the audit entry for a change of stock). Orders change state only
on the fulfilment page (`publications:fulfilment`), through the services.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import (
    PUBLICATION_LANGUAGES,
    Publication,
    PublicationOrder,
    PublicationOrderLine,
)


class PublicationAdminForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=Publication._meta.get_field("languages").verbose_name,
        choices=PUBLICATION_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Publication
        exclude = ["created_at", "updated_at"]  # noqa: DJ006 — every other field is edited

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = self.instance.language_codes

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PublicationAdminForm
    list_display = [
        "__str__",
        "topic",
        "published_on",
        "languages",
        "printed_stock",
        "order_limit",
        "is_published",
        "is_sample",
    ]
    list_filter = ["topic", "series", "kind", "is_published", "is_sample"]
    search_fields = ["slug", "title_de", "title_en", "title_fr", "title_es"]
    prepopulated_fields = {"slug": ["title_de"]}

    def save_model(self, request, obj, form, change):
        try:
            services.publication_save(publication=obj, by=request.user)
        except ValidationError as error:  # checked by the form already; a race at most
            raise ValidationError(error.messages) from error


class OrderLineInline(admin.TabularInline):
    model = PublicationOrderLine
    extra = 0
    can_delete = False
    readonly_fields = ["publication", "quantity"]


@admin.register(PublicationOrder)
class PublicationOrderAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "status", "organisation", "town", "country"]
    list_filter = ["status", "is_sample"]
    search_fields = ["organisation", "town", "email"]
    inlines = [OrderLineInline]
    readonly_fields = [field.name for field in PublicationOrder._meta.fields]
    exclude = ["access_token", "submission_key"]
