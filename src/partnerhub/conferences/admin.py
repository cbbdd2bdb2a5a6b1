"""Admin for conference series and editions; interests in hosting are decided on the
organisers' rotation page (`services.hosting_interest_decide`, with the audit trail), so the
admin shows decisions read-only."""

from django.contrib import admin

from .models import ConferenceSeries, Edition, EditionPart, HostingInterest


@admin.register(ConferenceSeries)
class ConferenceSeriesAdmin(admin.ModelAdmin):
    list_display = ["title_de", "slug", "kind", "region", "rotation_years", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    search_fields = ["slug", "title_de", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}


class EditionPartInline(admin.TabularInline):
    model = EditionPart
    extra = 0
    fields = [
        "start",
        "end",
        "precision",
        "label_de",
        "label_en",
        "label_fr",
        "label_es",
        "is_online",
    ]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "series", "number", "place", "is_online", "status"]
    list_filter = ["series", "status", "is_online"]
    list_select_related = ["series"]
    search_fields = ["place", "title_de", "title_en", "source_note"]
    autocomplete_fields = ["host_municipality"]
    filter_horizontal = ["sdgs"]
    inlines = [EditionPartInline]


@admin.register(HostingInterest)
class HostingInterestAdmin(admin.ModelAdmin):
    list_display = ["municipality", "series", "year", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "series"]
    list_select_related = ["municipality", "series"]
    search_fields = ["municipality__name", "message"]
    readonly_fields = [
        "municipality",
        "series",
        "year",
        "status",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "reason",
    ]

    def has_add_permission(self, request):
        return False
