"""Registration for an edition: who comes, for whom, and where they stand.

One submitted form is a `RegistrationGroup`: a German municipality's
delegation, optionally together with its partner municipality's delegation
(joint registration), or a single person. Every person in it is a
`Registration` with its own status, needs, consent and follow-up data, and its
own link (`access_token`) so that a partner delegate without an account can
complete their data in their language.

Places: only `CONFIRMED` registrations take a place of the edition's capacity.
`services.registration` allocates places under a row lock on the edition, so
an edition never confirms more people than it has places; whoever finds no
place is put on the waiting list and is promoted, in order of registration,
when somebody cancels. In a moderated edition a registration waits for an
organiser's approval first (`PENDING`), and approval then confirms or
waitlists it the same way.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import LANGUAGE_CHOICES, ConsentText
from partnerhub.reference.models import Country, Municipality, Organisation

from .editions import Edition


class ParticipantType(models.TextChoices):
    GERMAN_MUNICIPALITY = "german_municipality", _("Representative of a German municipality")
    CIVIL_SOCIETY = "civil_society", _("Civil-society actor")
    PARTNER_MUNICIPALITY = "partner_municipality", _("Representative of a partner municipality")
    INTERESTED_MUNICIPALITY = (
        "interested_municipality",
        _("Municipality interested in a partnership"),
    )
    SPEAKER = "speaker", _("Speaker or expert")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    DECLINED = "declined", _("declined")


# A person may hold only one registration in these states per edition.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class Diet(models.TextChoices):
    NONE = "", _("no special diet")
    VEGETARIAN = "vegetarian", _("vegetarian")
    VEGAN = "vegan", _("vegan")
    HALAL = "halal", _("halal")
    KOSHER = "kosher", _("kosher")
    OTHER = "other", _("other (please describe)")


# Languages the organisers can interpret from and to on site.
INTERPRETATION_CHOICES = [
    *LANGUAGE_CHOICES,
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationGroup(models.Model):
    """One submitted registration form: a delegation, possibly with its partner's delegation.

    `submission_key` comes from the form (a hidden value created when the form
    is shown): submitting the same form twice finds the first group instead of
    creating a second one.
    """

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="registration_groups",
    )
    submission_key = models.CharField(_("submission key"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference_registration_groups",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    german_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("German municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("partner municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference_registration_groups",
    )
    eligibility_override_reason = models.TextField(
        _("reason for admitting an ineligible partner"),
        blank=True,
        help_text=_("Only organisers may admit a partner whose country is not eligible."),
    )
    eligibility_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration form")
        verbose_name_plural = _("registration forms")
        ordering = ["edition", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "submission_key"],
                name="registration_group_submitted_once",
            )
        ]

    def __str__(self):
        body = self.german_municipality or self.partner_municipality
        return f"{self.edition} – {body or self.submitted_by or self.pk}"

    @property
    def is_joint(self) -> bool:
        """A German delegation registered together with its partner's delegation."""
        return bool(self.german_municipality_id and self.partner_municipality_id)


class Registration(models.Model):
    """One person's place (or wish for one) at an edition."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="registrations"
    )
    group = models.ForeignKey(
        RegistrationGroup,
        verbose_name=_("registration form"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference_registrations",
        help_text=_("The participant's account, when they have one."),
    )
    participant_type = models.CharField(
        _("participant type"), max_length=30, choices=ParticipantType.choices
    )
    full_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Leave empty if the person has none; the registering person is contacted."),
    )
    language = models.CharField(
        _("language for e-mails"), max_length=2, choices=LANGUAGE_CHOICES, default="de"
    )
    job_title = models.CharField(_("function or department"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conference_registrations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conference_registrations",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="conference_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    access_token = models.CharField(max_length=64, unique=True, default=new_access_token)

    # Needs
    diet = models.CharField(_("diet"), max_length=12, choices=Diet.choices, blank=True)
    diet_note = models.CharField(_("diet, details"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    interpretation_language = models.CharField(
        _("interpretation into"), max_length=2, choices=INTERPRETATION_CHOICES, blank=True
    )
    needs_visa_letter = models.BooleanField(_("needs a visa invitation letter"), default=False)
    # For the visa invitation letter only; erased with the person's data.
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.ForeignKey(
        Country,
        verbose_name=_("nationality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Consent to data processing: the exact text version and when.
    consent_text = models.ForeignKey(
        ConsentText, verbose_name=_("consent text"), on_delete=models.PROTECT, related_name="+"
    )
    consent_given_at = models.DateTimeField(_("consent given"))

    # Follow-up after approval; the participant submits it once, an organiser may reopen it.
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    travel_details = models.TextField(_("travel details"), blank=True)
    follow_up_submitted_at = models.DateTimeField(_("follow-up submitted"), null=True, blank=True)

    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["edition", "created_at", "id"]
        indexes = [models.Index(fields=["edition", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(email=""),
                name="registration_one_active_per_email",
                violation_error_message=_("This e-mail address is already registered."),
            ),
            models.UniqueConstraint(
                fields=["edition", "person"],
                condition=Q(status__in=ACTIVE_STATUSES, person__isnull=False),
                name="registration_one_active_per_person",
                violation_error_message=_("This person is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(departure_at__isnull=True)
                | Q(arrival_at__isnull=True)
                | Q(departure_at__gte=models.F("arrival_at")),
                name="registration_departs_after_arrival",
                violation_error_message=_("Departure cannot be before arrival."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} – {self.edition}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def holds_place(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_partner_delegate(self) -> bool:
        return self.participant_type == ParticipantType.PARTNER_MUNICIPALITY

    @property
    def follow_up_is_open(self) -> bool:
        """Confirmed, and the follow-up form not yet submitted (or reopened)."""
        return self.holds_place and self.follow_up_submitted_at is None

    @property
    def body(self):
        """The municipality or organisation the person comes for."""
        return self.municipality or self.organisation

    def clean(self):
        errors = {}
        if self.email:
            self.email = self.email.strip().lower()
        if self.municipality_id and self.country_id != self.municipality.country_id:
            errors["country"] = _("The country must be the municipality's country.")
        if self.participant_type == ParticipantType.PARTNER_MUNICIPALITY:
            if not self.municipality_id:
                errors["municipality"] = _("Name the partner municipality.")
            elif self.municipality.is_german:
                errors["municipality"] = _("A partner municipality lies outside Germany.")
        if self.participant_type == ParticipantType.GERMAN_MUNICIPALITY:
            if not self.municipality_id:
                errors["municipality"] = _("Name the German municipality.")
            elif not self.municipality.is_german:
                errors["municipality"] = _("This municipality does not lie in Germany.")
        if self.participant_type == ParticipantType.CIVIL_SOCIETY and not self.organisation_id:
            errors["organisation"] = _("Name the organisation.")
        if self.diet == Diet.OTHER and not self.diet_note.strip():
            errors["diet_note"] = _("Describe the diet.")
        if self.needs_visa_letter and not self.is_partner_delegate:
            errors["needs_visa_letter"] = _(
                "Visa invitation letters are issued for partner delegates."
            )
        if self.arrival_at and self.departure_at and self.departure_at < self.arrival_at:
            errors["departure_at"] = _("Departure cannot be before arrival.")
        if errors:
            raise ValidationError(errors)
