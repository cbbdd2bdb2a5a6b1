"""Partnerships between a German municipality and its partner municipalities.

This is the base record that conferences, calls and climate partnerships
refer to. The rules (German side in Germany, partners abroad, at least one
partner) live in `Partnership.clean` and are applied by `services`.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import Municipality, SdgGoal, Theme, translated


class PartnershipKind(models.TextChoices):
    TOWN_TWINNING = "town_twinning", _("Town twinning")
    PROJECT = "project", _("Project or thematic partnership")
    CLIMATE = "climate", _("Climate partnership")


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class Partnership(models.Model):
    german_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("German municipality"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_german_side",
    )
    partners = models.ManyToManyField(
        Municipality,
        verbose_name=_("partner municipalities"),
        related_name="partnerships_as_partner",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind.choices)
    since_year = models.PositiveSmallIntegerField(
        _("since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.ACTIVE,
    )
    themes = models.JSONField(
        _("themes"), default=list, blank=True, help_text=_("Values of reference.Theme.")
    )
    sdgs = models.ManyToManyField(
        SdgGoal, verbose_name=_("SDGs"), blank=True, related_name="partnerships"
    )
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, null=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, null=True)
    # The stored search document (PostgreSQL; empty on SQLite), written only by
    # `search.refresh_search_vectors`; GIN index created by migration 0003.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["german_municipality__name", "id"]

    def __str__(self):
        return f"{self.german_municipality} – {self.get_kind_display()}"

    @property
    def description(self) -> str:
        return translated(self, "description")

    def theme_labels(self) -> list[str]:
        return [Theme(value).label for value in self.themes if value in Theme.values]

    def clean(self):
        if self.themes and set(self.themes) - set(Theme.values):
            raise ValidationError({"themes": _("Choose themes from the list.")})
        if self.german_municipality_id and not self.german_municipality.is_german:
            raise ValidationError(
                {"german_municipality": _("The German side must be a municipality in Germany.")}
            )


def validate_partners(german_municipality: Municipality, partners) -> None:
    """The partner side: at least one municipality, none of them in Germany or the German side."""
    partners = list(partners)
    if not partners:
        raise ValidationError(
            {"partners": _("A partnership needs at least one partner municipality.")}
        )
    german = [p.name for p in partners if p.is_german]
    if german:
        raise ValidationError(
            {
                "partners": _("Partner municipalities must lie outside Germany: %(names)s.")
                % {"names": ", ".join(german)}
            }
        )


class ContactSide(models.TextChoices):
    GERMAN = "german", _("German side")
    PARTNER = "partner", _("Partner side")


class PartnershipContact(models.Model):
    """A contact of a partnership as a role with a functional address, never a person's name."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=160, help_text=_("e.g. International relations office")
    )
    email = models.EmailField(_("functional e-mail address"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact role")
        verbose_name_plural = _("contact roles")
        ordering = ["partnership", "position", "id"]

    def __str__(self):
        return f"{self.role} ({self.municipality})"
