"""Expert secondments: a climate partnership asks for an expert to go to the other side."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .programmes import Currency
from .project import ClimatePartnership


class Direction(models.TextChoices):
    GERMAN_TO_PARTNER = "german_to_partner", _("From the German side to the partner")
    PARTNER_TO_GERMAN = "partner_to_german", _("From the partner to the German side")


class SecondmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    REPORTED = "reported", _("Report received")


class ExpertSecondment(models.Model):
    climate_partnership = models.ForeignKey(
        ClimatePartnership,
        verbose_name=_("climate partnership"),
        on_delete=models.PROTECT,
        related_name="secondments",
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    purpose = models.TextField(_("purpose"))
    expert_role = models.CharField(
        _("expert's role"), max_length=200, help_text=_("e.g. energy manager of the city works")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SecondmentStatus.choices,
        default=SecondmentStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    report = models.TextField(_("report"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("report by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("report submitted"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        verbose_name = _("expert secondment")
        verbose_name_plural = _("expert secondments")
        ordering = ["-start_date", "-id"]

    def __str__(self):
        return f"{self.expert_role} ({self.start_date:%Y-%m-%d})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot come before the start.")})


class SecondmentCost(models.Model):
    secondment = models.ForeignKey(
        ExpertSecondment,
        verbose_name=_("secondment"),
        on_delete=models.CASCADE,
        related_name="costs",
    )
    description = models.CharField(_("cost item"), max_length=200)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["secondment", "id"]

    def __str__(self):
        return f"{self.description}: {self.amount} {self.currency}"
