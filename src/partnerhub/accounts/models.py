"""People, their memberships in municipalities and organisations, and platform roles."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.reference.models import Municipality, Organisation


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A person needs an e-mail address to log in.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, is_organiser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class Person(AbstractBaseUser, PermissionsMixin):
    """Somebody who logs in with an e-mail address.

    Platform roles are flags: organiser staff of the service agency, and
    reviewers (who are assigned to calls later). What a person may do for a
    municipality or organisation comes from their memberships.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("de", _("German")), ("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))],
        default="de",
    )
    job_title = models.CharField(_("function or department"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin access"), default=False, help_text=_("May log in to the admin site.")
    )
    is_organiser = models.BooleanField(
        _("organiser"), default=False, help_text=_("Staff of the service agency running the programmes.")
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

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A person acts for exactly one municipality or one organisation, in a role."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
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

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, organisation__isnull=True)
                    | Q(municipality__isnull=True, organisation__isnull=False)
                ),
                name="membership_one_body",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.body} ({self.get_role_display()})"

    @property
    def body(self):
        return self.municipality or self.organisation

    @property
    def is_current(self) -> bool:
        return self.ended_at is None
