"""Matrix entries: home page, language switch, admin (one entry for the whole admin)."""

from .base import ADMIN_LOGIN, ANYONE, Entry, Redirect, everybody, expect

ENTRIES = [
    Entry("home", ANYONE),
    # the load test's baseline (core.views_bench): "ok" for everybody, no data
    Entry("healthz", ANYONE),
    # Django's set_language: POST only for changing; a GET just redirects back.
    Entry("set_language", everybody(302), method="post", data=lambda w: {"language": "en"}),
    # The anonymous visitors' language switcher (a GET, core.views_language): back to `next`.
    Entry(
        "switch_language",
        everybody(Redirect("/calls/")),
        data=lambda w: {"language": "en", "next": "/calls/"},
    ),
    # The admin is one gate (is_staff): organisers only; everybody else to the admin log-in.
    Entry("admin:index", expect(ADMIN_LOGIN, organiser=200)),
]
