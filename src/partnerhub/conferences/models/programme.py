"""The programme of an edition: time slots, rooms, sessions, speakers, workshop choices.

Parallel workshops share a time slot. Participants rank the workshops they
would like to join (`WorkshopPreference`); organisers assign people by hand
(`WorkshopAssignment`, one workshop per person and slot, never beyond the
workshop's places) or publish an assignment run (`models.assignment_runs`). A session may
name the language it is held in; an assignment run then places in that workshop only
people who speak it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import SdgGoal, translated

from .editions import Edition
from .registration import INTERPRETATION_CHOICES, Registration

# The languages a session can be held in: the interface languages plus the partners' languages
# a registration can name for interpretation (the same list, so that a workshop's language can
# always be matched against what the platform knows about a participant).
SESSION_LANGUAGE_CHOICES = INTERPRETATION_CHOICES


class Room(models.Model):
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    accessibility_note = models.CharField(_("accessibility"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"],
                name="room_unique_name_per_edition",
                violation_error_message=_("This edition already has a room with this name."),
            )
        ]

    def __str__(self):
        return self.name


class TimeSlot(models.Model):
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="time_slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["edition", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="time_slot_ends_after_start",
                violation_error_message=_("A time slot must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A time slot must end after it starts.")})


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("plenary")
    WORKSHOP = "workshop", _("workshop")
    TALK = "talk", _("expert talk")
    EXCURSION = "excursion", _("excursion")
    SOCIAL = "social", _("networking and breaks")


class Speaker(models.Model):
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="speakers"
    )
    full_name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker",
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["edition", "full_name"]

    def __str__(self):
        return self.full_name


class ProgrammeSession(models.Model):
    """A plenary, a workshop, a talk … in a time slot, optionally in a room."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="sessions"
    )
    slot = models.ForeignKey(
        TimeSlot, verbose_name=_("time slot"), on_delete=models.PROTECT, related_name="sessions"
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    title_de = models.CharField(_("title (German)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=250, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=250, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For workshops: participants at most; empty for no limit."),
    )
    language = models.CharField(
        _("held in"),
        max_length=2,
        choices=SESSION_LANGUAGE_CHOICES,
        blank=True,
        help_text=_(
            "The language the session is held in. An assignment run places in a workshop with "
            "a language only people who speak it; empty: interpreted or in several languages, "
            "anybody can follow it."
        ),
    )
    sdgs = models.ManyToManyField(
        SdgGoal, verbose_name=_("SDGs"), blank=True, related_name="conference_sessions"
    )
    speakers = models.ManyToManyField(
        Speaker, verbose_name=_("speakers"), blank=True, related_name="sessions"
    )

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["edition", "slot__starts_at", "room__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "room"],
                name="programme_session_one_per_room_and_slot",
                violation_error_message=_("Another session uses this room in this time slot."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def is_workshop(self) -> bool:
        return self.kind == SessionKind.WORKSHOP

    def clean(self):
        errors = {}
        if not any(getattr(self, f"title_{code}") for code in ("de", "en", "fr", "es")):
            errors["title_de"] = _("Give the session a title in at least one language.")
        if self.slot_id and self.slot.edition_id != self.edition_id:
            errors["slot"] = _("The time slot belongs to another edition.")
        if self.room_id and self.room.edition_id != self.edition_id:
            errors["room"] = _("The room belongs to another edition.")
        room_seats = self.room.capacity if self.room_id else None
        if self.capacity and room_seats and self.capacity > room_seats:
            errors["capacity"] = _("The room has only %(seats)s seats.") % {"seats": room_seats}
        if errors:
            raise ValidationError(errors)


class WorkshopPreference(models.Model):
    """A participant's wish: rank 1 is the workshop they most want to join."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="workshop_preferences",
    )
    session = models.ForeignKey(
        ProgrammeSession,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("workshop preference")
        verbose_name_plural = _("workshop preferences")
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="workshop_preference_once_per_workshop"
            ),
            models.UniqueConstraint(
                fields=["registration", "rank"], name="workshop_preference_unique_rank"
            ),
        ]

    def __str__(self):
        return f"{self.registration.full_name}: {self.rank}. {self.session}"


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", _("by an organiser")
    SOLVER = "solver", _("by the assignment run")


class WorkshopAssignment(models.Model):
    """A participant's seat in one workshop; at most one workshop per person and time slot."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="workshop_assignments",
    )
    session = models.ForeignKey(
        ProgrammeSession,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    # The session's slot, kept here so that the database can forbid two workshops in one slot.
    slot = models.ForeignKey(
        TimeSlot, verbose_name=_("time slot"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(
        _("assigned"),
        max_length=10,
        choices=AssignmentSource.choices,
        default=AssignmentSource.MANUAL,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop assignment")
        verbose_name_plural = _("workshop assignments")
        ordering = ["session", "registration__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot"],
                name="workshop_assignment_one_per_slot",
                violation_error_message=_(
                    "This participant already has a workshop in this time slot."
                ),
            )
        ]

    def __str__(self):
        return f"{self.registration.full_name} → {self.session}"
