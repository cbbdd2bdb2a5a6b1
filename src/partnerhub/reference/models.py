"""Reference data the platform owns: countries, DAC lists, SDGs, municipalities.

Countries, DAC lists and SDGs are loaded from the versioned CSV files in
`reference/data/` (see its README for sources and dates). ODA eligibility is
never a flag on the country: it is answered from the list in force on a date
(`reference.queries.oda_status`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("de", "en", "fr", "es")


def _language() -> str:
    code = (get_language() or "de")[:2]
    return code if code in LANGUAGE_CODES else "en"


def translated(obj, field: str, fallback: tuple[str, ...] = ("en", "de", "fr", "es")) -> str:
    """The value of `field_<lang>` in the reader's language, else the first filled fallback."""
    for code in (_language(), *fallback):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class Region(models.TextChoices):
    """World regions as the programmes use them (see reference/data/README.md)."""

    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia")
    LATIN_AMERICA = "latin_america", _("Latin America and the Caribbean")
    EASTERN_EUROPE = "eastern_europe", _("Eastern Europe")
    GERMANY = "germany", _("Germany")
    OTHER_INDUSTRIALISED = "other_industrialised", _("Other industrialised countries")


class Theme(models.TextChoices):
    """Theme fields shared by partnerships, calls and matchmaking (the call's four come first)."""

    INTEGRATED_URBAN_DEVELOPMENT = "integrated_urban_development", _("Integrated urban development")
    MUNICIPAL_SERVICES = "municipal_services", _("Municipal services")
    GOOD_URBAN_GOVERNANCE = "good_urban_governance", _("Good urban governance")
    LOCAL_ECONOMIC_DEVELOPMENT = "local_economic_development", _("Local economic development")
    CLIMATE_MITIGATION = "climate_mitigation", _("Climate mitigation")
    CLIMATE_ADAPTATION = "climate_adaptation", _("Climate adaptation")
    WATER_SANITATION = "water_sanitation", _("Water and sanitation")
    WASTE_MANAGEMENT = "waste_management", _("Waste management")
    ENERGY = "energy", _("Energy")
    MOBILITY = "mobility", _("Mobility")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    CULTURE = "culture", _("Culture and exchange")
    MIGRATION = "migration", _("Migration and development")
    FAIR_TRADE = "fair_trade", _("Fair trade and procurement")


class Confidence(models.TextChoices):
    VERIFIED = "verified", _("verified")
    RECONSTRUCTED = "reconstructed", _("reconstructed")
    UNVERIFIED = "unverified", _("unverified")


class Country(models.Model):
    """A country or territory (ISO 3166-1; Kosovo as the user-assigned code XK)."""

    iso2 = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)
    is_iso_code = models.BooleanField(
        _("official ISO code"),
        default=True,
        help_text=_("False for user-assigned codes such as XK (Kosovo)."),
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


class IncomeGroup(models.TextChoices):
    LDC = "LDC", _("Least developed country")
    OLIC = "OLIC", _("Other low income country")
    LMIC = "LMIC", _("Lower middle income country")
    UMIC = "UMIC", _("Upper middle income country")


class DacList(models.Model):
    """One version of the OECD DAC List of ODA Recipients, valid for whole flow years."""

    list_id = models.CharField(_("list"), max_length=20, primary_key=True)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        verbose_name = _("DAC list")
        verbose_name_plural = _("DAC lists")
        ordering = ["effective_from"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        first = self.effective_from.year
        last = self.effective_to.year if self.effective_to else None
        if last == first:
            return _("DAC list for %(year)s flows") % {"year": first}
        if last is None:
            return _("DAC list for flows from %(year)s") % {"year": first}
        return _("DAC list for %(first)s–%(last)s flows") % {"first": first, "last": last}


class DacListEntry(models.Model):
    """A recipient on one DAC list, with its income group and how sure we are."""

    dac_list = models.ForeignKey(DacList, on_delete=models.CASCADE, related_name="entries")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="dac_entries")
    group = models.CharField(_("income group"), max_length=4, choices=IncomeGroup.choices)
    confidence = models.CharField(_("confidence"), max_length=16, choices=Confidence.choices)
    source_url = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("DAC list entry")
        verbose_name_plural = _("DAC list entries")
        constraints = [
            models.UniqueConstraint(fields=["dac_list", "country"], name="dac_entry_unique")
        ]

    def __str__(self):
        return f"{self.dac_list_id} {self.country_id} {self.group}"

    @property
    def is_unverified(self) -> bool:
        return self.confidence == Confidence.UNVERIFIED


class DacChangeKind(models.TextChoices):
    ADDED = "added", _("added to the list")
    GRADUATED = "graduated", _("graduated from the list")
    REGROUPED = "regrouped", _("moved to another income group")


class DacChange(models.Model):
    """A documented change between consecutive DAC lists (graduation, regrouping, addition)."""

    date = models.DateField(_("date"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="dac_changes")
    change = models.CharField(_("change"), max_length=40, choices=DacChangeKind.choices)
    from_group = models.CharField(_("from"), max_length=4, blank=True)
    to_group = models.CharField(_("to"), max_length=4, blank=True)
    source_url = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("DAC list change")
        verbose_name_plural = _("DAC list changes")
        ordering = ["date", "country_id"]
        constraints = [
            models.UniqueConstraint(fields=["date", "country"], name="dac_change_unique")
        ]

    def __str__(self):
        return f"{self.date} {self.country_id} {self.change}"


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    short_title_de = models.CharField(max_length=120)
    short_title_en = models.CharField(max_length=120)
    short_title_fr = models.CharField(max_length=120)
    short_title_es = models.CharField(max_length=120)
    full_title_de = models.TextField(blank=True)
    full_title_en = models.TextField(blank=True)
    full_title_fr = models.TextField(blank=True)
    full_title_es = models.TextField(blank=True, help_text=_("Empty: no cited source yet."))
    source_urls = models.TextField(blank=True)
    confidence = models.CharField(max_length=16, choices=Confidence.choices)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")
        ordering = ["number"]

    def __str__(self):
        return f"SDG {self.number}: {self.short_title}"

    @property
    def short_title(self) -> str:
        return translated(self, "short_title")

    @property
    def full_title(self) -> str:
        return translated(self, "full_title")

    @property
    def full_title_is_translated(self) -> bool:
        """False when the reader's language has no sourced full title (a fallback is shown)."""
        return bool(getattr(self, f"full_title_{_language()}", ""))


class SdgTarget(models.Model):
    """One of the 169 SDG targets; German and Spanish titles stay empty until sourced."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(help_text=_("Order within the goal."))
    title_en = models.TextField()
    title_fr = models.TextField(blank=True)
    title_de = models.TextField(blank=True, help_text=_("Empty: no cited source yet."))
    title_es = models.TextField(blank=True, help_text=_("Empty: no cited source yet."))
    source_url = models.TextField(blank=True)

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["goal", "position"]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def title_is_translated(self) -> bool:
        return bool(getattr(self, f"title_{_language()}", ""))

    @property
    def missing_languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if not getattr(self, f"title_{code}")]


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("City")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")
    MUNICIPAL_COMPANY = "municipal_company", _("Municipal company")


def validate_official_key(value: str) -> None:
    """German official keys: 5 digits (district), 8 (AGS) or 12 (Regionalschlüssel)."""
    if not value.isdigit() or len(value) not in (5, 8, 12):
        raise ValidationError(
            _("The official key has 5, 8 or 12 digits (district key, AGS or ARS)."),
            code="official_key",
        )


class Municipality(models.Model):
    """A local authority (or municipal company) in Germany or a partner country."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("short name in addresses"), max_length=180, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=MunicipalityKind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="municipalities"
    )
    official_key = models.CharField(
        _("official key (AGS)"),
        max_length=12,
        blank=True,
        validators=[validate_official_key],
        help_text=_("Amtlicher Gemeindeschlüssel or Regionalschlüssel; German ones only."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. de, en, fr, es, pt."),
    )
    hidden_from_suggestions = models.BooleanField(
        _("hidden from partner suggestions"),
        default=False,
        help_text=_("Not suggested to other municipalities as a possible partner."),
    )
    is_sample = models.BooleanField(
        _("sample record"), default=False, help_text=_("Invented for the demo; not a real record.")
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["official_key"],
                condition=~models.Q(official_key=""),
                name="municipality_official_key_unique",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="municipality_coordinates_both_or_none",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_german(self) -> bool:
        return self.country_id == "DE"

    def clean(self):
        errors = {}
        if self.official_key and self.country_id and not self.is_german:
            errors["official_key"] = _("Only German municipalities have an official key (AGS).")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    NGO = "ngo", _("Non-governmental organisation")
    FOUNDATION = "foundation", _("Foundation")
    INITIATIVE = "initiative", _("Initiative or network")
    OTHER = "other", _("Other civil-society actor")


class Organisation(models.Model):
    """A civil-society actor (association, NGO …), often working with a municipality."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="organisations"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("based in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.municipality_id and self.country_id):
            return
        if self.municipality.country_id != self.country_id:
            message = _("The municipality lies in another country than the organisation.")
            raise ValidationError({"municipality": message})
