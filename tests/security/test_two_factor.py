"""Two-factor authentication for organisers, reviewers and admins: the whole flow.

Marked `two_factor`: force_login does NOT complete the second step here, so
the enforcement of core.middleware.TwoFactorMiddleware is what is tested.
"""

import time

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from partnerhub.accounts import two_factor
from partnerhub.accounts.models import RecoveryCode, TwoFactorDevice
from partnerhub.core.models import AuditEvent
from tests.factories import PASSWORD, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")


@pytest.fixture
def organiser(db):
    return PersonFactory(
        email="lea@example.org", is_organiser=True, is_staff=True, preferred_language="en"
    )


@pytest.fixture
def reviewer(db):
    return PersonFactory(email="weber@example.org", is_reviewer=True, preferred_language="en")


def confirmed(person):
    return two_factor.device_install(person=person, secret=two_factor.new_secret())


def log_in(client, person, next_url=""):
    data = {"username": person.email, "password": PASSWORD}
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(url, data, **EN)


# --- TOTP itself ----------------------------------------------------------------------


def test_codes_match_the_rfc_6238_test_vector():
    # RFC 6238 appendix B, SHA-1, secret "12345678901234567890", T = 59 s → 94287082 (8 digits).
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert two_factor.code_at(secret, 59 // 30) == "287082"  # the last six digits
    assert two_factor.code_at(secret, 1111111109 // 30) == "081804"


def test_codes_of_the_neighbouring_time_steps_count_but_not_older_ones():
    secret = two_factor.new_secret()
    now = time.time()
    step = two_factor.current_step(now)
    assert two_factor.matching_step(secret, two_factor.code_at(secret, step - 1), now) == step - 1
    assert two_factor.matching_step(secret, two_factor.code_at(secret, step + 1), now) == step + 1
    assert two_factor.matching_step(secret, two_factor.code_at(secret, step - 3), now) is None
    assert two_factor.matching_step(secret, "12345", now) is None
    assert two_factor.matching_step(secret, "abcdef", now) is None


@pytest.mark.parametrize(
    "flags, required",
    [
        ({}, False),
        ({"is_organiser": True}, True),
        ({"is_reviewer": True}, True),
        ({"is_staff": True}, True),
        ({"is_superuser": True}, True),
    ],
)
def test_who_needs_a_second_factor(db, flags, required):
    assert two_factor.requires_two_factor(PersonFactory(**flags)) is required


# --- Log-in flow ----------------------------------------------------------------------


def test_a_participant_logs_in_with_the_password_only(client):
    person = PersonFactory()
    response = log_in(client, person)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_organiser_without_a_device_is_sent_to_set_one_up_and_confirms_it(client, organiser):
    response = log_in(client, organiser, next_url="/calls/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert "next=%2Fcalls%2F" in response["Location"]

    page = client.get(response["Location"], **EN)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # the QR code, an image (img-src data:)
    device = TwoFactorDevice.objects.get(person=organiser)
    assert not device.is_confirmed
    assert " ".join(device.secret[i : i + 4] for i in range(0, 32, 4)) in html  # typed key

    wrong = client.post(SETUP, {"code": "000000", "next": "/calls/"}, **EN)
    assert wrong.status_code == 200
    assert "This code is not right" in wrong.content.decode()
    assert client.get("/calls/").status_code == 302  # still held at the second step

    done = client.post(
        SETUP, {"code": two_factor.current_code(device.secret), "next": "/calls/"}, **EN
    )
    assert done.status_code == 200
    html = done.content.decode()
    codes = list(html.split("<code>")[1:])
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert 'href="/calls/"' in html
    device.refresh_from_db()
    assert device.is_confirmed
    assert client.get("/calls/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enabled").exists()


def test_organiser_with_a_device_enters_a_code(client, organiser):
    device = confirmed(organiser)
    response = log_in(client, organiser, next_url="/calls/")
    assert response["Location"].startswith(VERIFY)
    assert get_user(client).pk == organiser.pk  # password step done …
    # … but every page but log-out and the two-factor pages leads back here.
    for url in ("/", reverse("accounts:profile"), "/calls/", "/admin/"):
        held = client.get(url)
        assert held.status_code == 302, url
        assert held["Location"].startswith(VERIFY), url
    assert client.get(VERIFY, **EN).status_code == 200

    wrong = client.post(VERIFY, {"code": "123456", "next": "/calls/"}, **EN)
    assert "This code is not right or has been used already." in wrong.content.decode()
    ok = client.post(VERIFY, {"code": two_factor.current_code(device.secret), "next": "/calls/"})
    assert ok.status_code == 302
    assert ok["Location"] == "/calls/"
    assert client.get("/calls/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_used_twice(client, reviewer):
    device = confirmed(reviewer)
    code = two_factor.current_code(device.secret)
    assert two_factor.verify_code(person=reviewer, code=code)
    assert not two_factor.verify_code(person=reviewer, code=code)


def test_the_next_address_must_be_on_this_site(client, reviewer):
    device = confirmed(reviewer)
    log_in(client, reviewer)
    response = client.post(
        VERIFY, {"code": two_factor.current_code(device.secret), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("accounts:profile")


def test_a_recovery_code_works_once(client, reviewer):
    log_in(client, reviewer)
    device = two_factor.device_start(person=reviewer)
    codes = two_factor.device_confirm(device=device, code=two_factor.current_code(device.secret))
    assert RecoveryCode.objects.filter(person=reviewer).count() == len(codes)
    assert all(code not in str(list(RecoveryCode.objects.values())) for code in codes)  # hashed

    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert two_factor.unused_recovery_codes(reviewer) == len(codes) - 1
    client.post(reverse("accounts:logout"))
    log_in(client, reviewer)
    again = client.post(VERIFY, {"code": codes[0]}, **EN)
    assert again.status_code == 200
    assert client.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, reviewer):
    device = confirmed(reviewer)
    old = two_factor.recovery_codes_renew(person=reviewer)
    log_in(client, reviewer)
    client.post(VERIFY, {"code": two_factor.current_code(device.secret)})
    page = client.post(reverse("accounts:two_factor_recovery_codes"), **EN)
    assert page.status_code == 200
    assert old[0] not in page.content.decode()
    assert not two_factor.verify_code(person=reviewer, code=old[1])


def test_a_confirmed_device_cannot_be_replaced_with_the_password_alone(client, organiser):
    device = confirmed(organiser)
    log_in(client, organiser)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    device.refresh_from_db()
    assert two_factor.device_start(person=organiser).secret == device.secret


def test_log_out_is_possible_before_the_second_step(client, organiser):
    confirmed(organiser)
    log_in(client, organiser)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not get_user(client).is_authenticated


def test_code_guessing_is_throttled(client, organiser, settings):
    settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = 3
    device = confirmed(organiser)
    log_in(client, organiser)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"}, **EN)
    blocked = client.post(VERIFY, {"code": two_factor.current_code(device.secret)}, **EN)
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.content.decode()
    assert client.get("/").status_code == 302


def test_api_with_an_unverified_session_is_refused_but_tokens_work(client, organiser):
    from partnerhub.accounts.services import api_token_create

    confirmed(organiser)
    _token, secret = api_token_create(person=organiser, by=organiser, name="Script")
    log_in(client, organiser)
    refused = client.get("/api/v1/registrations", **EN)
    assert refused.status_code == 403
    assert "Two-factor authentication is not complete" in refused.json()["detail"]
    from django.test import Client

    with_token = Client().get("/api/v1/registrations", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert with_token.status_code == 200


def test_force_login_without_the_marker_would_count_as_verified(client, organiser):
    """Here (marked two_factor) force_login leaves the second step open."""
    confirmed(organiser)
    client.force_login(organiser)
    assert client.get("/").status_code == 302


def test_the_profile_shows_the_state_and_offers_new_recovery_codes(client, organiser):
    device = confirmed(organiser)
    two_factor.recovery_codes_renew(person=organiser)
    log_in(client, organiser)
    client.post(VERIFY, {"code": two_factor.current_code(device.secret)})
    html = client.get(reverse("accounts:profile"), **EN).content.decode()
    assert "Two-factor authentication is on. You have 10 unused recovery codes." in html
    assert reverse("accounts:two_factor_recovery_codes") in html


def test_removing_a_device_for_a_lost_phone(organiser):
    confirmed(organiser)
    two_factor.recovery_codes_renew(person=organiser)
    two_factor.device_remove(person=organiser, by=PersonFactory(is_organiser=True))
    assert two_factor.confirmed_device(organiser) is None
    assert not RecoveryCode.objects.filter(person=organiser).exists()


def test_demo_code_command_prints_the_code_of_the_demo_secret(client, organiser):
    from io import StringIO

    from django.core.management import call_command

    from partnerhub.accounts.demo import DEMO_TOTP_SECRET

    two_factor.device_install(person=organiser, secret=DEMO_TOTP_SECRET)
    out = StringIO()
    call_command("demo_two_factor_code", stdout=out)
    log_in(client, organiser)
    response = client.post(VERIFY, {"code": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_an_organiser_removes_a_lost_device_in_the_admin(client, reviewer):
    organiser = PersonFactory(is_organiser=True, is_staff=True)
    device = confirmed(reviewer)
    two_factor.recovery_codes_renew(person=reviewer)
    two_factor.device_install(person=organiser, secret=two_factor.new_secret())
    log_in(client, organiser)
    client.post(VERIFY, {"code": two_factor.current_code(organiser.two_factor_device.secret)})
    url = reverse("admin:accounts_twofactordevice_changelist")
    page = client.get(url, **EN)
    assert page.status_code == 200
    assert device.secret not in page.content.decode()
    client.post(url, {"action": "remove_devices", "_selected_action": [device.pk]}, **EN)
    assert two_factor.confirmed_device(reviewer) is None
    assert not RecoveryCode.objects.filter(person=reviewer).exists()
    assert AuditEvent.objects.filter(action="two_factor.removed").exists()
