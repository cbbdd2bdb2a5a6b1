"""Pages of one's own account: log-in, profile, password, GDPR export and erasure.

Views stay thin: they check who is asking, hand valid input to `services`
and pick the response. The rules (who may change or erase whom) live in
`predicates.py` and are checked again by the services.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import two_factor
from .forms import (
    ApiTokenForm,
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    ErasureForm,
    ProfileForm,
)
from .models import ApiToken
from .queries import person_memberships
from .services import (
    api_token_create,
    api_token_revoke,
    person_erase,
    person_export,
    person_update_profile,
)


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    """Remember `language` for the session the way Django's set_language view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def export_response(*, data: dict, person) -> HttpResponse:
    """The export as a JSON attachment; the file name carries no personal data."""
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"partnerhub-person-{person.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class LoginView(auth_views.LoginView):
    """Log-in by e-mail address; afterwards the person's language is the site's language."""

    authentication_form = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        person = form.get_user()
        if two_factor.needs_second_step(self.request):
            # Password right; organisers and reviewers go on to the second step.
            response = redirect(second_step_url(person, self.get_success_url()))
        language = person.preferred_language
        translation.activate(language)
        return set_language_cookie(response, language)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", 0):
            response.status_code = 429
            response["Retry-After"] = str(form.throttled)
        return response


def second_step_url(person, next_url: str) -> str:
    """The set-up page (no confirmed device yet) or the code page, keeping where to go next."""
    name = (
        "accounts:two_factor_verify"
        if two_factor.confirmed_device(person)
        else "accounts:two_factor_setup"
    )
    return f"{reverse(name)}?{urlencode({'next': next_url})}" if next_url else reverse(name)


class LogoutView(auth_views.LogoutView):
    """Log-out by POST only (Django's default), then back to the home page."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_complete.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "registration/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_new.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_finished.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    person = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, person=person)
        if form.is_valid():
            try:
                person_update_profile(person=person, by=person, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                translation.activate(person.preferred_language)
                messages.success(request, _("Your profile has been saved."))
                return set_language_cookie(redirect("accounts:profile"), person.preferred_language)
    else:
        form = ProfileForm(person=person)
    return render(request, "accounts/profile.html", _profile_context(person, form=form))


def _profile_context(person, *, form=None, token_form=None, new_token=None, new_secret=""):
    return {
        "form": ProfileForm(person=person) if form is None else form,
        "memberships": person_memberships(person=person),
        "platform_roles": person.platform_roles,
        "api_tokens": person.api_tokens.filter(revoked_at__isnull=True),
        "token_form": ApiTokenForm() if token_form is None else token_form,
        "new_token": new_token,
        "new_secret": new_secret,
        "two_factor": _two_factor_status(person),
    }


def _two_factor_status(person) -> dict | None:
    """Shown to the people who need a second factor (two queries, only for them)."""
    if not two_factor.requires_two_factor(person):
        return None
    device = two_factor.confirmed_device(person)
    return {
        "on": device is not None,
        "recovery_codes_left": two_factor.unused_recovery_codes(person) if device else 0,
    }


@login_required
@require_GET
def export_data(request):
    data = person_export(person=request.user, by=request.user)
    return export_response(data=data, person=request.user)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def erase(request):
    person = request.user
    form = ErasureForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        person_erase(person=person, by=person)
        logout(request)
        messages.success(request, _("Your personal data has been erased and you are logged out."))
        return redirect("home")
    return render(request, "accounts/erase.html", {"form": form})


@never_cache
@login_required
@require_POST
def create_token(request):
    """Create a personal API token and show its secret on this one page, never again.

    The answer is the profile page itself (not a redirect), so the secret is
    never stored anywhere, not even in the session; the page is not cached.
    """
    person = request.user
    token_form = ApiTokenForm(request.POST)
    if token_form.is_valid():
        try:
            token, secret = api_token_create(
                person=person, by=person, name=token_form.cleaned_data["name"]
            )
        except ValidationError as error:
            token_form.add_error(None, error.messages)
        else:
            context = _profile_context(person, new_token=token, new_secret=secret)
            return render(request, "accounts/profile.html", context)
    context = _profile_context(person, token_form=token_form)
    return render(request, "accounts/profile.html", context, status=400)


@login_required
@require_POST
def revoke_token(request, pk):
    """Revoke one of one's own tokens (organisers revoke others' in the admin)."""
    token = get_object_or_404(ApiToken, pk=pk, person=request.user)
    try:
        api_token_revoke(token=token, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect(reverse("accounts:profile") + "#api-tokens-title")
