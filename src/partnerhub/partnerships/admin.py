"""Admin of partnerships: every save and delete goes through `services` (rules and audit)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import Partnership, PartnershipContact, validate_partners

DESCRIPTION_CODES = ("de", "en", "fr", "es")


class PartnershipAdminForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "german_municipality",
            "partners",
            "kind",
            "since_year",
            "status",
            "themes",
            "sdgs",
            "description_de",
            "description_en",
            "description_fr",
            "description_es",
            "is_sample",
        ]

    def clean(self):
        cleaned = super().clean()
        german = cleaned.get("german_municipality")
        if german is not None and "partners" in cleaned:
            try:
                validate_partners(german, cleaned["partners"])
                if cleaned.get("kind"):
                    services.check_not_duplicate(
                        german, cleaned["partners"], cleaned["kind"], exclude_pk=self.instance.pk
                    )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class PartnershipContactInline(admin.TabularInline):
    model = PartnershipContact
    extra = 0
    fields = ["municipality", "role", "email", "position"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False  # contact roles are edited on the partnership's own edit page


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    form = PartnershipAdminForm
    inlines = [PartnershipContactInline]
    list_display = ["german_municipality", "kind", "since_year", "status", "is_sample"]
    list_filter = ["kind", "status", "is_sample"]
    list_select_related = ["german_municipality"]
    search_fields = [
        "german_municipality__name",
        "partners__name",
        "description_de",
        "description_en",
    ]
    autocomplete_fields = ["german_municipality", "partners"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            "kind": data["kind"],
            "since_year": data.get("since_year"),
            "status": data["status"],
            "themes": data.get("themes") or [],
            "sdgs": list(data.get("sdgs") or []),
            "descriptions": {
                code: data.get(f"description_{code}", "") for code in DESCRIPTION_CODES
            },
        }
        try:
            if change:
                services.partnership_update(
                    partnership=obj, by=request.user, partners=list(data["partners"]), **fields
                )
            else:
                created = services.partnership_create(
                    german_municipality=data["german_municipality"],
                    partners=list(data["partners"]),
                    is_sample=data.get("is_sample", False),
                    by=request.user,
                    **fields,
                )
                obj.pk = created.pk
        except ValidationError as error:
            # The form checked the same rules; a race or a rule only the service knows.
            messages.error(request, " ".join(error.messages))
            raise

    def save_related(self, request, form, formsets, change):
        # Partners and SDGs were set by the service in save_model (no form.save_m2m()); the
        # contacts inline is read-only, saving it changes nothing.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.partnership_delete(partnership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for partnership in queryset:
            services.partnership_delete(partnership=partnership, by=request.user)
