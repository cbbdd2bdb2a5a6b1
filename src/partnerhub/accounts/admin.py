"""Admin for people and memberships, with the GDPR actions organisers need.

Lea's journey: "answers a person's request for their data, or their erasure,
in minutes". Both are actions on the people list; they call the same
services as the person's own account pages. Deleting people is switched off:
erasure anonymises and keeps statistics.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import two_factor
from .forms import AdminLoginForm, PersonChangeForm, PersonCreationForm
from .models import ApiToken, ConsentText, Membership, Person, TwoFactorDevice
from .services import api_token_revoke, person_erase, person_export
from .views import export_response


class PlatformRoleFilter(admin.SimpleListFilter):
    title = _("platform role")
    parameter_name = "platform_role"

    def lookups(self, request, model_admin):
        return [
            ("organiser", _("Organiser")),
            ("reviewer", _("Reviewer")),
            ("staff", _("Access to the administration")),
            ("none", _("No platform role")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "organiser":
            return queryset.filter(is_organiser=True)
        if value == "reviewer":
            return queryset.filter(is_reviewer=True)
        if value == "staff":
            return queryset.filter(is_staff=True)
        if value == "none":
            return queryset.filter(
                is_organiser=False, is_reviewer=False, is_staff=False, is_superuser=False
            )
        return queryset


class ErasedFilter(admin.SimpleListFilter):
    title = _("erased")
    parameter_name = "erased"

    def lookups(self, request, model_admin):
        return [("no", _("Not erased")), ("yes", _("Erased"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(erased_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(erased_at__isnull=True)
        return queryset


class CurrentMembershipFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended or not yet begun"))]

    def queryset(self, request, queryset):
        current = Membership.objects.current().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["municipality", "organisation", "role", "department", "since", "ended_at"]
    raw_id_fields = ["municipality", "organisation"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal information"), {"fields": ("full_name", "preferred_language", "job_title")}),
        (_("Platform roles"), {"fields": ("is_organiser", "is_reviewer")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "erased_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = [
        "email",
        "full_name",
        "is_organiser",
        "is_reviewer",
        "is_staff",
        "is_active",
        "erased_at",
    ]
    list_filter = [
        PlatformRoleFilter,
        "is_organiser",
        "is_reviewer",
        "is_staff",
        "is_active",
        ErasedFilter,
        "memberships__role",
        "preferred_language",
    ]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined", "erased_at"]
    inlines = [MembershipInline]
    actions = ["export_person_data", "erase_people"]

    def get_readonly_fields(self, request, obj=None):
        """Only superusers hand out superuser status and raw permissions."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "groups", "user_permissions"]
        return fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("accounts.export_person")

    def has_erase_permission(self, request):
        return request.user.has_perm("accounts.erase_person")

    @admin.action(
        description=_("Download all data held about the selected person (GDPR)"),
        permissions=["export"],
    )
    def export_person_data(self, request, queryset):
        people = list(queryset[:2])
        if len(people) != 1:
            self.message_user(
                request, _("Select exactly one person to download their data."), messages.ERROR
            )
            return None
        person = people[0]
        return export_response(data=person_export(person=person, by=request.user), person=person)

    @admin.action(description=_("Erase the selected people (GDPR) …"), permissions=["erase"])
    def erase_people(self, request, queryset):
        skipped = queryset.filter(Q(erased_at__isnull=False) | Q(pk=request.user.pk)).count()
        people = list(queryset.filter(erased_at__isnull=True).exclude(pk=request.user.pk))
        if request.POST.get("confirm") == "yes":
            erased = 0
            for person in people:
                try:
                    person_erase(person=person, by=request.user)
                except ValidationError:
                    skipped += 1  # erased in the meantime by somebody else
                else:
                    erased += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d person has been erased.",
                    "%(count)d people have been erased.",
                    erased,
                )
                % {"count": erased},
                messages.SUCCESS,
            )
            if skipped:
                self._message_skipped(request, skipped)
            return None
        if not people:
            self._message_skipped(request, skipped)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase people"),
            "opts": self.opts,
            "people": people,
            "skipped": skipped,
            "today": timezone.localdate(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "accounts/admin/erase_confirmation.html", context)

    def _message_skipped(self, request, count: int) -> None:
        self.message_user(
            request,
            ngettext(
                "%(count)d selected person was left out: already erased, or yourself "
                "(erase your own account from your account page).",
                "%(count)d selected people were left out: already erased, or yourself "
                "(erase your own account from your account page).",
                count,
            )
            % {"count": count},
            messages.WARNING,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "municipality", "organisation", "role", "since", "ended_at"]
    list_filter = ["role", CurrentMembershipFilter]
    list_select_related = ["person", "municipality", "organisation"]
    search_fields = [
        "person__email",
        "person__full_name",
        "municipality__name",
        "organisation__name",
    ]
    raw_id_fields = ["person", "municipality", "organisation"]
    date_hierarchy = "since"


class OrganiserViewOnlyAdmin(admin.ModelAdmin):
    """Organisers (the app's module permission) look; nobody adds, edits or deletes here."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(OrganiserViewOnlyAdmin):
    """Versions people have agreed to are never edited; a new wording is a new version in
    `consent.py`, stored on first use."""

    list_display = ["purpose", "version", "published_at"]
    list_filter = ["purpose"]
    search_fields = ["version", "text_de", "text_en"]
    fields = ["purpose", "version", "published_at", "text_de", "text_en", "text_fr", "text_es"]
    readonly_fields = fields


class ActiveTokenFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(OrganiserViewOnlyAdmin):
    """Personal API tokens: only their owners create them (the secret is shown once, to them);
    organisers see them and revoke one at once when it has leaked."""

    list_display = ["name", "person", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [ActiveTokenFilter]
    list_select_related = ["person"]
    search_fields = ["name", "prefix", "person__email", "person__full_name"]
    fields = ["person", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke_tokens"]

    def has_revoke_permission(self, request):
        return request.user.has_perm("accounts")

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke_tokens(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("person"):
            try:
                api_token_revoke(token=token, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                detail = " ".join(getattr(error, "messages", None) or [str(error)])
                self.message_user(request, f"{token}: {detail}", messages.ERROR)
            else:
                revoked += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d token has been revoked.", "%(count)d tokens have been revoked.", revoked
            )
            % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    """Who has set up two-factor authentication; organisers remove a lost phone's device.

    The secret is never shown. After removal the person sets up a new device at
    the next log-in (accounts.two_factor.device_remove, audited).
    """

    list_display = ["person", "created_at", "confirmed_at"]
    list_select_related = ["person"]
    search_fields = ["person__email", "person__full_name"]
    fields = ["person", "created_at", "confirmed_at"]
    readonly_fields = fields
    actions = ["remove_devices"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.has_remove_permission(request)

    def has_module_permission(self, request):
        return self.has_remove_permission(request)

    def has_remove_permission(self, request):
        user = request.user
        return bool(getattr(user, "is_organiser", False) or getattr(user, "is_superuser", False))

    @admin.action(
        description=_("Remove the selected two-factor devices (lost phone)"),
        permissions=["remove"],
    )
    def remove_devices(self, request, queryset):
        people = [device.person for device in queryset.select_related("person")]
        for person in people:
            two_factor.device_remove(person=person, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d device has been removed; the person sets up a new one at the next "
                "log-in.",
                "%(count)d devices have been removed; the people set up new ones at the next "
                "log-in.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )


# The admin's own log-in page is throttled like the site's (core.throttle); the
# second factor is asked for by core.middleware.TwoFactorMiddleware afterwards.
admin.site.login_form = AdminLoginForm
