"""Matrix entries: partner matchmaking (suggestions for a municipality, hiding from them)."""

from .base import LOGGED_IN, LOGIN, Entry, expect

MEMBERS_AND_ORGANISERS = expect(
    403, anonymous=LOGIN, member_own=200, reviewer_conflict=200, organiser=200
)

ENTRIES = [
    Entry("partnerships:suggestions", LOGGED_IN),
    Entry(
        "partnerships:suggestions_for",
        MEMBERS_AND_ORGANISERS,
        args=lambda w: {"slug": w.own.slug},
    ),
    Entry(
        "partnerships:suggestions_visibility",
        expect(403, anonymous=LOGIN, member_own=302, reviewer_conflict=302, organiser=302),
        args=lambda w: {"slug": w.own.slug},
        method="post",
        data=lambda w: {"visibility": "hide"},
        label="post",
    ),
    Entry(
        "partnerships:suggestions_visibility",
        expect(405, anonymous=LOGIN),
        args=lambda w: {"slug": w.own.slug},
        label="get",
    ),
]
