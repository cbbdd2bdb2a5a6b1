"""Admin of the climate app: organisers set up the project, its phases and which
partnerships take part. Programmes, reports and secondments are written on the climate
pages through `services` (rules, approvals, audit), so the admin only shows them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import (
    ActionProgramme,
    ClimatePartnership,
    ClimateProject,
    ExpertSecondment,
    ProgrammeVersion,
    ProjectPhase,
)
from .services.project import check_joined_year


class PhaseInline(admin.TabularInline):
    model = ProjectPhase
    extra = 0


@admin.register(ClimateProject)
class ClimateProjectAdmin(admin.ModelAdmin):
    list_display = ["title_de", "goal_count", "goal_year", "is_sample"]
    inlines = [PhaseInline]


class ClimatePartnershipAdminForm(forms.ModelForm):
    class Meta:
        model = ClimatePartnership
        fields = ["partnership", "phase", "joined_year", "is_sample"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phase") and cleaned.get("joined_year"):
            try:
                check_joined_year(cleaned["phase"], cleaned["joined_year"])
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


@admin.register(ClimatePartnership)
class ClimatePartnershipAdmin(admin.ModelAdmin):
    form = ClimatePartnershipAdminForm
    list_display = ["__str__", "phase", "joined_year", "is_sample"]
    list_filter = ["phase", "is_sample"]
    list_select_related = ["partnership__german_municipality", "phase"]
    autocomplete_fields = ["partnership"]

    def get_readonly_fields(self, request, obj=None):
        return ["partnership", "phase", "joined_year", "is_sample"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing is editable after joining
        created = services.climate_partnership_add(
            partnership=obj.partnership,
            phase=obj.phase,
            joined_year=obj.joined_year,
            is_sample=obj.is_sample,
            by=request.user,
        )
        obj.pk = created.pk


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActionProgramme)
class ActionProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at"]
    list_select_related = ["climate_partnership__partnership__german_municipality"]


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "decision_date"]
    list_filter = ["status"]
    list_select_related = ["programme__climate_partnership__partnership__german_municipality"]


@admin.register(ExpertSecondment)
class ExpertSecondmentAdmin(ReadOnlyAdmin):
    list_display = ["expert_role", "climate_partnership", "start_date", "status"]
    list_filter = ["status", "direction"]
    list_select_related = ["climate_partnership__partnership__german_municipality"]
