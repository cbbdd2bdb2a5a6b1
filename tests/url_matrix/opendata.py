"""Matrix entries: open data (public, read-only) and the audit trail (organisers only)."""

from .base import ANYONE, Entry, organiser_only


def series(w):
    from tests.factories import SeriesFactory

    return w.once("opendata_series", lambda: SeriesFactory())


ENTRIES = [
    Entry("opendata:index", ANYONE),
    Entry("opendata:iati_partnerships", ANYONE),
    Entry("opendata:iati_learning_processes", ANYONE),
    Entry("opendata:csv", ANYONE, args=lambda w: {"slug": "partnerships"}),
    Entry("opendata:series_calendar", ANYONE, args=lambda w: {"series": series(w).slug}),
    Entry("audit:events", organiser_only()),
]
