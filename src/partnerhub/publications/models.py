"""The publications catalogue and free orders of printed copies (DOMAIN.md §4).

* `Publication`: a numbered issue of a series ("Material Nr. 42") or a
  publication without a number (a declaration, an online publication, a
  guide). Titles and descriptions in four languages, at least in the
  original language; the date at the precision the sources give (often a
  month or only a year, `conferences.dates`); the languages it exists in; a
  topic; an optional PDF (checked to be a PDF by its content); the printed
  stock (`None`: not available in print) and how many copies one order may
  take. Where sources disagree (the workshop documentation is "Material 47"
  in one place of seed 004 and "Material 43" in another), both facts are kept:
  `number`, `alternative_number` and `source_note`.
* `PublicationOrder` with its `PublicationOrderLine`s: who ordered what, to
  which address. Orders change state (open → shipped / cancelled) only
  through `publications.services`, which holds the row locks that keep the
  stock from being oversold.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import LANGUAGE_CHOICES
from partnerhub.conferences.dates import DatePrecision, display_dates, normalise, partial_iso
from partnerhub.core.files import private_path, upload_problem
from partnerhub.reference.models import Country, translated

# Languages a publication may exist in: the platform's four and the partners' other languages.
PUBLICATION_LANGUAGES = [
    *LANGUAGE_CHOICES,
    ("pt", _("Portuguese")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
]
PUBLICATION_LANGUAGE_CODES = [code for code, _label in PUBLICATION_LANGUAGES]
PDF_MAX_MB = 20  # also in the help text of `Publication.pdf`
DEFAULT_ORDER_LIMIT = 10


class Topic(models.TextChoices):
    CLIMATE = "climate", _("Climate partnerships")
    CONFERENCES = "conferences", _("Partnership conferences")
    CONNECTIVE_CITIES = "connective_cities", _("Calls and Connective Cities")
    GENERAL = "general", _("Municipal development cooperation in general")


class Series(models.TextChoices):
    MATERIAL = "material", _("Material")


class PublicationKind(models.TextChoices):
    STUDY = "study", _("study")
    DOCUMENTATION = "documentation", _("documentation")
    DECLARATION = "declaration", _("declaration")
    GUIDE = "guide", _("guide")
    BROCHURE = "brochure", _("brochure")


def validate_languages(value: str) -> None:
    """A comma-separated list of known language codes, each once, at least one."""
    codes = [code.strip() for code in (value or "").split(",") if code.strip()]
    if not codes:
        raise ValidationError(_("Name at least one language the publication exists in."))
    unknown = [code for code in codes if code not in PUBLICATION_LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Name each language only once."))


def validate_pdf(value) -> None:
    """A new upload must be a PDF by its content and within the size limit.

    Files already stored (`_committed`) were checked when they were uploaded.
    """
    if not value or getattr(value, "_committed", True):
        return
    problem = upload_problem(value, kinds=("pdf",), max_bytes=PDF_MAX_MB * 1024 * 1024)
    if problem:
        raise ValidationError(problem)


def publication_upload_path(instance, filename: str) -> str:
    """Outside any public URL: the download view serves the file with safe headers."""
    return private_path("publications", f"{instance.slug}.pdf")


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_print(self):
        return self.filter(printed_stock__isnull=False, online_only=False)

    def in_language(self, code: str):
        # Codes are two letters joined by commas, so a two-letter substring matches one code.
        return self.filter(languages__contains=code)


class Publication(models.Model):
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    series = models.CharField(_("series"), max_length=20, choices=Series.choices, blank=True)
    number = models.PositiveIntegerField(_("number in the series"), null=True, blank=True)
    alternative_number = models.PositiveIntegerField(
        _("other number in the sources"),
        null=True,
        blank=True,
        help_text=_(
            "A different number under which a source lists the same publication; explain it "
            "in the source note."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="de"
    )
    title_de = models.CharField(_("title (German)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    published_on = models.DateField(
        _("date of publication"),
        null=True,
        blank=True,
        help_text=_("For a month or a year only, any day of it; the precision says which."),
    )
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.MONTH,
    )
    place = models.CharField(_("place of publication"), max_length=100, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=40,
        validators=[validate_languages],
        help_text=_("Language codes, comma-separated, e.g. de,en,fr."),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    online_only = models.BooleanField(
        _("online publication only"), default=False, help_text=_("Never printed.")
    )
    pdf = models.FileField(
        _("PDF file"),
        upload_to=publication_upload_path,
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF document (checked by its content) of at most 20 MB."),
    )
    printed_stock = models.PositiveIntegerField(
        _("printed copies in stock"),
        null=True,
        blank=True,
        help_text=_("Empty: not available in print. 0: out of stock for now."),
    )
    order_limit = models.PositiveSmallIntegerField(
        _("copies per order at most"),
        default=DEFAULT_ORDER_LIMIT,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    source_note = models.TextField(
        _("note on the sources"),
        blank=True,
        help_text=_("Where sources disagree or a fact is not stated, say so here."),
    )
    is_published = models.BooleanField(_("shown in the catalogue"), default=True)
    is_sample = models.BooleanField(_("sample"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = [models.F("published_on").desc(nulls_last=True), "series", "number", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=Q(number__isnull=False),
                name="publication_unique_number_in_series",
                violation_error_message=_("Another publication of this series has this number."),
            ),
            models.CheckConstraint(
                condition=(Q(number__isnull=True) & Q(alternative_number__isnull=True))
                | ~Q(series=""),
                name="publication_number_needs_series",
                violation_error_message=_("A number needs a series."),
            ),
            models.CheckConstraint(
                condition=Q(online_only=False) | Q(printed_stock__isnull=True),
                name="publication_online_only_not_in_print",
                violation_error_message=_("An online publication has no printed copies."),
            ),
            models.CheckConstraint(
                condition=Q(order_limit__gte=1),
                name="publication_order_limit_positive",
                violation_error_message=_("One order must be allowed at least one copy."),
            ),
        ]

    def __str__(self):
        number = self.display_number
        return f"{number}: {self.title}" if number else self.title

    def clean(self):
        errors = {}
        if not getattr(self, f"title_{self.original_language}", ""):
            errors[f"title_{self.original_language}"] = _(
                "Give the title in the original language of the publication."
            )
        if self.series == "" and (self.number is not None or self.alternative_number is not None):
            errors["series"] = _("A number needs a series.")
        if self.alternative_number is not None and self.alternative_number == self.number:
            errors["alternative_number"] = _("The other number differs from the number.")
        if self.alternative_number is not None and not self.source_note.strip():
            errors["source_note"] = _(
                "Explain in the source note where the other number comes from."
            )
        if self.online_only and self.printed_stock is not None:
            errors["printed_stock"] = _("An online publication has no printed copies.")
        if errors:
            raise ValidationError(errors)
        self.published_on = normalise(self.published_on, self.date_precision)

    # --- Reading ------------------------------------------------------------------------

    def _translated(self, field: str) -> str:
        return translated(self, field, fallback=(self.original_language, "en", "de", "fr", "es"))

    @property
    def title(self) -> str:
        return self._translated("title")

    @property
    def description(self) -> str:
        return self._translated("description")

    @property
    def title_is_translated(self) -> bool:
        """False when the title is shown in another language than the reader's."""
        from django.utils.translation import get_language

        return bool(getattr(self, f"title_{(get_language() or 'de')[:2]}", ""))

    @property
    def display_number(self) -> str:
        """ "Material no. 42" (in the reader's language), or "" without a number."""
        if self.number is None:
            return ""
        return _("%(series)s no. %(number)s") % {
            "series": self.get_series_display(),
            "number": self.number,
        }

    @property
    def display_alternative_number(self) -> str:
        if self.alternative_number is None:
            return ""
        return _("%(series)s no. %(number)s") % {
            "series": self.get_series_display(),
            "number": self.alternative_number,
        }

    @property
    def display_date(self) -> str:
        if self.published_on is None:
            return ""
        return display_dates(self.published_on, None, self.date_precision)

    @property
    def iso_date(self) -> str | None:
        if self.published_on is None:
            return None
        return partial_iso(self.published_on, self.date_precision)

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def language_names(self) -> list[str]:
        names = dict(PUBLICATION_LANGUAGES)
        return [str(names.get(code, code)) for code in self.language_codes]

    @property
    def in_print(self) -> bool:
        return self.printed_stock is not None and not self.online_only

    @property
    def orderable(self) -> bool:
        """In print with copies in stock (the order service decides about quantities)."""
        return self.in_print and self.printed_stock > 0

    @property
    def has_pdf(self) -> bool:
        return bool(self.pdf)


# --- Orders -----------------------------------------------------------------------------


class OrderStatus(models.TextChoices):
    OPEN = "open", _("open")
    SHIPPED = "shipped", _("shipped")
    CANCELLED = "cancelled", _("cancelled")


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


class PublicationOrder(models.Model):
    """An order of free printed copies, with the address they go to.

    Anybody may order, logged in or not; the page of the order is reached
    with its unguessable `access_token` (link in the confirmation e-mail).
    """

    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    organisation = models.CharField(
        _("recipient organisation or office"),
        max_length=200,
        help_text=_("e.g. City of Sampletown, Office for International Relations"),
    )
    attention = models.CharField(_("for the attention of (optional)"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    town = models.CharField(_("town"), max_length=100)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(
        _("language of the e-mails"), max_length=2, choices=LANGUAGE_CHOICES, default="de"
    )
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given"))
    access_token = models.CharField(max_length=64, unique=True, default=new_access_token)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publication_orders",
    )
    created_at = models.DateTimeField(_("ordered"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=300, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample"), default=False)

    class Meta:
        verbose_name = _("order of publications")
        verbose_name_plural = _("orders of publications")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return _("Order %(number)s") % {"number": self.pk}

    def clean(self):
        if (
            self.country_id == "DE"
            and self.postcode
            and not (len(self.postcode) == 5 and self.postcode.isdigit())
        ):
            raise ValidationError({"postcode": _("A German postcode has five digits.")})
        if self.country_id == "DE" and not self.postcode:
            raise ValidationError({"postcode": _("Give the postcode.")})

    @property
    def is_open(self) -> bool:
        return self.status == OrderStatus.OPEN


class PublicationOrderLine(models.Model):
    order = models.ForeignKey(
        PublicationOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="order_lines",
    )
    quantity = models.PositiveSmallIntegerField(_("copies"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("ordered publication")
        verbose_name_plural = _("ordered publications")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "publication"],
                name="publication_order_line_unique",
                violation_error_message=_("Each publication once per order."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="publication_order_line_quantity_positive",
                violation_error_message=_("Order at least one copy."),
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.publication}"
