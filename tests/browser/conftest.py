"""Browser tests: Playwright (PyPI, sync API) driving Debian's Chromium against `live_server`.

Fixtures
--------
``browser``         one headless Chromium for all the browser tests.
``page``            a fresh browser context and page per test, ``base_url`` set to the
                    live server, so ``page.goto("/")`` works. German by default.
``browser_locale``  the locale of ``page`` (sent as Accept-Language). Override it per test
                    with ``@pytest.mark.parametrize("browser_locale", ["en-GB"])``.
``new_page``        a factory for more pages, each in its own context:
                    ``new_page(locale="fr-FR", viewport={"width": 375, "height": 740})``;
                    other keywords go to ``browser.new_context`` (``java_script_enabled=False``).

Every test under ``tests/browser/`` gets the ``browser`` marker, so ``pytest -m "not
browser"`` leaves them out. Every test leaves a screenshot of its pages in ``test-artifacts/``.

We never run ``playwright install``: Chromium comes from Debian (``make browser`` or
``scripts/install-test-deps``). Without it the tests fail, they are not skipped.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
DEFAULT_LOCALE = "de-DE"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# Actions and `expect`: long enough for a slow CI machine, short enough that a wrong selector
# fails quickly.
TIMEOUT_MS = 10_000

BROWSER_DIR = Path(__file__).resolve().parent


def chromium_executable() -> str | None:
    """Debian's Chromium: $CHROMIUM, else `chromium` on PATH, else /usr/bin/chromium."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects, so `-m "not browser"` sees the marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, for the screenshot on failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# Package scope: Playwright (and its event loop, see below) stops once the browser tests are
# done, so the rest of the suite runs without them.
@pytest.fixture(scope="package")
def browser():
    executable = chromium_executable()
    if executable is None:
        pytest.fail(
            "Chromium is not installed, so the browser tests cannot run. "
            "Install Debian's Chromium with `make browser` (or ./scripts/install-test-deps), "
            "or point $CHROMIUM at a Chromium binary. Never `playwright install`.",
            pytrace=False,
        )

    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    # Playwright's sync API keeps an asyncio event loop running in this thread while it is
    # started, and Django refuses ORM calls from a thread with a running loop. The test code
    # is still synchronous, so allow it for as long as Playwright runs, and restore afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as exc:
        playwright.stop()
        pytest.fail(f"Chromium at {executable} did not start: {exc}", pytrace=False)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_locale():
    """The locale of the `page` fixture; parametrize this name to change it."""
    return DEFAULT_LOCALE


@pytest.fixture
def new_page(browser, live_server, request):
    """Factory: a page in a new browser context against the live server.

    Every context is closed after the test. A screenshot of each page still open is saved
    to test-artifacts/<test name>[-<n>].png, as the journey's artefact when it passed and to
    show what went wrong when it failed (then named failed-<test name>…).
    """
    contexts = []

    def make(locale=DEFAULT_LOCALE, viewport=DESKTOP, **context_args):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport=viewport, **context_args
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make

    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    save_screenshots(request, [p for c in contexts for p in c.pages], failed=failed)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page, browser_locale):
    """A fresh page (own cookies, own storage) against the live server."""
    return new_page(locale=browser_locale)


def save_screenshots(request, pages, *, failed: bool) -> None:
    directory = Path(request.config.rootpath) / "test-artifacts"
    directory.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid).strip("_")
    name = f"failed-{name}" if failed else name
    for number, open_page in enumerate(pages):
        suffix = f"-{number}" if number else ""
        path = directory / f"{name}{suffix}.png"
        try:
            open_page.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # a crashed page must not hide the real failure
            print(f"could not save screenshot {path}: {exc}")
        else:
            if failed:
                print(f"screenshot: {path}")


@pytest.fixture(autouse=True)
def _password_log_in_completes_two_factor(request):
    """Journeys that log in through the form skip the second factor, unless marked `two_factor`.

    Like `force_login` in tests/conftest.py: organisers and reviewers need two-factor
    authentication (core.middleware.TwoFactorMiddleware); journeys about something else
    log them in with the password only and the session counts as verified (the live server
    runs in this process, so the signal reaches it). tests/browser/test_two_factor_journey.py
    is marked `two_factor` and goes through the real set-up and code pages.
    """
    if request.node.get_closest_marker("two_factor"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    from partnerhub.accounts.two_factor import SESSION_KEY

    def mark_verified(sender, request, user, **kwargs):
        if request is not None and hasattr(request, "session"):
            request.session[SESSION_KEY] = user.pk

    user_logged_in.connect(mark_verified, dispatch_uid="browser-two-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="browser-two-factor")
