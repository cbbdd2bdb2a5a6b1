"""Forms for logging in, the profile and erasure; the admin's person forms.

Forms only validate input. Writes go through `services`, which validate the
same rules again, so the admin, the API and commands cannot bypass them.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerhub.core import throttle

from .models import Person
from .services import PROFILE_FIELDS

EMAIL_TAKEN = _("A person with this e-mail address already exists.")


def _clean_unique_email(email: str, *, exclude_pk: int | None = None) -> str:
    """Lower-case the address and reject one that differs from another only in case."""
    email = Person.objects.normalize_email(email)
    if Person.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists():
        raise forms.ValidationError(EMAIL_TAKEN, code="unique")
    return email


class ThrottledLoginMixin:
    """Refuse at once while throttled; count failures per typed address and per IP.

    The same message whether or not an account with the address exists
    (`core.throttle`). Used by the site's log-in form and the admin's.
    """

    def clean(self):
        account = (self.cleaned_data.get("username") or "")[:254]
        ip = throttle.client_ip(self.request) if self.request is not None else ""
        self.throttled = throttle.blocked_for("login", account=account, ip=ip)
        if self.throttled:
            raise throttled_error(self.throttled)
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                throttle.register_failure("login", account=account, ip=ip)
            raise
        throttle.reset("login", account=account)
        return cleaned


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's log-in, throttled like the site's."""


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """Log in with e-mail address (in any case) and password."""

    username = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct e-mail address and password. "
            "Note that the password is case-sensitive."
        ),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


def throttled_error(seconds: int) -> forms.ValidationError:
    count = throttle.minutes(seconds)
    return forms.ValidationError(
        ngettext(
            "Too many failed attempts. For your security, please wait %(minutes)d minute "
            "and try again.",
            "Too many failed attempts. For your security, please wait %(minutes)d minutes "
            "and try again.",
            count,
        )
        % {"minutes": count},
        code="throttled",
    )


class TwoFactorCodeForm(forms.Form):
    """The six-digit code of the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        help_text=_(
            "The six-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class TwoFactorConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        strip=True,
        help_text=_("Enter the six-digit code the app shows after adding Partnerhub."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )


class ProfileForm(forms.Form):
    """The fields a person keeps up to date themselves (labels come from the model)."""

    def __init__(self, *args, person: Person, **kwargs):
        kwargs.setdefault("initial", {name: getattr(person, name) for name in PROFILE_FIELDS})
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields.update(fields_for_model(Person, fields=PROFILE_FIELDS))
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"

    def clean_email(self):
        return _clean_unique_email(self.cleaned_data["email"], exclude_pk=self.person.pk)


class ErasureForm(forms.Form):
    """Confirmation of one's own erasure by password: it cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask for it to make sure it is you: erasure cannot be undone."),
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(
                _("The password is not correct. Nothing has been erased."),
                code="password_incorrect",
            )
        return password


class ApiTokenForm(forms.Form):
    """The name of a new personal API token (the secret is made by the service)."""

    prefix = "token"
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What the token is for, e.g. the program using it."),
    )


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


# --- Admin -------------------------------------------------------------------


class PersonCreationForm(AdminUserCreationForm):
    class Meta:
        model = Person
        fields = ("email", "full_name", "preferred_language")

    def clean_email(self):
        return _clean_unique_email(self.cleaned_data["email"])


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = Person
        fields = "__all__"
        field_classes = {}

    def clean_email(self):
        return _clean_unique_email(self.cleaned_data["email"], exclude_pk=self.instance.pk)
