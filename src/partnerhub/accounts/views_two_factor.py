"""The second step of logging in: set up an authenticator app, enter its code.

Organisers, reviewers and people with admin access (`two_factor.requires_two_factor`)
land here after their password; `core.middleware.TwoFactorMiddleware` keeps them
here until they are done. The rules (codes, replay, recovery codes) live in
`two_factor`; the throttle of guesses in `core.throttle`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from partnerhub.core import throttle

from . import two_factor
from .forms import TwoFactorCodeForm, TwoFactorConfirmForm, throttled_error


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _done(request):
    two_factor.mark_verified(request)
    request.session.cycle_key()  # a new session id for the fully logged-in session
    return redirect(_next_url(request))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """Enter the app's current code (or a recovery code) after the password."""
    person = request.user
    if not two_factor.requires_two_factor(person) or two_factor.is_verified(request):
        return redirect(_next_url(request))
    if two_factor.confirmed_device(person) is None:
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        account, ip = f"person:{person.pk}", throttle.client_ip(request)
        blocked = throttle.blocked_for("two_factor", account=account, ip=ip)
        if blocked:
            form.add_error(None, throttled_error(blocked))
            status = 429
        elif two_factor.verify_code(person=person, code=form.cleaned_data["code"]):
            throttle.reset("two_factor", account=account)
            return _done(request)
        else:
            throttle.register_failure("two_factor", account=account, ip=ip)
            form.add_error(
                "code",
                _(
                    "This code is not right or has been used already. Enter the code your "
                    "app shows now."
                ),
            )
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/two_factor_verify.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    """Add Partnerhub to an authenticator app (QR code or the secret typed), confirm a code."""
    person = request.user
    if not two_factor.requires_two_factor(person):
        return redirect("accounts:profile")  # a device would not be asked for at log-in
    if two_factor.confirmed_device(person) is not None:
        if two_factor.is_verified(request):
            return redirect("accounts:profile")
        return redirect("accounts:two_factor_verify")
    device = two_factor.device_start(person=person)
    form = TwoFactorConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        account, ip = f"person:{person.pk}", throttle.client_ip(request)
        blocked = throttle.blocked_for("two_factor", account=account, ip=ip)
        codes = None
        if blocked:
            form.add_error(None, throttled_error(blocked))
            status = 429
        else:
            codes = two_factor.device_confirm(device=device, code=form.cleaned_data["code"])
            if codes is None:
                throttle.register_failure("two_factor", account=account, ip=ip)
                form.add_error(
                    "code",
                    _("This code is not right. Check the time on your phone and try the new code."),
                )
        if codes is not None:
            two_factor.mark_verified(request)
            request.session.cycle_key()
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return render(
                request,
                "accounts/two_factor_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    uri = two_factor.provisioning_uri(device)
    context = {
        "form": form,
        "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
        "qr_code": two_factor.qr_svg_data_uri(uri),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes, shown once on this page (the old ones stop working)."""
    person = request.user
    if two_factor.confirmed_device(person) is None:
        return redirect("accounts:two_factor_setup")
    codes = two_factor.recovery_codes_renew(person=person)
    return render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {"codes": codes, "next": resolve_url(settings.LOGIN_REDIRECT_URL)},
    )
