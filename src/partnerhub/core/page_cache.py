"""A page cache for anonymous visitors: public pages are rendered once per language and
content version, then served from the cache (Redis in production) for a short time.

Why: a public page costs 10–40 ms of CPU in Django (queries, template, middleware);
served from the cache it costs about as much as `/healthz` (docs/performance.md).

**What is cached** (`AnonymousPageCacheMiddleware`): only

* GET and HEAD requests (a HEAD is answered from what a GET stored, never stores: a
  view may answer HEAD without a body);
* of visitors who are not logged in and have nothing pending: no session cookie, no
  messages cookie, no `Authorization` header (API tokens);
* to a URL whose name is in `PUBLIC_URL_NAMES`, the public pages and public API reads
  that show everybody the same thing (files and downloads are not in it);
* when the answer is a complete 200 that sets no cookie, did not use the CSRF token
  (no form with a token: the token would be another visitor's), did not write to the
  session, is not marked `private`/`no-store` and carries no CSP nonce.

The key is the full address (scheme, host, path and query string; GET and HEAD alike)
and the language LocaleMiddleware chose; the entry keeps the headers of the answer as
the inner middleware left them (Content-Security-Policy, X-Frame-Options), and the
outer middleware (SecurityMiddleware, LocaleMiddleware) adds its headers to every answer,
hit or not. `X-Page-Cache: hit|miss` tells which; requests the cache does not consider
get no such header. `PAGE_CACHE_SECONDS` is how long an entry lives (0: no cache).

**Invalidation: a content version.** Every entry records the content version that was
current when its request *started*; an entry whose version is not the current one is a
miss. The version is a random token in the cache (random, so that it cannot repeat
after the cache lost it; a lost version simply makes every entry a miss). Any write to a
table of our own apps gives it a new value, except the few tables no public page shows
(`UNSHOWN_MODELS`: the audit trail, API tokens, two-factor devices) and the log-in time
of a person. The writes are seen at the level of SQL statements (a database
execute wrapper, installed by `install()` on every connection): signals would miss
`QuerySet.update()`, `bulk_create()`, `bulk_update()` and fast deletes, which the
services use (registration counts, retention, reference data), and a global
`post_delete` receiver would turn off Django's fast deletes for every model.

A write in autocommit mode changes the version at once. A write inside a transaction
changes it once, right after the commit (however many statements wrote): before the
commit nobody else can read the new rows, and a request that read the old rows, before
or during the commit, recorded the old version, so its entry is a miss afterwards.
Changing it at the write as well would only cost a round trip to the cache per
statement (three per registration).

What the version cannot see: time. A page that depends on the clock (registration
opens at 10:00, a call's deadline passed) shows the old state for at most
`PAGE_CACHE_SECONDS` after the moment; the services check the time themselves, so
nothing is accepted late. A view that knows the moment can keep its entry no longer
than until then with `Cache-Control: max-age` (`patch_cache_control(response,
max_age=seconds)`; `max_age=0`: not stored). The same holds for a deploy (new
templates or translations).

If the cache cannot be reached, pages are rendered as without it and a write that
cannot change the version is logged (not refused): entries then live at most
`PAGE_CACHE_SECONDS` longer than they should.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_max_age, patch_vary_headers

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
VERSION_KEY = "page-cache:version"
ENTRY_PREFIX = "page-cache:entry:"
# Larger answers are not stored (no public page comes near it; it bounds the memory
# one entry takes).
MAX_ENTRY_BYTES = 2 * 1024 * 1024

# The pages and API reads that answer every anonymous visitor alike. Not in it: pages
# with forms for anonymous visitors (log-in, publication order), pages opened with a
# personal link (registration tokens), organisers' and members' pages, and files
# (PDF, XLSX, ICS, CSV, IATI XML), which are downloads, larger, and read rarely.
PUBLIC_URL_NAMES = frozenset(
    {
        "home",
        # conferences
        "conferences:overview",
        "conferences:archive",
        "conferences:edition",
        "conferences:programme",
        # partnerships
        "partnerships:list",
        "partnerships:detail",
        "partnerships:map",
        # calls and learning processes
        "calls:list",
        "calls:call",
        "calls:statistics",
        "calls:learning_processes",
        "calls:learning_process",
        # climate partnerships
        "climate:overview",
        "climate:programme",
        "climate:versions",
        "climate:version",
        # publications
        "publications:catalogue",
        "publications:detail",
        # reference data
        "reference:countries",
        "reference:country",
        "reference:dac_lists",
        "reference:sdgs",
        "reference:municipalities",
        "reference:municipality",
        "opendata:index",
        # the API's public reads (GET only; a token or a session is never served from here)
        "api-v1:list_countries",
        "api-v1:country_oda",
        "api-v1:list_sdgs",
        "api-v1:list_series",
        "api-v1:list_editions",
        "api-v1:get_edition",
        "api-v1:list_calls",
        "api-v1:get_call",
        "api-v1:list_learning_processes",
        "api-v1:list_partnerships",
        "api-v1:get_partnership",
        "api-v1:list_programmes",
        "api-v1:get_programme",
        "api-v1:list_publications",
        "api-v1:get_publication",
    }
)

# Models of our apps that no public page shows and that are written often: writing them
# does not change the content version.
UNSHOWN_MODELS = frozenset(
    {"core.AuditEvent", "accounts.ApiToken", "accounts.TwoFactorDevice", "accounts.RecoveryCode"}
)
# Columns whose update alone changes no public page (the log-in time, written at every
# log-in). An UPDATE that sets any other column changes the version.
UNSHOWN_COLUMNS = {"accounts_person": frozenset({"last_login"})}


# --- The content version ---------------------------------------------------------------


def content_version() -> str:
    """The current content version (made if the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
    return version


def _new_version() -> str:
    token = uuid.uuid4().hex
    if cache.add(VERSION_KEY, token, timeout=None):
        return token
    return cache.get(VERSION_KEY) or token


_last_failure_logged = 0.0


def bump_content_version() -> None:
    """Public content changed: every stored page becomes a miss."""
    global _last_failure_logged
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache is down: the write itself must not fail
        if time.monotonic() - _last_failure_logged > 60:  # not once per statement
            _last_failure_logged = time.monotonic()
            logger.exception("Could not change the page cache's content version")


def content_changed(connection) -> None:
    """Called after a statement that changed public content ran on `connection`."""
    if not connection.in_atomic_block:
        bump_content_version()
    elif not any(hook[1] is bump_content_version for hook in connection.run_on_commit):
        connection.on_commit(bump_content_version)  # once per transaction, after the commit


_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "MERGE", "WITH")
_TARGET = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?',
    re.IGNORECASE,
)
_SET_CLAUSE = re.compile(r"\sSET\s(.*?)\sWHERE\s", re.IGNORECASE | re.DOTALL)
_ASSIGNED = re.compile(r'"?(\w+)"?\s*=')
_WRITE_IN_CTE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_watched_tables: frozenset[str] | None = None


def watched_tables() -> frozenset[str]:
    """The tables of our apps (with their many-to-many tables) whose rows pages show."""
    global _watched_tables
    if _watched_tables is None:
        _watched_tables = frozenset(
            model._meta.db_table
            for config in apps.get_app_configs()
            if config.name.startswith("partnerhub.")
            for model in config.get_models(include_auto_created=True)
            if model._meta.label not in UNSHOWN_MODELS
        )
    return _watched_tables


def changes_public_content(sql: str) -> bool:
    """Whether an SQL statement writes to a table that public pages show.

    Reads are recognised by their first word; a write whose table cannot be read from
    the statement counts as a change (better a miss than a stale page).
    """
    verb = sql[:16].lstrip()[:8].upper()
    if not verb.startswith(_WRITE_VERBS):
        return False
    if verb.startswith("TRUNCATE"):
        return True
    if verb.startswith("WITH"):
        return bool(_WRITE_IN_CTE.search(sql))
    target = _TARGET.match(sql)
    if target is None:
        return True
    table = target.group(1)
    if table not in watched_tables():
        return False
    unshown = UNSHOWN_COLUMNS.get(table)
    if unshown and verb.startswith("UPDATE"):
        assignments = _SET_CLAUSE.search(sql)
        if assignments and set(_ASSIGNED.findall(assignments.group(1))) <= unshown:
            return False
    return True


def _write_hook(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if changes_public_content(sql):
        content_changed(context["connection"])
    return result


def _install_on(connection, **kwargs) -> None:
    # First in the list: `connection.execute_wrapper()` blocks pop the last one.
    if _write_hook not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _write_hook)


def install() -> None:
    """Watch every database connection for writes (called from CoreConfig.ready)."""
    from django.db import connections

    connection_created.connect(_install_on, dispatch_uid="partnerhub.page_cache")
    for connection in connections.all(initialized_only=True):
        _install_on(connection)


# --- The middleware ---------------------------------------------------------------------


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.view_name in PUBLIC_URL_NAMES


def _entry_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    language = getattr(request, "LANGUAGE_CODE", "")
    digest = hashlib.sha256(f"{language}|{address}".encode()).hexdigest()
    return ENTRY_PREFIX + digest


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if "*" in response.get("Vary", ""):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    content = response.content
    return len(content) <= MAX_ENTRY_BYTES and b"csrfmiddlewaretoken" not in content


def _from_entry(entry) -> HttpResponse:
    _version, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


class AnonymousPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache (see the module docstring).

    In MIDDLEWARE after LocaleMiddleware (it decides the language, part of the key) and
    after CommonMiddleware and RejectNullCharactersMiddleware (their redirects and
    refusals come first), before CsrfViewMiddleware and everything after it, which a hit
    skips: CSRF, authentication, messages, the two-factor gate, and the views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _cacheable_request(request):
            return self.get_response(request)
        key = _entry_key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or _new_version()
        except Exception:
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            response = _from_entry(entry)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        # A view whose page changes at a known moment (a deadline) may say so with max-age.
        max_age = get_max_age(response)
        if max_age is not None:
            seconds = min(seconds, max_age)
        if seconds > 0 and request.method == "GET" and _storable(request, response):
            entry = (version, response.status_code, list(response.items()), response.content)
            try:
                cache.set(key, entry, timeout=seconds)
            except Exception:
                logger.exception("Page cache unavailable")
        response[HEADER] = "miss"
        return response
