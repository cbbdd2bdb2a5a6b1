"""Learning processes: one year from a selected proposal (DOMAIN.md §2).

A learning process has one international dialogue event (2.5 days, 25–35
participants, working language English) and follow-up activities. The event's
participants come from Germany, from countries of the Global South (ODA
recipients on the event's date) and from other industrialised countries; the
mix is computed from their countries, never typed in. The division of tasks
between host and organiser is a checklist per event.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import LANGUAGE_CHOICES
from partnerhub.reference.models import Country, Municipality, SdgGoal

from .calls import ThemeField
from .proposals import Proposal

DEFAULT_EVENT_DAYS = Decimal("2.5")
DEFAULT_MIN_PARTICIPANTS = 25
DEFAULT_MAX_PARTICIPANTS = 35


class LearningProcess(models.Model):
    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learning_process",
        help_text=_("The selected proposal it grew from; empty for processes before the platform."),
    )
    title = models.CharField(_("title"), max_length=200)
    host = models.ForeignKey(
        Municipality,
        verbose_name=_("host municipality"),
        on_delete=models.PROTECT,
        related_name="learning_processes",
    )
    theme_field = models.CharField(_("theme field"), max_length=40, choices=ThemeField.choices)
    sdgs = models.ManyToManyField(SdgGoal, verbose_name=_("SDGs"), blank=True, related_name="+")
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    summary = models.TextField(_("summary"), blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        verbose_name = _("learning process")
        verbose_name_plural = _("learning processes")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="learning_process_ends_after_start",
                violation_error_message=_("A learning process cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title


class DialogueEvent(models.Model):
    learning_process = models.OneToOneField(
        LearningProcess,
        verbose_name=_("learning process"),
        on_delete=models.CASCADE,
        related_name="dialogue_event",
    )
    starts_on = models.DateField(_("first day"))
    duration_days = models.DecimalField(
        _("duration (days)"),
        max_digits=3,
        decimal_places=1,
        default=DEFAULT_EVENT_DAYS,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    working_language = models.CharField(
        _("working language"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )
    min_participants = models.PositiveSmallIntegerField(
        _("participants at least"), default=DEFAULT_MIN_PARTICIPANTS
    )
    max_participants = models.PositiveSmallIntegerField(
        _("participants at most"), default=DEFAULT_MAX_PARTICIPANTS
    )

    class Meta:
        verbose_name = _("dialogue event")
        verbose_name_plural = _("dialogue events")
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.learning_process} ({self.starts_on:%Y-%m-%d})"

    def clean(self):
        if self.min_participants and self.max_participants < self.min_participants:
            raise ValidationError(
                {"max_participants": _("The maximum cannot be below the minimum.")}
            )


class ParticipantStatus(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    SELECTED = "selected", _("selected")
    NOT_SELECTED = "not_selected", _("not selected")


class Origin(models.TextChoices):
    GERMANY = "germany", _("Germany")
    GLOBAL_SOUTH = "global_south", _("Global South")
    OTHER_INDUSTRIALISED = "other_industrialised", _("other industrialised countries")


class EventParticipant(models.Model):
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("dialogue event"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    full_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation_name = models.CharField(_("institution"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.NOMINATED,
    )
    nominated_by = models.CharField(_("nominated by"), max_length=200, blank=True)
    nomination_score = models.DecimalField(
        _("nomination score"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
        help_text=_(
            "0–10: how strongly the nomination recommends the person; the selection by score "
            "prefers higher scores. Empty counts as 0."
        ),
    )

    class Meta:
        verbose_name = _("participant of a dialogue event")
        verbose_name_plural = _("participants of a dialogue event")
        ordering = ["event", "country", "full_name"]

    def __str__(self):
        return self.full_name


class TaskOwner(models.TextChoices):
    HOST = "host", _("host municipality")
    ORGANISER = "organiser", _("organiser")


class EventTask(models.Model):
    """An item of the division of tasks for a dialogue event."""

    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("dialogue event"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    owner = models.CharField(_("owned by"), max_length=10, choices=TaskOwner.choices)
    title = models.CharField(_("task"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["event", "owner", "position", "id"]

    def __str__(self):
        return self.title


class FollowUpKind(models.TextChoices):
    EXCHANGE_TRIP = "exchange_trip", _("expert exchange trip")
    PROJECT_WORKSHOP = "project_workshop", _("project workshop")
    VIRTUAL = "virtual", _("virtual format")


class FollowUpActivity(models.Model):
    learning_process = models.ForeignKey(
        LearningProcess,
        verbose_name=_("learning process"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Municipalities and functions taking part.")
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("follow-up activity")
        verbose_name_plural = _("follow-up activities")
        ordering = ["learning_process", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="follow_up_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title
