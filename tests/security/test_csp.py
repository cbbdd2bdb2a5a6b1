"""Content-Security-Policy: the header on pages, and no inline script in any template."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse

from tests.factories import EditionFactory, PersonFactory

pytestmark = pytest.mark.django_db

SRC = Path(settings.PACKAGE_DIR)
# PDF templates are rendered by WeasyPrint on the server, never sent to a browser: their
# <style> blocks are not subject to the CSP.
SERVER_ONLY = re.compile(r"/(pdf|email)/")

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)


def template_files():
    dirs = {Path(d) for d in engines["django"].engine.dirs}
    dirs |= set(SRC.glob("*/templates"))
    files = sorted({f for d in dirs for f in d.rglob("*.html")})
    assert len(files) > 50
    return files


def inline_problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    problems = []
    for attributes, body in SCRIPT_TAG.findall(text):
        if 'type="application/ld+json"' in attributes or "type='application/ld+json'" in attributes:
            continue  # a data block: browsers do not run it, the CSP does not apply
        if "src=" not in attributes:
            problems.append(f"inline <script>: {body.strip()[:60]!r}")
        elif body.strip():
            problems.append("<script src> with a body")
    problems += [f"event handler attribute {m}" for m in EVENT_ATTRIBUTE.findall(text)]
    problems += [f"javascript: URL in {m}" for m in JAVASCRIPT_URL.findall(text)]
    if not SERVER_ONLY.search(path.as_posix()):
        if STYLE_ATTRIBUTE.search(text):
            problems.append("style attribute (style-src has no 'unsafe-inline')")
        if STYLE_TAG.search(text):
            problems.append("<style> block (style-src has no 'unsafe-inline')")
    return problems


def test_no_template_has_inline_script_handlers_or_styles():
    found = {
        str(path.relative_to(SRC)): problems
        for path in template_files()
        if (problems := inline_problems(path))
    }
    assert not found, f"Inline code would be blocked by the Content-Security-Policy: {found}"


def test_the_scanner_finds_what_it_must(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<script>alert(1)</script><button onclick="x()">x</button>'
        '<a href="javascript:void(0)">y</a><p style="color:red">z</p>'
    )
    found = " ".join(inline_problems(bad))
    for expected in ("inline <script>", "onclick", "javascript:", "style attribute"):
        assert expected in found
    good = tmp_path / "good.html"
    good.write_text(
        '<script type="application/ld+json">{"@type": "Event"}</script>'
        '<script src="/static/js/x.js" defer></script><p data-onclick="no">on=</p>'
    )
    assert inline_problems(good) == []


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/account/login/",
        "/reference/countries/",
        "/partnerships/",
        "/conferences/",
        "/calls/",
        "/api/v1/docs",
    ],
)
def test_pages_carry_the_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_logged_in_pages_and_the_edition_page_with_json_ld(client):
    edition = EditionFactory()
    client.force_login(PersonFactory(is_organiser=True, is_staff=True))
    for url in (
        reverse("accounts:profile"),
        reverse("conferences:edition", args=[edition.series.slug, edition.number]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert policy(response)["script-src"] == "'self'"


def test_swagger_ui_is_started_from_a_static_file(client):
    html = client.get("/api/v1/docs").content.decode()
    scripts = SCRIPT_TAG.findall(html)
    assert scripts
    for attributes, _body in scripts:
        assert "src=" in attributes or "application/json" in attributes, attributes
