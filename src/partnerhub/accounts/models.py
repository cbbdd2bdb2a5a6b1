"""People, their memberships in municipalities and organisations, and platform roles.

A person logs in with their e-mail address. E-mail addresses are compared
without regard to case everywhere (log-in, password reset, uniqueness), so
they are stored in lower case and a database constraint on `Lower(email)`
keeps "A@example.org" and "a@example.org" from becoming two people.

Erasure (GDPR) never deletes a person: `services.person_erase` anonymises the
row so that memberships, audit events and everything else that points to it
still count in statistics.
"""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import Municipality, Organisation, translated

LANGUAGE_CHOICES = [
    ("de", _("German")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]


class PersonManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The whole address in lower case: log-in and uniqueness ignore case."""
        return super().normalize_email(email or "").strip().lower()

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A person needs an e-mail address to log in.")
        person = self.model(email=self.normalize_email(email), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, is_organiser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class PlatformRole(models.TextChoices):
    """Roles a person holds on the platform itself, independent of memberships."""

    ORGANISER = "organiser", _("Organiser")
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN_ACCESS = "admin_access", _("Access to the administration")
    SUPERUSER = "superuser", _("Superuser")


class Person(AbstractBaseUser, PermissionsMixin):
    """Somebody who logs in with an e-mail address.

    Platform roles are flags: organiser staff of the service agency, and
    reviewers (who are assigned to calls later). What a person may do for a
    municipality or organisation comes from their memberships.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=LANGUAGE_CHOICES, default="de"
    )
    job_title = models.CharField(_("function or department"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin access"), default=False, help_text=_("May log in to the admin site.")
    )
    is_organiser = models.BooleanField(
        _("organiser"),
        default=False,
        help_text=_("Staff of the service agency running the programmes."),
    )
    is_reviewer = models.BooleanField(
        _("reviewer"), default=False, help_text=_("Member of the pool of reviewers for calls.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="person_email_unique_ignoring_case",
                violation_error_message=_("A person with this e-mail address already exists."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def platform_roles(self) -> list[PlatformRole]:
        """The platform roles this person holds, in a fixed order (for pages and exports)."""
        flags = {
            PlatformRole.ORGANISER: self.is_organiser,
            PlatformRole.REVIEWER: self.is_reviewer,
            PlatformRole.ADMIN_ACCESS: self.is_staff,
            PlatformRole.SUPERUSER: self.is_superuser,
        }
        return [role for role, held in flags.items() if held]


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Administrator")


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Memberships in force on `on` (today): started, and not ended on or before that day."""
        on = on or timezone.localdate()
        return self.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=on), since__lte=on)


class Membership(models.Model):
    """A person acts for exactly one municipality or one organisation, in a role.

    Memberships are ended (`ended_at`), not deleted, so that history and
    statistics stay; permission rules only look at current memberships.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    department = models.CharField(_("department"), max_length=150, blank=True)
    since = models.DateField(_("since"), default=timezone.localdate)
    ended_at = models.DateField(_("ended"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-since", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, organisation__isnull=True)
                    | Q(municipality__isnull=True, organisation__isnull=False)
                ),
                name="membership_one_body",
                violation_error_message=_(
                    "A membership is either in a municipality or in an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("since")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["person", "municipality"],
                condition=Q(ended_at__isnull=True, municipality__isnull=False),
                name="membership_one_open_per_municipality",
                violation_error_message=_("This person is already a member of this municipality."),
            ),
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(ended_at__isnull=True, organisation__isnull=False),
                name="membership_one_open_per_organisation",
                violation_error_message=_("This person is already a member of this organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.body} ({self.get_role_display()})"

    @property
    def body(self):
        return self.municipality or self.organisation

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.since <= today and (self.ended_at is None or self.ended_at > today)


class ConsentTextQuerySet(models.QuerySet):
    def in_force(self, purpose: str):
        """The newest published version of the text for a purpose, or None."""
        return (
            self.filter(purpose=purpose, published_at__lte=timezone.now())
            .order_by("-published_at", "-id")
            .first()
        )


class ConsentPurpose(models.TextChoices):
    CONFERENCE_REGISTRATION = "conference_registration", _("Registration for a conference")


class ConsentText(models.Model):
    """A versioned text people agree to before their data is processed (GDPR Art. 7).

    A consent given points at the exact version shown, with the time, so that
    the organiser can prove what somebody agreed to. Versions are never edited
    once published; a change is a new version.
    """

    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    version = models.CharField(_("version"), max_length=20)
    text_de = models.TextField(_("text (German)"))
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version"],
                name="consent_text_unique_version",
                violation_error_message=_("This version of the text exists already."),
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.version}"

    @property
    def text(self) -> str:
        return translated(self, "text")


class ApiToken(models.Model):
    """A personal token with which a program calls the JSON API in a person's name.

    Only a hash of the secret is stored (SHA-256 of a random 256-bit value, so a
    salt adds nothing): the secret is shown once, when the token is created
    (`services.api_token_create`), and cannot be recovered. `prefix` is the
    first characters of the secret, so that people can tell their tokens
    apart. A revoked token stays (with `revoked_at`) as a record of what
    existed; it no longer authenticates.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the program using it.")
    )
    prefix = models.CharField(_("beginning of the token"), max_length=16, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["person", "-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TwoFactorDevice(models.Model):
    """A person's authenticator app (TOTP, RFC 6238: 6 digits, 30 seconds, SHA-1).

    The secret has to be stored readable (the server computes the same codes);
    it is shown once while the device is set up. `confirmed_at` is set when the
    person has typed a first correct code; an unconfirmed device does not count.
    `last_step` is the time step of the last accepted code, so a code cannot be
    used twice (`accounts.two_factor.verify_code`).
    """

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="two_factor_device",
    )
    secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    last_step = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")

    def __str__(self):
        return str(self.person)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code for logging in when the authenticator app is lost.

    Only a SHA-256 hash is stored (the codes are random, 50 bits, and used once
    under the log-in throttle, so a salt adds little); the codes are shown once
    when they are made.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "code_hash"], name="recovery_code_unique_per_person"
            )
        ]

    def __str__(self):
        state = _("used") if self.used_at else _("unused")
        return f"{self.person} ({state})"
