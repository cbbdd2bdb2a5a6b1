"""Admin for reference data.

Countries, DAC lists and SDGs come from the shipped CSV files (`manage.py
load_reference`); the admin shows them so that staff can check a record and
its source. Municipalities and organisations are edited here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Country,
    DacChange,
    DacList,
    DacListEntry,
    Municipality,
    Organisation,
    SdgGoal,
    SdgTarget,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "iso3", "name_en", "name_de", "region", "is_iso_code"]
    list_filter = ["region", "is_iso_code"]
    search_fields = ["iso2", "iso3", "name_en", "name_de", "name_fr", "name_es"]


class DacListEntryInline(admin.TabularInline):
    model = DacListEntry
    fields = ["country", "group", "confidence", "note"]
    raw_id_fields = ["country"]
    extra = 0
    show_change_link = True


@admin.register(DacList)
class DacListAdmin(admin.ModelAdmin):
    list_display = ["list_id", "label", "effective_from", "effective_to"]
    inlines = [DacListEntryInline]

    @admin.display(description=_("label"))
    def label(self, obj):
        return obj.label


@admin.register(DacListEntry)
class DacListEntryAdmin(admin.ModelAdmin):
    """Unverified entries are easy to find: filter by confidence, or see the column."""

    list_display = ["dac_list", "country", "group", "confidence", "note"]
    list_filter = ["confidence", "group", "dac_list"]
    list_select_related = ["dac_list", "country"]
    search_fields = ["country__iso2", "country__name_en", "country__name_de", "note"]
    raw_id_fields = ["country"]


@admin.register(DacChange)
class DacChangeAdmin(admin.ModelAdmin):
    list_display = ["date", "country", "change", "from_group", "to_group"]
    list_filter = ["change", "date"]
    list_select_related = ["country"]
    search_fields = ["country__iso2", "country__name_en", "note"]
    raw_id_fields = ["country"]


class SdgTargetInline(admin.TabularInline):
    model = SdgTarget
    fields = ["code", "position", "title_en", "title_fr", "title_de", "title_es"]
    extra = 0


@admin.register(SdgGoal)
class SdgGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title_en", "short_title_de", "confidence"]
    search_fields = ["short_title_en", "short_title_de", "short_title_fr", "short_title_es"]
    inlines = [SdgTargetInline]


@admin.register(SdgTarget)
class SdgTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "title_en"]
    list_filter = ["goal"]
    search_fields = ["code", "title_en", "title_fr"]


class OrganisationInline(admin.TabularInline):
    model = Organisation
    fields = ["name", "slug", "kind", "country"]
    raw_id_fields = ["country"]
    extra = 0
    show_change_link = True


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "official_key", "is_sample"]
    list_filter = ["kind", "is_sample", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "official_key", "country__name_en", "country__name_de"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [OrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "municipality", "is_sample"]
    list_filter = ["kind", "is_sample"]
    list_select_related = ["country", "municipality"]
    search_fields = ["name", "slug", "municipality__name", "country__name_en"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country", "municipality"]
