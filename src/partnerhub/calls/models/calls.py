"""A call for topic proposals and its evaluation criteria (DOMAIN.md §2).

The deadline is a moment in German time: stored in UTC, entered and shown in
Europe/Berlin. "17 Feb 2026" means until 23:59:59 that day in Berlin; a
proposal submitted at 00:00:00 on the 18th is late.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import MunicipalityKind, translated


class ThemeField(models.TextChoices):
    INTEGRATED_URBAN_DEVELOPMENT = (
        "integrated_urban_development",
        _("Integrated urban development (e.g. climate resilience)"),
    )
    MUNICIPAL_SERVICES = "municipal_services", _("Municipal services (e.g. waste)")
    GOOD_URBAN_GOVERNANCE = (
        "good_urban_governance",
        _("Good urban governance (e.g. inclusion, digitalisation)"),
    )
    LOCAL_ECONOMIC_DEVELOPMENT = (
        "local_economic_development",
        _("Local economic development (e.g. start-ups)"),
    )


# The four sections of the application form, in order (DOMAIN.md §2, "A proposal contains").
SECTIONS = ("topic_background", "learning_and_contribution", "knowledge_transfer", "further_goals")


class Call(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    text_de = models.TextField(_("text (German)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    eligible_kinds = models.JSONField(
        _("who may apply"),
        default=list,
        help_text=_("Kinds of German municipal bodies that may submit proposals."),
    )
    theme_fields = models.JSONField(_("theme fields"), default=list)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    selection_by = models.DateField(_("selection by"), null=True, blank=True)
    events_from = models.DateField(_("events from"), null=True, blank=True)
    section_limits = models.JSONField(
        _("characters per section"),
        default=dict,
        help_text=_("Maximum characters for each section of the form."),
    )
    total_limit = models.PositiveIntegerField(
        _("characters in all"),
        default=7000,
        help_text=_("About two pages of the application form."),
    )
    max_upload_mb = models.PositiveSmallIntegerField(
        _("largest upload (MB)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A role and a functional address, never a person's own."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-deadline"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def text(self) -> str:
        return translated(self, "text")

    def is_open(self, now=None) -> bool:
        """Published, opened, and the deadline not yet passed (to the second)."""
        now = now or timezone.now()
        if not self.is_published or (self.opens_at and now < self.opens_at):
            return False
        return now <= self.deadline

    def limit_for(self, section: str) -> int | None:
        value = (self.section_limits or {}).get(section)
        return int(value) if value else None

    @property
    def theme_field_choices(self) -> list[tuple[str, str]]:
        return [(value, ThemeField(value).label) for value in self.theme_fields]

    def clean(self):
        errors = {}
        kinds = set(MunicipalityKind.values)
        if not self.eligible_kinds or set(self.eligible_kinds) - kinds:
            errors["eligible_kinds"] = _("Choose who may apply from the kinds of municipal bodies.")
        if not self.theme_fields or set(self.theme_fields) - set(ThemeField.values):
            errors["theme_fields"] = _("Choose at least one theme field.")
        unknown = set(self.section_limits or {}) - set(SECTIONS)
        if unknown:
            errors["section_limits"] = _("Unknown sections: %(names)s") % {
                "names": ", ".join(sorted(unknown))
            }
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must come after the call opens.")
        if self.selection_by and self.deadline and self.selection_by < self.deadline.date():
            errors["selection_by"] = _("Selection cannot come before the deadline.")
        if errors:
            raise ValidationError(errors)


class CriterionKind(models.TextChoices):
    SCORED = "scored", _("scored 0–5")
    PASS_FAIL = "pass_fail", _("pass or fail")


class AutoCheck(models.TextChoices):
    """Criteria that the data of a proposal can decide by itself."""

    NONE = "", _("none")
    PARTNER_COUNTRIES = (
        "partner_countries",
        _("actors from two further countries, one of the South"),
    )
    FOLLOW_UP = "follow_up", _("willing to take part in follow-up activities")
    MUNICIPAL_SUPPORT = "municipal_support", _("supported by the municipality")


class Criterion(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_de = models.CharField(_("title (German)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.SCORED
    )
    weight = models.DecimalField(
        _("weight"), max_digits=4, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    auto_check = models.CharField(
        _("checked from the data"), max_length=20, choices=AutoCheck.choices, blank=True
    )

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="criterion_unique_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def is_scored(self) -> bool:
        return self.kind == CriterionKind.SCORED
