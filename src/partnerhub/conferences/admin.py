"""Admin for the partnership conferences.

Series and editions are edited here. Interests in hosting are decided on the
organisers' rotation page (`services.hosting_interest_decide`, with the audit
trail), so the admin shows decisions read-only. Registrations change status only
through `services.registration` (the actions below); the programme and travel
grants are shown for checking and changed on the organiser pages.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    ConferenceSeries,
    Edition,
    EditionPart,
    HostingInterest,
    ProgrammeSession,
    Registration,
    RegistrationGroup,
    Room,
    Speaker,
    TimeSlot,
    TravelGrantApplication,
    TravelGrantLine,
    WorkshopAssignment,
)
from .services import PARTICIPANT_EDITABLE_FIELDS


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
    readonly_fields = ["hosting_interest"]
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


# --- Registration ------------------------------------------------------------------------
#
# Places, the waiting list and the audit trail depend on every status change going through
# `services.registration`, so the admin never edits a status: organisers approve or cancel
# with the actions below (which call the services), and decline with a reason on the
# organiser pages. The fields a participant may change themselves are editable here too,
# saved through `services.registration_update` (validation, audit trail, e-mail).


class ReadOnlyAdminMixin:
    """View-only in the admin: changes go through the services and the organiser pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _messages(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


class RegistrationStatusActions:
    """Admin actions that change a registration's status through the services."""

    def has_manage_permission(self, request):
        return request.user.has_perm("conferences.manage_registrations")

    def _each(self, request, queryset, change, done_message):
        done = 0
        for registration in queryset.select_related("edition", "group"):
            try:
                change(registration=registration, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, f"{registration.full_name}: {_messages(error)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(
        description=_("Approve the selected registrations (confirm or waiting list)"),
        permissions=["manage"],
    )
    def approve_registrations(self, request, queryset):
        self._each(
            request,
            queryset,
            services.registration_approve,
            lambda n: ngettext(
                "%(count)d registration has been approved.",
                "%(count)d registrations have been approved.",
                n,
            ),
        )

    @admin.action(description=_("Cancel the selected registrations"), permissions=["manage"])
    def cancel_registrations(self, request, queryset):
        self._each(
            request,
            queryset,
            services.registration_cancel,
            lambda n: ngettext(
                "%(count)d registration has been cancelled.",
                "%(count)d registrations have been cancelled.",
                n,
            ),
        )


@admin.register(Registration)
class RegistrationAdmin(RegistrationStatusActions, admin.ModelAdmin):
    list_display = [
        "full_name",
        "edition",
        "participant_type",
        "body",
        "country",
        "status",
        "created_at",
    ]
    list_filter = [
        "edition",
        "status",
        "participant_type",
        ("country", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["edition__series", "municipality", "organisation", "country"]
    search_fields = [
        "full_name",
        "email",
        "job_title",
        "municipality__name",
        "organisation__name",
        "group__german_municipality__name",
    ]
    date_hierarchy = "created_at"
    actions = ["approve_registrations", "cancel_registrations"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "edition",
                    "group",
                    "status",
                    "status_changed_at",
                    "participant_type",
                    "full_name",
                    "email",
                    "person",
                    "language",
                    "job_title",
                    "municipality",
                    "organisation",
                    "country",
                    "created_at",
                )
            },
        ),
        (
            _("Needs"),
            {
                "fields": (
                    "diet",
                    "diet_note",
                    "accessibility_needs",
                    "interpretation_language",
                    "needs_visa_letter",
                    "passport_number",
                    "date_of_birth",
                    "nationality",
                )
            },
        ),
        (
            _("Consent and follow-up"),
            {
                "fields": (
                    "consent_text",
                    "consent_given_at",
                    "arrival_at",
                    "departure_at",
                    "travel_details",
                    "follow_up_submitted_at",
                    "checked_in_at",
                )
            },
        ),
    )

    @admin.display(description=_("municipality or organisation"))
    def body(self, registration):
        return registration.body or "–"

    def _all_fields(self):
        return [field for _name, options in self.fieldsets for field in options["fields"]]

    def get_readonly_fields(self, request, obj=None):
        """Everything but what the participant may change themself, and that only while active."""
        editable = set(PARTICIPANT_EDITABLE_FIELDS) if obj is not None and obj.is_active else set()
        return [field for field in self._all_fields() if field not in editable]

    def has_add_permission(self, request):
        return False  # people register through the form, the API or the organiser pages

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the place goes to the waiting list

    def save_model(self, request, obj, form, change):
        values = {
            field: form.cleaned_data[field]
            for field in form.changed_data
            if field in PARTICIPANT_EDITABLE_FIELDS
        }
        if values:
            services.registration_update(
                registration=Registration.objects.get(pk=obj.pk), by=request.user, **values
            )


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ["full_name", "participant_type", "email", "language", "country", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RegistrationGroup)
class RegistrationGroupAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "edition",
        "german_municipality",
        "partner_municipality",
        "is_joint",
        "eligibility_overridden",
        "submitted_by",
        "submitted_at",
    ]
    list_filter = ["edition", ("eligibility_overridden_by", admin.EmptyFieldListFilter)]
    list_select_related = [
        "edition__series",
        "german_municipality",
        "partner_municipality",
        "submitted_by",
    ]
    search_fields = [
        "german_municipality__name",
        "partner_municipality__name",
        "submitted_by__email",
        "registrations__full_name",
    ]
    fields = [
        "edition",
        "submitted_by",
        "submitted_at",
        "german_municipality",
        "partner_municipality",
        "partnership",
        "eligibility_override_reason",
        "eligibility_overridden_by",
    ]
    readonly_fields = fields
    inlines = [RegistrationInline]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("conferences.view_registrationgroup")

    @admin.display(boolean=True, description=_("joint registration"))
    def is_joint(self, group):
        return group.is_joint

    @admin.display(boolean=True, description=_("ineligible partner admitted"))
    def eligibility_overridden(self, group):
        return bool(group.eligibility_overridden_by_id or group.eligibility_override_reason)


# --- Programme and travel grants -----------------------------------------------------------
#
# The programme has rules across records (slots within the edition's dates, one session per
# room and slot, workshop places within the room's seats and above the people assigned,
# one workshop per person and slot) and travel grants a budget, all kept by
# `services.programme` and `services.grants`. The admin shows these records for checking and
# searching; organisers change them on the organiser pages, which call the services.


@admin.register(Room)
class RoomAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "edition", "capacity", "accessibility_note"]
    list_filter = ["edition"]
    list_select_related = ["edition__series"]
    search_fields = ["name", "accessibility_note"]


@admin.register(TimeSlot)
class TimeSlotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "edition", "starts_at", "ends_at"]
    list_filter = ["edition"]
    list_select_related = ["edition__series"]
    date_hierarchy = "starts_at"


@admin.register(Speaker)
class SpeakerAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "affiliation", "edition", "registration"]
    list_filter = ["edition"]
    list_select_related = ["edition__series", "registration"]
    search_fields = ["full_name", "affiliation"]


@admin.register(ProgrammeSession)
class ProgrammeSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "edition", "kind", "slot", "room", "capacity"]
    list_filter = ["edition", "kind", "sdgs"]
    list_select_related = ["edition__series", "slot", "room"]
    search_fields = ["title_de", "title_en", "title_fr", "title_es"]
    filter_horizontal = ["sdgs", "speakers"]

    @admin.display(description=_("title"))
    def title(self, session):
        return session.title


@admin.register(WorkshopAssignment)
class WorkshopAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["registration", "session", "slot", "source", "assigned_by", "assigned_at"]
    list_filter = ["session__edition", "source"]
    list_select_related = [
        "registration__edition__series",
        "session",
        "slot",
        "assigned_by",
    ]
    search_fields = ["registration__full_name", "session__title_de", "session__title_en"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("conferences.assign_workshops")


class TravelGrantLineInline(admin.TabularInline):
    model = TravelGrantLine
    fields = ["category", "description", "requested_amount", "approved_amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TravelGrantApplication)
class TravelGrantApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "registration",
        "edition",
        "status",
        "requested",
        "approved",
        "submitted_at",
        "decided_at",
    ]
    list_filter = ["registration__edition", "status"]
    list_select_related = ["registration__edition__series"]
    search_fields = ["registration__full_name", "justification"]
    fields = [
        "registration",
        "status",
        "justification",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "note_to_applicant",
    ]
    readonly_fields = fields
    inlines = [TravelGrantLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("conferences.decide_travel_grant")

    @admin.display(description=_("edition"))
    def edition(self, application):
        return application.registration.edition

    @admin.display(description=_("requested (EUR)"))
    def requested(self, application):
        return application.requested_total

    @admin.display(description=_("approved (EUR)"))
    def approved(self, application):
        return application.approved_total
