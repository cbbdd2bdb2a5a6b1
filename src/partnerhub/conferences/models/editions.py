"""Partnership conference series, their editions and the parts of an edition (DOMAIN.md §1).

A series per world region (Africa, Asia, Latin America and the Caribbean, Eastern
Europe) rotates every three years; the German-Ukrainian partnership network
conference is a series of its own without a region of the rotation. Each edition
is organised with a German host municipality, may still have an open place
("N.N."), may be online and may come in several parts whose dates are known to
the day, the month or only the year. Where the sources disagree, the edition
keeps what one source says and `source_note` records the rest.

Content (titles, guiding questions, descriptions) is stored per language and
read with `reference.models.translated` (reader's language, then English …).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerhub.reference.models import Municipality, Region, SdgGoal, translated

from ..dates import DatePrecision, display_dates, normalise

ROTATION_REGIONS = (Region.AFRICA, Region.ASIA, Region.LATIN_AMERICA, Region.EASTERN_EUROPE)


class SeriesKind(models.TextChoices):
    REGIONAL = "regional", _("Regional conference")
    GERMAN_UKRAINIAN = "german_ukrainian", _("German-Ukrainian partnership network conference")
    CLIMATE_NETWORK = "climate_network", _("Network meeting of the climate partnerships")


class ConferenceSeries(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SeriesKind.choices, default=SeriesKind.REGIONAL
    )
    region = models.CharField(
        _("world region"),
        max_length=32,
        choices=[(r.value, r.label) for r in ROTATION_REGIONS],
        blank=True,
        help_text=_("The region of the rotation; empty for the German-Ukrainian network."),
    )
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    rotation_years = models.PositiveSmallIntegerField(
        _("rotation (years)"),
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Years between two editions; empty when the sources state no rotation."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("conference series")
        verbose_name_plural = pgettext_lazy("plural", "conference series")
        ordering = ["position", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=~models.Q(region=""),
                name="conference_series_one_per_region",
                violation_error_message=_("There is already a conference series for this region."),
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
    def is_regional(self) -> bool:
        return self.kind == SeriesKind.REGIONAL

    def clean(self):
        if self.kind == SeriesKind.REGIONAL and not self.region:
            raise ValidationError({"region": _("A regional conference series needs a region.")})
        if self.kind != SeriesKind.REGIONAL and self.region:
            raise ValidationError(
                {"region": _("Only regional conference series belong to a region of the rotation.")}
            )


class EditionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    REGISTRATION_OPEN = "registration_open", _("registration open")
    REGISTRATION_CLOSED = "registration_closed", _("registration closed")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class EditionQuerySet(models.QuerySet):
    def locked(self, pk: int) -> "Edition":
        """The edition, read with its row locked until the transaction ends.

        What changes places, travel grants or the programme's assignment of an
        edition takes this lock first, so that such changes queue behind each
        other. NO KEY UPDATE, not UPDATE: inserting a row that refers to the
        edition (a registration) takes a KEY SHARE lock on the edition's row,
        which conflicts with FOR UPDATE but not with FOR NO KEY UPDATE. So a
        transaction may insert registrations first and lock the edition
        afterwards without two such transactions waiting for each other. Nothing
        that takes it changes an edition's key. (`services/places.py` takes the
        same lock in its own SQL.)
        """
        return self.select_for_update(no_key=True).get(pk=pk)


class Edition(models.Model):
    """One numbered conference of a series.

    The place is open ("N.N.") when it is neither online nor named; the year of an
    edition is the year of its first part.
    """

    series = models.ForeignKey(
        ConferenceSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="editions",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    host_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("host municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_conference_editions",
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Empty while the place is open (N.N.)."),
    )
    is_online = models.BooleanField(_("online"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.PLANNED
    )
    title_de = models.CharField(_("title (German)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=250, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=250, blank=True)
    guiding_question_de = models.TextField(_("guiding question (German)"), blank=True)
    guiding_question_en = models.TextField(_("guiding question (English)"), blank=True)
    guiding_question_fr = models.TextField(_("guiding question (French)"), blank=True)
    guiding_question_es = models.TextField(_("guiding question (Spanish)"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    sdgs = models.ManyToManyField(
        SdgGoal, verbose_name=_("SDGs"), blank=True, related_name="conference_editions"
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("Where the facts come from, and where sources disagree."),
    )
    # Registration, configured per edition (see models/registration.py).
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Confirmed participants at most; empty for no limit."),
    )
    is_moderated = models.BooleanField(
        _("moderated"),
        default=False,
        help_text=_("Organisers approve every registration before it is confirmed."),
    )
    travel_budget = models.DecimalField(
        _("travel grant budget (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Set by services.edition_create_from_interest: one interest becomes at most one edition.
    hosting_interest = models.OneToOneField(
        "HostingInterest",
        verbose_name=_("created from the interest in hosting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edition",
        editable=False,
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference edition")
        verbose_name_plural = _("conference editions")
        ordering = ["series__position", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                name="conference_edition_unique_number",
                violation_error_message=_("This series already has an edition with this number."),
            )
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        title = translated(self, "title")
        if title:
            return title
        return str(_("%(series)s, edition %(number)s")) % {
            "series": self.series.title,
            "number": self.number,
        }

    @property
    def guiding_question(self) -> str:
        return translated(self, "guiding_question")

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def place_is_open(self) -> bool:
        """N.N.: neither online nor a named place."""
        return not self.is_online and not self.place

    @property
    def place_display(self) -> str:
        if self.is_online and self.place:
            return str(_("%(place)s and online")) % {"place": self.place}
        if self.is_online:
            return str(_("online"))
        if self.place:
            return self.place
        if self.status == EditionStatus.HELD:
            return str(_("place not recorded in the sources"))
        return str(_("place to be announced"))

    @property
    def ordered_parts(self) -> list["EditionPart"]:
        """The parts by start date (uses a prefetch of `parts` when there is one)."""
        return sorted(self.parts.all(), key=lambda part: (part.start, part.pk or 0))

    @property
    def year(self) -> int | None:
        parts = self.ordered_parts
        return parts[0].start.year if parts else None

    @property
    def dates_display(self) -> str:
        parts = self.ordered_parts
        if not parts:
            return str(_("dates to be announced"))
        return str(get_text_list([part.dates_display for part in parts], _("and")))

    @property
    def start_date(self):
        """The first day of the first part (the date that decides ODA eligibility)."""
        parts = self.ordered_parts
        return parts[0].start if parts else None

    def registration_is_open(self, now=None) -> bool:
        """Status "registration open" and, when set, inside the opening window."""
        now = now or timezone.now()
        if self.status != EditionStatus.REGISTRATION_OPEN:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    @property
    def is_past_year(self) -> bool:
        year = self.year
        return year is not None and year < timezone.localdate().year

    @property
    def registration_opens_later(self) -> bool:
        """Planned and not in a past year: registration has not opened yet."""
        return self.status == EditionStatus.PLANNED and not self.is_past_year

    @property
    def outcome_unknown(self) -> bool:
        """Planned in a past year: the sources do not record whether it took place."""
        return self.status == EditionStatus.PLANNED and self.is_past_year

    def clean(self):
        if self.host_municipality_id and not self.host_municipality.is_german:
            raise ValidationError(
                {"host_municipality": _("The host municipality must be a municipality in Germany.")}
            )
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )


class EditionPart(models.Model):
    """A part of an edition: its dates at a precision, e.g. online 17 Sep 2020 and Nov 2020."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="parts"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Month or year: the date is stored as the first day of the month or year."),
    )
    label_de = models.CharField(_("label (German)"), max_length=120, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=120, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=120, blank=True)
    label_es = models.CharField(_("label (Spanish)"), max_length=120, blank=True)
    is_online = models.BooleanField(_("online"), default=False)

    class Meta:
        verbose_name = _("part of an edition")
        verbose_name_plural = _("parts of an edition")
        ordering = ["edition", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="conference_part_ends_after_start",
                violation_error_message=_("A part cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(precision=DatePrecision.YEAR) | models.Q(end__isnull=True),
                name="conference_part_year_precision_without_end",
                violation_error_message=_("A part known only to the year has no end date."),
            ),
        ]

    def __str__(self):
        return f"{self.edition}: {self.dates_display}"

    @property
    def label(self) -> str:
        return translated(self, "label")

    @property
    def dates_display(self) -> str:
        return display_dates(self.start, self.end, self.precision)

    @property
    def is_dated_to_the_day(self) -> bool:
        return self.precision == DatePrecision.DAY

    def clean(self):
        self.start = normalise(self.start, self.precision)
        self.end = normalise(self.end, self.precision)
        if self.precision == DatePrecision.YEAR and self.end is not None:
            raise ValidationError({"end": _("A part known only to the year has no end date.")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A part cannot end before it starts.")})


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class HostingInterest(models.Model):
    """A German municipality offers to host an edition of a series in a year.

    Organisers accept or decline it (`services.hosting_interest_decide`), with a
    reason for a decline; the decision is kept in the audit trail.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="conference_hosting_interests",
    )
    series = models.ForeignKey(
        ConferenceSeries,
        verbose_name=_("series"),
        on_delete=models.CASCADE,
        related_name="hosting_interests",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("interest in hosting")
        verbose_name_plural = _("interests in hosting")
        ordering = ["year", "series__position", "id"]

    def __str__(self):
        return f"{self.municipality} – {self.series} {self.year}"

    def clean(self):
        if self.municipality_id and not self.municipality.is_german:
            raise ValidationError(
                {"municipality": _("Only German municipalities host partnership conferences.")}
            )
