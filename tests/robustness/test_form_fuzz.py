"""Every form of the site, filled with random and hostile input: clear errors, no 500, nothing half.

The forms are found, not listed: with the demo data loaded, the test crawls the
site as each role (organiser, reviewer, member of a municipality, participant,
anonymous) from a few entry pages, following the site's own links (at most two
addresses of each shape, e.g. `/calls/proposals/<n>/`), and collects every
form with its fields (post forms, and get forms such as searches). A form
added later is therefore fuzzed without touching this file.

Each form is then posted, as the role that saw it, once per kind of input:
NUL characters, over-long text, HTML and script, other control characters,
wrong types and huge numbers (also in hidden fields, choices and as an upload
that is not a PDF), seeded random text, and nothing at all. Every answer must be
a re-rendered page (200), a redirect or a clean refusal (400, 403, 404, 405) —
never a server error (all of them are collected and listed) — and:

* a 200 page that shows errors has stored nothing: the number of rows of every
  table of the project is unchanged;
* the hostile script comes back escaped, never as markup.
"""

import random
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from partnerhub.accounts.models import Person
from partnerhub.core.demo import load_demo

pytestmark = pytest.mark.django_db

ROLES = {
    "organiser": "organiser@example.org",
    "reviewer": "reviewer@example.org",
    "member": "municipality@example.org",
    "participant": "participant@example.org",
    "anonymous": None,
}
ENTRY_PAGES = [
    "/",
    "/account/",
    "/conferences/",
    "/conferences/my-registrations/",
    "/conferences/hosting/",
    "/conferences/rotation/",
    "/calls/",
    "/calls/mine/",
    "/calls/reviews/",
    "/calls/learning-processes/",
    "/partnerships/",
    "/publications/",
    "/climate/",
    "/reference/municipalities/",
]
SKIP_PATHS = re.compile(
    r"^/(admin|api|static|media|i18n)/|\.(pdf|csv|xlsx|ics|xml|json)$|/logout/|/export"
)
PAGES_PER_ROLE = 90
PER_SHAPE = 2

SCRIPT = '<script>alert("fuzz")</script>'
HUGE = "9" * 40
VARIANTS = ("nul", "long", "html", "control", "types", "random", "missing")
APP_LABELS = {"core", "reference", "accounts", "partnerships", "conferences", "calls"}
APP_LABELS |= {"climate", "publications", "opendata", "api", "auth"}


# --- Finding the forms ------------------------------------------------------------------


class FormParser(HTMLParser):
    """Forms with method=post, their action and their fields (name, kind, options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links = [], []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = {"action": attrs.get("action") or "", "fields": {}, "method": method}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            name = attrs.get("name")
            if not name or name == "csrfmiddlewaretoken":
                return
            kind = attrs.get("type", "text").lower() if tag == "input" else tag
            if kind in ("submit", "button", "image", "reset"):
                kind = "button"
            field = self._form["fields"].setdefault(
                name, {"kind": kind, "value": attrs.get("value", ""), "options": []}
            )
            if kind in ("checkbox", "radio"):
                field["options"].append(attrs.get("value", "on"))
            if tag == "select":
                self._select = field
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/<n>", path)


def crawl(client) -> dict[tuple, dict]:
    """{(method, action shape, field names): form} of every form the client's role can see."""
    seen_shapes: dict[str, int] = defaultdict(int)
    queue, visited, forms = list(ENTRY_PAGES), set(), {}
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in visited or SKIP_PATHS.search(path) or seen_shapes[shape(path)] >= PER_SHAPE:
            continue
        visited.add(path)
        seen_shapes[shape(path)] += 1
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormParser()
        parser.feed(response.content.decode())
        for link in parser.links:
            target = urlsplit(urljoin(path, link))
            if not target.scheme and not target.netloc and target.path:
                queue.append(target.path)
        for form in parser.forms:
            action = urlsplit(urljoin(path, form["action"] or path)).path
            fields = {n: f for n, f in form["fields"].items() if f["kind"] != "button"}
            buttons = {n: f for n, f in form["fields"].items() if f["kind"] == "button"}
            fuzzable = [f for f in fields.values() if f["kind"] != "hidden"]
            if not fuzzable or SKIP_PATHS.search(action):
                continue  # a button only (delete, log out): nothing to fuzz
            key = (form["method"], shape(action), tuple(sorted(fields)))
            forms.setdefault(
                key,
                {
                    "page": path,
                    "action": action,
                    "fields": fields,
                    "buttons": buttons,
                    "method": form["method"],
                },
            )
    return forms


# --- Hostile input ------------------------------------------------------------------------


def random_text(rng: random.Random) -> str:
    alphabet = [chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x250), 0x2028, 0x202E, 0xFEFF)]
    alphabet += ["\n", "\r", "\t", "'", '"', "\\", "%", "{{", "{%"]
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))


def wrong_type(name: str) -> str:
    values = [HUGE, "-" + HUGE, "1e309", "NaN", "-1", "2026-02-30", "99:99", "[]", "{}", "0x1F"]
    return values[sum(map(ord, name)) % len(values)]


def hostile_value(variant: str, name: str, rng: random.Random) -> str:
    return {
        "nul": f"text\x00{name}\x00",
        "long": "x" * 100_000,
        "html": f"{SCRIPT}<img src=x onerror=alert(1)>",
        "control": "\x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f\u202eend",
        "types": wrong_type(name),
        "random": random_text(rng),
    }[variant]


def payload(form: dict, variant: str, rng: random.Random) -> dict:
    """The form's data for one kind of input; choices stay valid except for NUL and types."""
    data = {}
    if variant == "missing":
        return {n: f["value"] for n, f in form["fields"].items() if f["kind"] == "hidden"}
    every_field = variant in ("nul", "types")
    for name, field in form["fields"].items():
        kind = field["kind"]
        if kind == "file":
            if variant == "types":
                data[name] = SimpleUploadedFile(
                    "letter.pdf", b"not a PDF at all", "application/pdf"
                )
            continue
        if kind in ("select", "checkbox", "radio"):
            options = [o for o in field["options"] if o] or [""]
            data[name] = hostile_value(variant, name, rng) if every_field else options[-1]
        elif kind == "hidden" and not every_field:
            data[name] = field["value"]
        else:
            data[name] = hostile_value(variant, name, rng)
    for name, button in form["buttons"].items():
        data.setdefault(name, button["value"])  # the first button (e.g. save rather than submit)
        break
    return data


def row_counts() -> dict[str, int]:
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in APP_LABELS and model._meta.managed
    )
    sql = " UNION ALL ".join(
        f"SELECT '{t}', COUNT(*) FROM {connection.ops.quote_name(t)}" for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


ERROR_MARKERS = (
    'class="errorlist',
    "error-summary",
    'aria-invalid="true"',
    'class="messages error',
)


def shows_errors(html: str) -> bool:
    return any(marker in html for marker in ERROR_MARKERS)


# --- The test -----------------------------------------------------------------------------


NUL_MIDDLEWARE = "partnerhub.core.input_checks.RejectNullCharactersMiddleware"


@pytest.fixture
def demo(db):
    load_demo()


@pytest.fixture
def nul_middleware(settings):
    """The NUL check as production has it (see test_settings_refuse_nul_characters)."""
    if NUL_MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(
            middleware.index("django.middleware.common.CommonMiddleware") + 1, NUL_MIDDLEWARE
        )
        settings.MIDDLEWARE = middleware


def test_settings_refuse_nul_characters():
    """On PostgreSQL a NUL in a choice or a query parameter is a DataError (a 500) without it."""
    from django.conf import settings

    assert NUL_MIDDLEWARE in settings.MIDDLEWARE, (
        f"Add {NUL_MIDDLEWARE!r} to MIDDLEWARE in settings.py, after CommonMiddleware."
    )


def test_nul_characters_are_refused_with_400(client, nul_middleware):
    page = client.get("/partnerships/", {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert b"NUL character" in page.content
    api = client.get("/api/v1/countries", {"region": "\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "NUL character" in api.json()["detail"]
    form = client.post("/account/login/", {"username": "x\x00@example.org", "password": "p"})
    assert form.status_code == 400
    assert client.get("/partnerships/", {"q": "ordinary"}).status_code == 200


def test_every_form_rejects_hostile_input_cleanly(client, demo, nul_middleware):
    rng = random.Random(20261122)
    problems, fuzzed = [], []
    client.raise_request_exception = False  # collect every server error, then fail with all
    for role, email in ROLES.items():
        person = Person.objects.get(email=email) if email else None

        def login(person=person):
            client.logout()
            if person is not None:
                client.force_login(person)

        login()
        forms = crawl(client)
        for form in forms.values():
            fuzzed.append((role, form["action"]))
            for variant in VARIANTS:
                login()
                before = row_counts()
                send = client.post if form["method"] == "post" else client.get
                data = payload(form, variant, rng)
                if form["method"] != "post":
                    data = {k: v for k, v in data.items() if isinstance(v, str)}
                    if variant == "long":
                        data = {k: v[:2000] for k, v in data.items()}  # an address has limits
                response = send(form["action"], data, HTTP_ACCEPT_LANGUAGE="en")
                where = f"{role} {variant} → {form['action']} (from {form['page']})"
                if response.status_code not in (200, 302, 303, 400, 403, 404, 405):
                    error = getattr(response, "exc_info", None)
                    reason = f" ({error[0].__name__}: {error[1]})" if error else ""
                    problems.append(f"{where}: answered {response.status_code}{reason}")
                    continue
                if response.status_code != 200:
                    continue
                html = response.content.decode()
                if SCRIPT in html:
                    problems.append(f"{where}: the script came back unescaped")
                if shows_errors(html):
                    after = row_counts()
                    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
                    if changed:
                        problems.append(f"{where}: errors shown, but rows changed: {changed}")
    print(f"{len(fuzzed)} forms fuzzed with {len(VARIANTS)} kinds of input each:", *fuzzed)
    assert len(fuzzed) >= 20, f"only {len(fuzzed)} forms found: {fuzzed}"
    assert not problems, "\n".join(problems)
