"""Joint action programmes: one per climate partnership, kept in numbered versions.

A version moves draft → agreed (both sides approved) → adopted; a later version
supersedes the adopted one only when it is adopted itself. Who may move it and the
rules across records (approvals cleared by edits, targets of the same version, …)
live in `climate.services.programmes`; this module holds the data and the
invariants of a single record.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import Municipality

from .project import YEAR_VALIDATORS, ClimatePartnership


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed by both partners")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded by a later version")


# Versions the public may read: adopted ones, and those a later adoption replaced.
PUBLIC_STATUSES = (ProgrammeStatus.ADOPTED, ProgrammeStatus.SUPERSEDED)
OPEN_STATUSES = (ProgrammeStatus.DRAFT, ProgrammeStatus.AGREED)


class Side(models.TextChoices):
    GERMAN = "german", _("German side")
    PARTNER = "partner", _("Partner side")


class TargetKind(models.TextChoices):
    MITIGATION = "mitigation", _("Mitigation")
    ADAPTATION = "adaptation", _("Adaptation")


class Unit(models.TextChoices):
    """The units an indicator may be measured in (a progress value must use the same)."""

    T_CO2E = "t_co2e", _("tonnes CO₂ equivalent")
    T_CO2E_PER_YEAR = "t_co2e_year", _("tonnes CO₂ equivalent per year")
    MWH_PER_YEAR = "mwh_year", _("MWh per year")
    KWP = "kwp", _("kWp installed")
    PERCENT = "percent", _("per cent")
    HECTARES = "ha", _("hectares")
    KILOMETRES = "km", _("kilometres")
    TREES = "trees", _("trees")
    HOUSEHOLDS = "households", _("households")
    PEOPLE = "people", _("people")
    BUILDINGS = "buildings", _("buildings")
    CUBIC_METRES = "m3", _("cubic metres")
    TONNES = "t", _("tonnes")
    COUNT = "count", _("number")

    @classmethod
    def symbol(cls, value: str) -> str:
        return str(dict(cls.choices).get(value, value))


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    SUSPENDED = "suspended", _("Suspended")


class Currency(models.TextChoices):
    EUR = "EUR", _("euro (EUR)")
    USD = "USD", _("US dollar (USD)")
    GHS = "GHS", _("Ghanaian cedi (GHS)")
    TZS = "TZS", _("Tanzanian shilling (TZS)")
    ZAR = "ZAR", _("South African rand (ZAR)")
    XOF = "XOF", _("CFA franc (XOF)")
    KES = "KES", _("Kenyan shilling (KES)")


class ActionProgramme(models.Model):
    """The joint action programme of one climate partnership (the versions hold the content)."""

    climate_partnership = models.OneToOneField(
        ClimatePartnership,
        verbose_name=_("climate partnership"),
        on_delete=models.PROTECT,
        related_name="programme",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("action programme")
        verbose_name_plural = _("action programmes")
        ordering = ["id"]

    def __str__(self):
        return str(
            _("Action programme of %(partnership)s") % {"partnership": self.climate_partnership}
        )


class ProgrammeVersion(models.Model):
    programme = models.ForeignKey(
        ActionProgramme,
        verbose_name=_("action programme"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    department_international = models.CharField(
        _("German side: department of international relations"), max_length=200, blank=True
    )
    department_environment = models.CharField(
        _("German side: department of environment and climate"), max_length=200, blank=True
    )
    civil_society_actors = models.TextField(
        _("selected civil-society actors"),
        blank=True,
        help_text=_("Organisations taking part on either side, one per line."),
    )
    german_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for the German side by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    german_approved_at = models.DateTimeField(
        _("approved for the German side"), null=True, blank=True
    )
    partner_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for the partner side by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partner_approved_at = models.DateTimeField(
        _("approved for the partner side"), null=True, blank=True
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adoption recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adoption recorded"), null=True, blank=True)
    decision_date = models.DateField(_("date of the decision to adopt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("action programme version")
        verbose_name_plural = _("action programme versions")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="climate_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status="adopted"),
                name="climate_one_adopted_version",
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status__in=["draft", "agreed"]),
                name="climate_one_open_version",
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {_('version')} {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def approved_by_side(self, side: str) -> bool:
        return bool(getattr(self, f"{side}_approved_at"))


class FieldOfAction(models.Model):
    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="fields_of_action",
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.name


class Target(models.Model):
    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    # Carried over to the copy when a new version is started, so that progress can be followed
    # across versions.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    kind = models.CharField(
        _("mitigation or adaptation"), max_length=12, choices=TargetKind.choices
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality it concerns"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=YEAR_VALIDATORS)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["version", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="climate_target_year_after_baseline",
            ),
        ]

    def __str__(self):
        return self.indicator

    @property
    def unit_label(self) -> str:
        return Unit.symbol(self.unit)

    def clean(self):
        if (
            self.baseline_year is not None
            and self.target_year is not None
            and self.target_year <= self.baseline_year
        ):
            raise ValidationError(
                {"target_year": _("The target year must come after the baseline year.")},
                code="target_year",
            )

    def path_value(self, year: int):
        """The value on the straight path from baseline to target in `year` (None outside)."""
        if not (self.baseline_year <= year <= self.target_year):
            return None
        span = self.target_year - self.baseline_year
        share = (year - self.baseline_year) / span
        return float(self.baseline_value) + share * float(self.target_value - self.baseline_value)


class Measure(models.Model):
    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("mitigation or adaptation"), max_length=12, choices=TargetKind.choices
    )
    targets = models.ManyToManyField(
        Target, verbose_name=_("targets it serves"), related_name="measures"
    )
    responsible_german = models.CharField(
        _("responsible department (German side)"), max_length=200, blank=True
    )
    responsible_partner = models.CharField(
        _("responsible department (partner side)"), max_length=200, blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    staff_person_days = models.DecimalField(
        _("staff time (person-days)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    money_amount = models.DecimalField(
        _("money needed"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    money_currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$")],
    )
    know_how = models.TextField(_("know-how needed"), blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end of a measure cannot come before its start.")
        if self.money_amount is not None and not self.money_currency:
            errors["money_currency"] = _("Give the currency of the amount.")
        if errors:
            raise ValidationError(errors)
