"""The climate partnerships project, its phases, and the partnerships taking part."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.partnerships.models import Partnership
from partnerhub.reference.models import translated

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class ClimateProject(models.Model):
    """The project ("50 municipal climate partnerships by 2015") with its goal."""

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    goal_de = models.TextField(_("goal (German)"), blank=True)
    goal_en = models.TextField(_("goal (English)"), blank=True)
    goal_fr = models.TextField(_("goal (French)"), blank=True)
    goal_es = models.TextField(_("goal (Spanish)"), blank=True)
    goal_count = models.PositiveSmallIntegerField(
        _("goal: partnerships with an adopted programme"), default=50
    )
    goal_year = models.PositiveSmallIntegerField(
        _("goal: by the end of year"), default=2015, validators=YEAR_VALIDATORS
    )
    organiser = models.CharField(_("run by"), max_length=200, blank=True)
    project_partner = models.CharField(_("in cooperation with"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        verbose_name = _("climate partnerships project")
        verbose_name_plural = _("climate partnerships projects")
        ordering = ["id"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def goal(self) -> str:
        return translated(self, "goal")


class ProjectPhase(models.Model):
    """A phase or cohort of the project (pilot phase 2011, …)."""

    project = models.ForeignKey(
        ClimateProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="phases"
    )
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project phase")
        verbose_name_plural = _("project phases")
        ordering = ["project", "order", "start_year", "id"]

    def __str__(self):
        return f"{self.name} ({self.start_year})"

    @property
    def name(self) -> str:
        return translated(self, "name")


class ClimatePartnership(models.Model):
    """Membership of a partnership in the project.

    A climate partnership can live inside a town twinning or a project partnership: the
    partnership keeps its kind; taking part in the project is this record.
    """

    partnership = models.OneToOneField(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="climate_partnership",
    )
    phase = models.ForeignKey(
        ProjectPhase,
        verbose_name=_("phase"),
        on_delete=models.PROTECT,
        related_name="climate_partnerships",
    )
    joined_year = models.PositiveSmallIntegerField(_("joined (year)"), validators=YEAR_VALIDATORS)
    is_sample = models.BooleanField(_("sample record"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("climate partnership")
        verbose_name_plural = _("climate partnerships")
        ordering = ["partnership__german_municipality__name", "id"]

    def __str__(self):
        return str(self.partnership.german_municipality)
