"""Forms for logging in, the profile and erasure; the admin's person forms.

Forms only validate input. Writes go through `services`, which validate the
same rules again, so the admin, the API and commands cannot bypass them.
"""

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from .models import Person
from .services import PROFILE_FIELDS

EMAIL_TAKEN = _("A person with this e-mail address already exists.")


def _clean_unique_email(email: str, *, exclude_pk: int | None = None) -> str:
    """Lower-case the address and reject one that differs from another only in case."""
    email = Person.objects.normalize_email(email)
    if Person.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists():
        raise forms.ValidationError(EMAIL_TAKEN, code="unique")
    return email


class EmailAuthenticationForm(AuthenticationForm):
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
