"""Travel grants: partner delegates ask for travel, accommodation and per diem.

An application has one line per cost category. Organisers approve an amount
per line (at most what was asked), against the edition's travel-grant budget:
the approved amounts of an edition never add up to more than its budget
(`services.grants`, under a row lock on the edition).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .registration import Registration


class GrantCategory(models.TextChoices):
    TRAVEL = "travel", _("travel")
    ACCOMMODATION = "accommodation", _("accommodation")
    PER_DIEM = "per_diem", _("per diem")


class GrantStatus(models.TextChoices):
    # A context of their own: "submitted" and "decided" are also field labels ("submitted on").
    SUBMITTED = "submitted", pgettext_lazy("travel grant status", "submitted")
    DECIDED = "decided", pgettext_lazy("travel grant status", "decided")
    WITHDRAWN = "withdrawn", pgettext_lazy("travel grant status", "withdrawn")


class TravelGrantApplication(models.Model):
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="travel_grant",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.SUBMITTED
    )
    justification = models.TextField(_("why the grant is needed"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note_to_applicant = models.TextField(_("note to the applicant"), blank=True)

    class Meta:
        verbose_name = _("travel grant application")
        verbose_name_plural = _("travel grant applications")
        ordering = ["registration__edition", "submitted_at", "id"]

    def __str__(self):
        return f"{self.registration.full_name} – {self.get_status_display()}"

    @property
    def requested_total(self) -> Decimal:
        return sum((line.requested_amount for line in self.lines.all()), Decimal("0"))

    @property
    def approved_total(self) -> Decimal:
        return sum(
            (line.approved_amount or Decimal("0") for line in self.lines.all()), Decimal("0")
        )


class TravelGrantLine(models.Model):
    application = models.ForeignKey(
        TravelGrantApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    category = models.CharField(_("category"), max_length=15, choices=GrantCategory.choices)
    description = models.CharField(_("details"), max_length=200, blank=True)
    requested_amount = models.DecimalField(
        _("requested (EUR)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    approved_amount = models.DecimalField(
        _("approved (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Empty until decided; 0 declines the line."),
    )

    class Meta:
        verbose_name = _("travel grant line")
        verbose_name_plural = _("travel grant lines")
        ordering = ["application", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "category"],
                name="travel_grant_one_line_per_category",
                violation_error_message=_("Each cost category appears once per application."),
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True)
                | models.Q(approved_amount__lte=models.F("requested_amount")),
                name="travel_grant_approved_at_most_requested",
                violation_error_message=_("The approved amount cannot exceed the request."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.requested_amount}"
