"""Admin for calls, proposals, reviews and learning processes (organisers with admin access).

Writes that carry rules go through `calls.services`, as everywhere:

* a new call is created by `services.call_create` (with the seven default
  criteria, which the criteria inline then edits); changes go through
  `services.call_update`;
* proposals are read-only here: applicants write them, organisers decide on the
  review pages (`services.proposal_decide`, with reason, audit and e-mail), so
  status and decision fields never change in the admin; uploaded documents are
  not linked (they are served only by the permission-checking views);
* review assignments and scores are read-only (assigned and scored on the review
  pages, free of conflicts of interest);
* follow-up activities are saved by `services.follow_up_save` (within the
  learning process's year); new participants of a dialogue event are nominated by
  `services.event_participant_add`, and their status (selection, never beyond
  the maximum) and the tasks' "done" are read-only: they change on the organisers'
  pages through their services, with the audit trail.

Permissions are the named ones of `calls/rules.py`; models without a rule of
their own (actors, assignments, scores, participants, tasks) follow the rule of
what they belong to.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import MunicipalityKind

from . import services
from .models import (
    Call,
    Criterion,
    CriterionScore,
    DialogueEvent,
    EventParticipant,
    EventTask,
    FollowUpActivity,
    LearningProcess,
    ParticipantStatus,
    Proposal,
    ProposedActor,
    ReviewAssignment,
    ThemeField,
)

MANAGE_REVIEWS = "calls.manage_reviews"
MANAGE_LEARNING = "calls.manage_learning_processes"


class _ReadOnlyInline:
    """An inline that shows rows to whoever may see them and changes nothing."""

    extra = 0
    can_delete = False
    view_permission = ""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(self.view_permission)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Calls --------------------------------------------------------------------------------


class CallAdminForm(forms.ModelForm):
    eligible_kinds = forms.MultipleChoiceField(
        label=_("who may apply"),
        choices=MunicipalityKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    theme_fields = forms.MultipleChoiceField(
        label=_("theme fields"), choices=ThemeField.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Call
        fields = list(services.CALL_FIELDS)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = [
        "number",
        "title_de",
        "title_en",
        "title_fr",
        "title_es",
        "kind",
        "weight",
        "auto_check",
    ]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """A new call gets the seven default criteria from the service; edit them afterwards."""

    form = CallAdminForm
    list_display = ["title_de", "slug", "deadline", "is_published", "is_sample", "proposal_count"]
    list_filter = ["is_published", "is_sample"]
    search_fields = ["slug", "title_de", "title_en"]
    date_hierarchy = "deadline"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(proposals_in_all=Count("proposals"))

    @admin.display(description=_("proposals"), ordering="proposals_in_all")
    def proposal_count(self, call):
        return call.proposals_in_all

    def get_inlines(self, request, obj):
        return [CriterionInline] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            if changed:
                services.call_update(call=obj, by=request.user, **changed)
            return
        values = {name: form.cleaned_data[name] for name in services.CALL_FIELDS}
        call = services.call_create(by=request.user, **values)
        obj.pk = call.pk
        obj._state.adding = False
        obj._state.db = call._state.db


# --- Proposals ------------------------------------------------------------------------------


class ProposedActorInline(_ReadOnlyInline, admin.TabularInline):
    model = ProposedActor
    fields = ["municipality", "name", "country", "contact_role"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("calls.view_proposal", obj)


class ReviewAssignmentInline(_ReadOnlyInline, admin.TabularInline):
    model = ReviewAssignment
    view_permission = MANAGE_REVIEWS
    fields = ["reviewer", "assigned_at", "submitted_at", "overall_comment"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "municipality",
        "call",
        "status",
        "submitted_at",
        "decision",
        "decided_at",
    ]
    list_filter = ["call", "status", "decision", "theme_field"]
    list_select_related = ["call", "municipality"]
    search_fields = ["title", "municipality__name", "contact_role"]
    date_hierarchy = "submitted_at"
    fields = [
        "call",
        "municipality",
        "created_by",
        "status",
        "created_at",
        "updated_at",
        "submitted_at",
        "title",
        "theme_field",
        "climate_focus",
        "sdgs",
        "topic_background",
        "learning_and_contribution",
        "knowledge_transfer",
        "further_goals",
        "commits_to_follow_up",
        "has_municipal_support",
        "contact_role",
        "documents",
        "decision",
        "decision_reason",
        "decided_at",
        "decided_by",
    ]
    readonly_fields = fields
    inlines = [ProposedActorInline, ReviewAssignmentInline]

    @admin.display(description=_("documents"))
    def documents(self, proposal):
        """Names only: the files are served by the pages that check permissions."""
        names = [
            str(label)
            for label, document in (
                (_("letter of support"), proposal.support_letter),
                (_("submitted document"), proposal.submitted_document),
            )
            if document
        ]
        return ", ".join(names) or "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Reviews --------------------------------------------------------------------------------


class CriterionScoreInline(_ReadOnlyInline, admin.TabularInline):
    model = CriterionScore
    view_permission = MANAGE_REVIEWS
    fields = ["criterion", "score", "passed", "comment"]
    readonly_fields = fields


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["proposal", "reviewer", "assigned_at", "submitted_at"]
    list_filter = ["proposal__call", ("submitted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["proposal__municipality", "reviewer"]
    search_fields = ["proposal__title", "proposal__municipality__name", "reviewer__full_name"]
    fields = [
        "proposal",
        "reviewer",
        "assigned_by",
        "assigned_at",
        "submitted_at",
        "overall_comment",
    ]
    readonly_fields = fields
    inlines = [CriterionScoreInline]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_REVIEWS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Learning processes ---------------------------------------------------------------------


class FollowUpFormSet(BaseInlineFormSet):
    def clean(self):
        """The service's rule, repeated for a message at the field (the service decides)."""
        super().clean()
        process = self.instance
        if not (process.starts_on and process.ends_on):
            return
        for form in self.forms:
            starts_on = getattr(form, "cleaned_data", {}).get("starts_on")
            if not starts_on or self._should_delete_form(form) or not form.has_changed():
                continue
            if not process.starts_on <= starts_on <= process.ends_on:
                form.add_error(
                    "starts_on",
                    gettext("Follow-up activities take place within the learning process's year."),
                )


class FollowUpInline(admin.TabularInline):
    model = FollowUpActivity
    formset = FollowUpFormSet
    extra = 0
    fields = ["kind", "title", "starts_on", "ends_on", "place", "participants", "outcome"]


class DialogueEventInline(admin.StackedInline):
    model = DialogueEvent
    extra = 0
    max_num = 1
    show_change_link = True
    fields = [
        "starts_on",
        "duration_days",
        "place",
        "working_language",
        "min_participants",
        "max_participants",
    ]


@admin.register(LearningProcess)
class LearningProcessAdmin(admin.ModelAdmin):
    """A process from a selected proposal is started on the review pages
    (`services.learning_process_create`); here, processes from before the platform
    are recorded, and follow-ups go through `services.follow_up_save`."""

    list_display = ["title", "host", "theme_field", "starts_on", "ends_on", "is_sample"]
    list_filter = ["theme_field", "is_sample"]
    list_select_related = ["host"]
    search_fields = ["title", "host__name", "summary"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["host"]
    filter_horizontal = ["sdgs"]
    inlines = [DialogueEventInline, FollowUpInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.proposal_id:
            return ["proposal", "host"]
        return ["proposal"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not FollowUpActivity:
            return super().save_formset(request, form, formset, change)
        activities = formset.save(commit=False)
        for activity in formset.deleted_objects:
            activity.delete()
        for activity in activities:
            services.follow_up_save(
                learning_process=form.instance,
                by=request.user,
                activity=activity if activity.pk else None,
                **{name: getattr(activity, name) for name in FollowUpInline.fields},
            )


class _LearningInline:
    """Rows of a dialogue event: for whoever runs learning processes."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_LEARNING)

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_LEARNING)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_LEARNING)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_LEARNING)


class EventParticipantInline(_LearningInline, admin.TabularInline):
    model = EventParticipant
    fields = [
        "full_name",
        "function",
        "municipality",
        "organisation_name",
        "country",
        "status",
        "nominated_by",
    ]
    readonly_fields = ["status"]
    autocomplete_fields = ["municipality", "country"]


class EventTaskInline(_LearningInline, admin.TabularInline):
    model = EventTask
    fields = ["owner", "title", "due_on", "position", "done_at"]
    readonly_fields = ["done_at"]


@admin.register(DialogueEvent)
class DialogueEventAdmin(admin.ModelAdmin):
    list_display = ["learning_process", "starts_on", "place", "selected"]
    list_select_related = ["learning_process"]
    search_fields = ["learning_process__title", "place"]
    date_hierarchy = "starts_on"
    inlines = [EventParticipantInline, EventTaskInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                selected_count=Count(
                    "participants", filter=Q(participants__status=ParticipantStatus.SELECTED)
                )
            )
        )

    @admin.display(description=_("selected participants"), ordering="selected_count")
    def selected(self, event):
        return event.selected_count

    def get_readonly_fields(self, request, obj=None):
        return ["learning_process"] if obj is not None else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not EventParticipant:
            return super().save_formset(request, form, formset, change)
        participants = formset.save(commit=False)
        for participant in formset.deleted_objects:
            participant.delete()
        for participant in participants:
            if participant.pk:
                participant.save()
                continue
            services.event_participant_add(
                event=form.instance,
                by=request.user,
                **{
                    name: getattr(participant, name)
                    for name in EventParticipantInline.fields
                    if name not in EventParticipantInline.readonly_fields
                },
            )
