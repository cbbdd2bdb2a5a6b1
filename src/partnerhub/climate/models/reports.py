"""Yearly progress reports on the adopted version of an action programme."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .programmes import ActionProgramme, Measure, MeasureStatus, ProgrammeVersion, Target, Unit
from .project import YEAR_VALIDATORS


class ProgressReport(models.Model):
    programme = models.ForeignKey(
        ActionProgramme,
        verbose_name=_("action programme"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("reported on version"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    narrative = models.TextField(_("narrative"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["programme", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"], name="climate_one_report_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class IndicatorValue(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["report", "target__order", "target_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target"], name="climate_one_value_per_target"
            ),
        ]

    def __str__(self):
        return f"{self.value} {Unit.symbol(self.unit)}"


class MeasureProgress(models.Model):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="measure_statuses",
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="progress"
    )
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("status of a measure")
        verbose_name_plural = _("status of measures")
        ordering = ["report", "measure__order", "measure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "measure"], name="climate_one_status_per_measure"
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.get_status_display()}"
