"""Matrix entries: reference data (public)."""

from .base import ANYONE, Entry

ENTRIES = [
    Entry("reference:countries", ANYONE),
    Entry("reference:country", ANYONE, args=lambda w: {"iso2": "gh"}),
    Entry("reference:dac_lists", ANYONE),
    Entry("reference:sdgs", ANYONE),
    Entry("reference:municipalities", ANYONE),
    Entry("reference:municipality", ANYONE, args=lambda w: {"slug": w.own.slug}),
]
