"""Log-in throttling: per account and per IP address, without telling who has an account."""

import pytest
from django.contrib.auth import get_user
from django.core.cache import cache
from django.urls import reverse

from partnerhub.core import throttle
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LOGIN = reverse("accounts:login")
MESSAGE = "Too many failed attempts. For your security, please wait"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_IP_ATTEMPTS = 6
    settings.LOGIN_THROTTLE_WINDOW = 600
    settings.LOGIN_THROTTLE_LOCKOUT = 300


def attempt(client, email, password="wrong", ip="192.0.2.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip, **EN)


def test_after_three_failures_the_account_is_locked_even_with_the_right_password(client):
    person = PersonFactory(email="anna@example.org")
    for _ in range(3):
        response = attempt(client, "anna@example.org")
        assert response.status_code == 200
        assert "Please enter a correct e-mail address and password." in response.content.decode()
    blocked = attempt(client, "anna@example.org", PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    html = blocked.content.decode()
    assert f"{MESSAGE} 5 minutes and try again." in html
    assert 'value="anna@example.org"' in html  # what was typed is kept
    assert not get_user(client).is_authenticated
    # Any spelling of the same address counts as the same account.
    assert attempt(client, "Anna@Example.ORG", PASSWORD, ip="192.0.2.99").status_code == 429
    assert person.pk


def test_an_unknown_address_is_answered_exactly_like_a_known_one(client):
    PersonFactory(email="known@example.org")
    known = [attempt(client, "known@example.org").status_code for _ in range(4)]
    unknown = [attempt(client, "nobody@example.org", ip="192.0.2.2").status_code for _ in range(4)]
    assert known == unknown == [200, 200, 200, 429]


def test_one_address_guessing_many_accounts_is_stopped(client):
    people = [PersonFactory(email=f"p{i}@example.org") for i in range(4)]
    for i in range(6):
        attempt(client, f"p{i % 4}@example.org", ip="198.51.100.7")
    # The accounts are not locked (2 failures at most each) but the address is.
    assert attempt(client, people[3].email, PASSWORD, ip="198.51.100.7").status_code == 429
    assert attempt(client, people[3].email, PASSWORD, ip="198.51.100.8").status_code == 302


def test_success_resets_the_account_count(client):
    person = PersonFactory(email="lea@example.org")
    attempt(client, person.email)
    attempt(client, person.email)
    assert attempt(client, person.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    attempt(client, person.email)
    attempt(client, person.email)
    assert attempt(client, person.email, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_lockout(client, monkeypatch):
    person = PersonFactory(email="jonas@example.org")
    for _ in range(3):
        attempt(client, person.email)
    assert attempt(client, person.email, PASSWORD).status_code == 429
    later = throttle.time.time() + 301
    monkeypatch.setattr(throttle.time, "time", lambda: later)
    cache.delete_many(
        [k + ":locked" for k, _l in throttle._keys("login", person.email, "192.0.2.1")]
    )  # the locmem cache keeps its own clock; the lock's own deadline has passed too
    assert attempt(client, person.email, PASSWORD).status_code == 302


def test_message_is_translated(client):
    for _ in range(4):
        response = client.post(
            LOGIN, {"username": "x@example.org", "password": "y"}, HTTP_ACCEPT_LANGUAGE="de"
        )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed attempts" in html or "Zu viele" in html


def test_admin_log_in_is_throttled_too(client):
    PersonFactory(email="staff@example.org", is_staff=True)
    url = reverse("admin:login")
    for _ in range(3):
        client.post(url, {"username": "staff@example.org", "password": "wrong"}, **EN)
    response = client.post(url, {"username": "staff@example.org", "password": PASSWORD}, **EN)
    assert MESSAGE in response.content.decode()
    assert not get_user(client).is_authenticated


def test_client_ip_header_is_used_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1")
    assert throttle.client_ip(request) == "10.0.0.1"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert throttle.client_ip(request) == "203.0.113.5"


def redis_available() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.parametrize(
    "backend, location",
    [
        ("django.core.cache.backends.locmem.LocMemCache", "throttle_test"),
        ("django.core.cache.backends.db.DatabaseCache", "throttle_test"),
        pytest.param(
            "partnerhub.core.redis_cache.RedisCache",  # production's (settings.py)
            "redis://127.0.0.1:6379/15",
            marks=pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1"),
        ),
    ],
)
def test_counting_works_on_other_cache_backends(settings, monkeypatch, backend, location):
    """add/incr/set only: what Redis, memcached, locmem and the database cache all offer."""
    import uuid

    from django.core.cache import caches
    from django.core.management import call_command

    prefix = f"test-throttle-{uuid.uuid4().hex}"  # a shared Redis is never flushed
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": prefix}}
    if "db" in backend:
        call_command("createcachetable", verbosity=0)
    other = caches.create_connection("default")
    monkeypatch.setattr(throttle, "cache", other)
    try:
        for _ in range(3):
            throttle.register_failure("login", account="a@example.org", ip="192.0.2.1")
        assert throttle.blocked_for("login", account="a@example.org") > 0
        assert throttle.blocked_for("login", account="b@example.org") == 0
    finally:
        keys = throttle._keys("login", "a@example.org", "192.0.2.1")
        other.delete_many([k for key, _limit in keys for k in (key, f"{key}:locked")])
