"""Matrix entries: publications (catalogue, download, orders, fulfilment; API).

The catalogue and ordering are open to everybody, logged in or not; an order's page is
reached with its secret link; the fulfilment list and its actions are for organisers.
Unpublished entries exist only for organisers (404 for everybody else).
"""

from .base import ANYONE, Entry, api, everybody, expect, organiser_only

NOBODY_BUT_ORGANISERS = expect(404, organiser=200)


def publication(w, *, published=True, with_pdf=True):
    from django.core.files.base import ContentFile

    from tests.publications.helpers import make_publication

    def build():
        slug = f"matrix-{'public' if published else 'hidden'}-{'pdf' if with_pdf else 'print'}"
        made = make_publication(
            slug=slug, printed_stock=100, order_limit=10, is_published=published
        )
        if with_pdf:
            made.pdf.save(f"{slug}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        return made

    return w.once(f"publication:{published}:{with_pdf}", build)


def placed_order(w):
    from tests.publications.helpers import order

    return w.once("order", lambda: order({publication(w).pk: 1}))


def order_form(w):
    return {
        "submission_key": "",
        "organisation": "Sample Town, Office for International Relations",
        "street": "Sample Square 1",
        "postcode": "53113",
        "town": "Sample Town",
        "country": "DE",
        "email": "orders@example.org",
        "language": "en",
        "consent": "on",
        f"qty_{publication(w).pk}": "1",
    }


ENTRIES = [
    Entry("publications:catalogue", ANYONE),
    Entry("publications:detail", ANYONE, args=lambda w: {"slug": publication(w).slug}),
    Entry(
        "publications:detail",
        NOBODY_BUT_ORGANISERS,
        args=lambda w: {"slug": publication(w, published=False).slug},
        label="unpublished",
    ),
    Entry("publications:download", ANYONE, args=lambda w: {"slug": publication(w).slug}),
    Entry(
        "publications:download",
        NOBODY_BUT_ORGANISERS,
        args=lambda w: {"slug": publication(w, published=False).slug},
        label="unpublished",
    ),
    Entry(
        "publications:download",
        everybody(404),
        args=lambda w: {"slug": publication(w, with_pdf=False).slug},
        label="no pdf",
    ),
    Entry("publications:order_create", ANYONE),
    # Anybody may order (one order per role here; the stock is large enough).
    Entry(
        "publications:order_create", everybody(302), method="post", data=order_form, label="post"
    ),
    Entry("publications:order", ANYONE, args=lambda w: {"token": placed_order(w).access_token}),
    Entry(
        "publications:order", everybody(404), args=lambda w: {"token": "unknown"}, label="unknown"
    ),
    Entry("publications:fulfilment", organiser_only()),
    Entry("publications:fulfilment_export", organiser_only(), args=lambda w: {"fmt": "csv"}),
    Entry(
        "publications:fulfilment_export",
        organiser_only(404),
        args=lambda w: {"fmt": "pdf"},
        label="unknown format",
    ),
    Entry(
        "publications:order_ship",
        organiser_only(302),
        args=lambda w: {"pk": placed_order(w).pk},
        method="post",
        data=lambda w: {},
    ),
    Entry(
        "publications:order_cancel",
        organiser_only(302),
        args=lambda w: {"pk": placed_order(w).pk},
        method="post",
        data=lambda w: {"reason": "duplicate"},
    ),
    Entry("publications:order_ship", everybody(405), args=lambda w: {"pk": 1}, label="get"),
    api("GET", "/api/v1/publications", ANYONE),
    api(
        "GET",
        "/api/v1/publications/{publication_id}",
        ANYONE,
        args=lambda w: {"publication_id": publication(w).pk},
    ),
]
