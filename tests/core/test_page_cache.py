"""The page cache for anonymous visitors (core.page_cache): what it serves to whom, that
every write to public content invalidates it, that a cached page carries no other
visitor's CSRF token or cookie and keeps the security headers; and the GET language
switcher that lets public pages do without a CSRF token."""

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import path, resolve, reverse
from django.utils.cache import patch_cache_control

from partnerhub.accounts.services import api_token_create
from partnerhub.conferences.models import Edition, Registration
from partnerhub.core import page_cache
from tests.conferences.helpers import person_values, submit
from tests.conferences.test_registration_pages_support import (
    form_data,
    member_of_new_town,
    register_url,
)
from tests.factories import EditionFactory, PersonFactory
from tests.test_settings import settings_in_subprocess
from tests.url_matrix.registry import all_entries
from tests.url_matrix.test_matrix import build_url
from tests.url_matrix.world import World

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}
HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The cache is off in the test settings (no REDIS_URL); on here, empty at the start."""
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def edition_url(edition) -> str:
    return reverse("conferences:edition", args=[edition.series.slug, edition.number])


def state(response) -> str | None:
    return response.headers.get(HEADER)


# --- Who gets cached pages ---------------------------------------------------------------


def test_an_anonymous_visitor_gets_the_second_request_from_the_cache(client):
    url = edition_url(EditionFactory())
    first = client.get(url, **EN)
    second = client.get(url, **EN)
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_every_page_on_the_allow_list_is_served_from_the_cache(roles):
    """Each allow-listed name has an anonymous 200 entry in the URL matrix, and its second
    anonymous request is a hit: no page on the list uses a CSRF token or sets a cookie."""
    world = World(roles)
    seen = set()
    for entry in all_entries():
        if entry.method != "get" or entry.data or entry.expect["anonymous"] != 200:
            continue
        url = build_url(entry, world)
        name = resolve(url.split("?")[0]).view_name
        if name not in page_cache.PUBLIC_URL_NAMES:
            continue
        client = Client()
        first, second = client.get(url, **EN), client.get(url, **EN)
        assert first.status_code == 200, url
        assert (state(first), state(second)) == ("miss", "hit"), url
        assert not second.cookies, url
        assert b"csrfmiddlewaretoken" not in second.content, url
        seen.add(name)
    assert seen == page_cache.PUBLIC_URL_NAMES


def test_logged_in_people_never_get_cached_pages(client):
    url = edition_url(EditionFactory())
    person = PersonFactory(full_name="Test Person Logged In", preferred_language="en")
    Client().get(url, **EN)  # an anonymous visitor fills the cache
    client.force_login(person)  # (writes the log-in time: no public page shows it)
    for _ in range(2):
        response = client.get(url, **EN)
        assert state(response) is None
        assert "Log out" in response.content.decode()
    assert state(Client().get(url, **EN)) == "hit"  # and their page was not stored


def test_a_session_or_messages_cookie_or_an_authorization_header_bypasses_the_cache():
    url = edition_url(EditionFactory())
    Client().get(url, **EN)
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "something"
    with_messages = Client()
    with_messages.cookies[CookieStorage.cookie_name] = "pending"
    for client in (with_session, with_messages):
        assert state(client.get(url, **EN)) is None
    api = "/api/v1/editions"
    Client().get(api, **EN)
    assert state(Client().get(api, **EN)) == "hit"
    assert state(Client().get(api, HTTP_AUTHORIZATION="Bearer phk_unknown", **EN)) is None


def test_an_api_token_is_never_answered_from_the_cache():
    person = PersonFactory()
    _token, secret = api_token_create(person=person, by=person, name="test")
    api = "/api/v1/editions"
    Client().get(api, **EN)
    for _ in range(2):
        response = Client().get(api, HTTP_AUTHORIZATION=f"Bearer {secret}", **EN)
        assert state(response) is None
        assert response.status_code == 200


def test_each_language_has_its_own_entry(client):
    url = edition_url(EditionFactory())
    assert state(client.get(url, **EN)) == "miss"
    german = client.get(url, **DE)
    assert state(german) == "miss"
    assert '<html lang="de"' in german.content.decode()
    english = client.get(url, **EN)
    assert state(english) == "hit"
    assert '<html lang="en"' in english.content.decode()
    assert english["Content-Language"] == "en"
    by_cookie = Client()
    by_cookie.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert state(by_cookie.get(url, **EN)) == "miss"
    assert '<html lang="fr"' in by_cookie.get(url, **EN).content.decode()


def test_each_query_string_has_its_own_entry(client):
    url = reverse("partnerships:list")
    assert state(client.get(url, {"q": "alpha"}, **EN)) == "miss"
    assert state(client.get(url, {"q": "beta"}, **EN)) == "miss"
    assert state(client.get(url, {"q": "alpha"}, **EN)) == "hit"


def test_pages_off_the_allow_list_are_never_cached(client):
    for url in (reverse("accounts:login"), reverse("healthz"), reverse("opendata:index") + "x"):
        for _ in range(2):
            assert state(client.get(url, **EN)) is None


def test_post_is_never_cached_nor_answered_from_the_cache(client):
    url = reverse("calls:list")
    posted = client.post(url, {}, **EN)
    assert state(posted) is None
    assert state(client.get(url, **EN)) == "miss"  # the POST stored nothing
    assert state(client.post(url, {}, **EN)) is None


def test_head_is_answered_from_an_entry_a_get_stored_but_stores_none(client):
    url = reverse("calls:list")
    assert state(client.head(url, **EN)) == "miss"
    assert state(client.head(url, **EN)) == "miss"
    client.get(url, **EN)
    head = client.head(url, **EN)
    assert state(head) == "hit"
    assert head.status_code == 200


@pytest.mark.django_db(transaction=True)  # real commits: the version changes after them
def test_zero_seconds_turns_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = edition_url(EditionFactory())
    for _ in range(2):
        assert state(client.get(url, **EN)) is None
    assert cache.get(page_cache.VERSION_KEY) is not None  # writes still keep the version


def max_age_view(request):
    """A stand-in for a page that changes at a known moment (see the next test)."""
    response = HttpResponse("A page until a deadline")
    patch_cache_control(response, max_age=int(request.GET["max_age"]))
    return response


urlpatterns = [path("", max_age_view, name="home")]  # for pytest.mark.urls below


@pytest.mark.urls("tests.core.test_page_cache")
def test_a_view_may_keep_its_entry_shorter_with_max_age(client, monkeypatch):
    lifetimes = []
    real_set = cache.set

    def set_and_note(key, value, timeout):
        lifetimes.append(timeout)
        real_set(key, value, timeout)

    monkeypatch.setattr(cache, "set", set_and_note)
    for max_age in (5, 0, 600):
        client.get("/", {"max_age": max_age})
        assert state(client.get("/", {"max_age": max_age})) == ("miss" if max_age == 0 else "hit")
    assert lifetimes == [5, 60]  # max-age=0: not stored; never longer than PAGE_CACHE_SECONDS


def test_a_page_that_uses_the_csrf_token_is_not_stored(client, monkeypatch):
    """The guard behind the allow-list: the log-in form has a token; even listed, it is
    never stored (the token would be another visitor's)."""
    names = page_cache.PUBLIC_URL_NAMES | {"accounts:login"}
    monkeypatch.setattr(page_cache, "PUBLIC_URL_NAMES", names)
    url = reverse("accounts:login")
    first = client.get(url, **EN)
    assert b"csrfmiddlewaretoken" in first.content
    assert state(first) == "miss"
    assert state(Client().get(url, **EN)) == "miss"


def test_an_answer_other_than_200_is_not_stored(client):
    missing = reverse("conferences:edition", args=["no-such-series", 1])
    assert client.get(missing, **EN).status_code == 404
    assert state(client.get(missing, **EN)) == "miss"


# --- What a cached page carries ---------------------------------------------------------


def test_a_cached_page_keeps_the_security_headers_and_carries_no_cookie_or_token(client):
    url = edition_url(EditionFactory())
    first = client.get(url, **EN)
    hit = Client().get(url, **EN)
    assert state(hit) == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Type",
        "Content-Length",
    ):
        assert hit.headers.get(header) == first.headers.get(header), header
        assert hit.headers.get(header), header
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    vary = {value.strip() for value in hit["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary
    assert not hit.cookies
    assert "Set-Cookie" not in hit.headers
    assert b"csrfmiddlewaretoken" not in hit.content


def test_the_anonymous_language_switcher_is_a_get_form_without_a_token(client):
    html = client.get(reverse("calls:list"), **EN).content.decode()
    assert f'<form class="language-switcher" action="{reverse("switch_language")}"' in html
    assert 'method="get"' in html
    assert "csrfmiddlewaretoken" not in html
    client.force_login(PersonFactory())
    html = client.get(reverse("calls:list"), **EN).content.decode()
    assert f'action="{reverse("set_language")}" method="post"' in html
    assert "csrfmiddlewaretoken" in html


# --- Invalidation ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # real commits: the version changes after them
def test_editing_an_edition_shows_at_once(client):
    edition = EditionFactory(title_en="Test Edition Before")
    url = edition_url(edition)
    assert "Test Edition Before" in client.get(url, **EN).content.decode()
    assert state(client.get(url, **EN)) == "hit"
    edition.title_en = "Test Edition After"
    edition.save()
    response = client.get(url, **EN)
    assert state(response) == "miss"
    assert "Test Edition After" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # real commits: the version changes after them
def test_places_left_are_never_stale_after_a_registration(client):
    """A member registers through the form; the next anonymous visitor sees one place less."""
    member, town = member_of_new_town()
    edition = EditionFactory(capacity=5)
    url = edition_url(edition)
    assert "5 places left." in client.get(url, **EN).content.decode()
    assert state(client.get(url, **EN)) == "hit"

    registrant = Client()
    registrant.force_login(member)
    data = form_data(german_municipality=town, german=[{"full_name": "Test Person Registrant"}])
    assert registrant.post(register_url(edition), data).status_code == 302

    page = client.get(url, **EN)
    assert state(page) == "miss"
    assert "4 places left." in page.content.decode()
    assert state(client.get(url, **EN)) == "hit"


@pytest.mark.django_db(transaction=True)  # real commits: the version changes after them
def test_writes_that_bypass_signals_invalidate_too(client):
    """QuerySet.update() and bulk_create() send no signals; the cache sees them anyway."""
    member, town = member_of_new_town()
    edition = EditionFactory(capacity=5)
    url = edition_url(edition)
    client.get(url, **EN)
    Edition.objects.filter(pk=edition.pk).update(capacity=3)
    assert "3 places left." in client.get(url, **EN).content.decode()
    group = submit(edition, member, [person_values(municipality=town, email=member.email)])
    registration = group.registrations.get()
    assert "2 places left." in client.get(url, **EN).content.decode()
    Registration.objects.filter(pk=registration.pk).delete()  # QuerySet.delete()
    assert "3 places left." in client.get(url, **EN).content.decode()


def test_inside_a_transaction_the_version_changes_once_after_the_commit(
    django_capture_on_commit_callbacks,
):
    """Before the commit nobody else reads the new rows, so the version may stay; after it,
    it must change, once however many statements wrote."""
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        EditionFactory()
        EditionFactory()
        assert page_cache.content_version() == before
    assert callbacks == [page_cache.bump_content_version]
    callbacks[0]()
    assert page_cache.content_version() != before


def test_a_cache_that_cannot_be_reached_fails_neither_writes_nor_pages(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("no cache")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, method, unreachable)
    edition = EditionFactory(title_en="Test Edition Written")  # the write goes through
    response = client.get(edition_url(edition), **EN)
    assert response.status_code == 200
    assert state(response) is None
    assert "Test Edition Written" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # real commits: the version changes after them
def test_writes_no_public_page_shows_keep_the_version():
    person = PersonFactory()
    version = page_cache.content_version()
    api_token_create(person=person, by=person, name="test")  # writes a token and the audit trail
    person.save(update_fields=["last_login"])  # every log-in does this
    assert page_cache.content_version() == version
    person.full_name = "Test Person Renamed"
    person.save(update_fields=["full_name"])
    assert page_cache.content_version() != version


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('SELECT "conferences_edition"."id" FROM "conferences_edition"', False),
        ('SELECT 1 FROM "conferences_edition" FOR UPDATE', False),
        ('INSERT INTO "conferences_registration" ("edition_id") VALUES (%s)', True),
        ('UPDATE "conferences_edition" SET "capacity" = %s WHERE "id" = %s', True),
        ('DELETE FROM "partnerships_partnership_partners" WHERE "id" IN (%s)', True),
        ('INSERT INTO "core_auditevent" ("action") VALUES (%s)', False),
        ('UPDATE "accounts_apitoken" SET "last_used_at" = %s WHERE "id" = %s', False),
        ('UPDATE "accounts_person" SET "last_login" = %s WHERE "id" = %s', False),
        ('UPDATE "accounts_person" SET "last_login" = %s, "email" = %s WHERE "id" = %s', True),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('TRUNCATE "conferences_edition", "django_session"', True),
        ("WITH moved AS (DELETE FROM x RETURNING *) SELECT 1", True),
        ("insert into conferences_edition (id) values (1)", True),
    ],
)
def test_which_statements_change_public_content(sql, changes):
    assert page_cache.changes_public_content(sql) is changes


def test_every_database_connection_is_watched():
    assert page_cache._write_hook in connection.execute_wrappers


# --- Configuration ---------------------------------------------------------------------------


def test_the_cache_sits_after_the_language_and_before_csrf_and_authentication():
    order = settings.MIDDLEWARE
    position = order.index("partnerhub.core.page_cache.AnonymousPageCacheMiddleware")
    assert order.index("django.middleware.locale.LocaleMiddleware") < position
    assert order.index("partnerhub.core.input_checks.RejectNullCharactersMiddleware") < position
    assert position < order.index("django.middleware.csrf.CsrfViewMiddleware")
    assert position < order.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert position < order.index("csp.middleware.CSPMiddleware")


def test_page_cache_seconds_come_from_the_environment():
    expression = "s.PAGE_CACHE_SECONDS"
    unset = {"PAGE_CACHE_SECONDS": ""}
    assert settings_in_subprocess(unset, expression) == 0  # per-process memory cache: off
    with_redis = {**unset, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert settings_in_subprocess(with_redis, expression) == 60
    assert settings_in_subprocess({"PAGE_CACHE_SECONDS": "15"}, expression) == 15
    with_redis_off = {"REDIS_URL": "redis://127.0.0.1:6379/3", "PAGE_CACHE_SECONDS": "0"}
    assert settings_in_subprocess(with_redis_off, expression) == 0


# --- The language switcher of anonymous visitors ----------------------------------------------


def test_switching_language_sets_the_cookie_and_goes_back(client):
    url = reverse("calls:list")
    response = client.get(reverse("switch_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(url)
    assert '<html lang="en"' in page.content.decode()


def test_switching_language_refuses_a_foreign_next_and_an_unknown_language(client):
    response = client.get(
        reverse("switch_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    back = client.get(
        reverse("switch_language"),
        {"language": "fr", "next": "//evil.example/"},
        HTTP_REFERER="/conferences/",
    )
    assert back["Location"] == "/conferences/"
    assert back.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
