from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import Partnership, validate_partners


class PartnershipAdminForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "german_municipality",
            "partners",
            "kind",
            "since_year",
            "status",
            "description",
            "is_sample",
        ]

    def clean(self):
        cleaned = super().clean()
        german = cleaned.get("german_municipality")
        if german is not None and "partners" in cleaned:
            try:
                validate_partners(german, cleaned["partners"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    form = PartnershipAdminForm
    list_display = ["german_municipality", "kind", "since_year", "status", "is_sample"]
    list_filter = ["kind", "status", "is_sample"]
    list_select_related = ["german_municipality"]
    search_fields = ["german_municipality__name", "partners__name", "description"]
    autocomplete_fields = ["german_municipality", "partners"]
