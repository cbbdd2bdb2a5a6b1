"""Reads shared by the pages and the API, each in a fixed number of queries."""

from django.db.models import Count, Q, QuerySet

from .models import (
    PUBLICATION_LANGUAGE_CODES,
    OrderStatus,
    Publication,
    PublicationOrder,
    Series,
    Topic,
)

# The climate management guide (DOMAIN.md §3: offered free to write the action programme).
CLIMATE_GUIDE_SLUG = "klimamanagement-leitfaden"


def visible_publications(person=None) -> QuerySet[Publication]:
    """What the person may see: the catalogue, and for organisers unpublished entries too."""
    publications = Publication.objects.all()
    if person is None or not person.has_perm("publications.view_unpublished"):
        publications = publications.published()
    return publications


def catalogue(
    *,
    person=None,
    topic: str | None = None,
    language: str | None = None,
    series: str | None = None,
    q: str | None = None,
) -> QuerySet[Publication]:
    """The catalogue, newest first, filtered; unknown filter values are ignored."""
    publications = visible_publications(person)
    if topic in Topic.values:
        publications = publications.filter(topic=topic)
    if language in PUBLICATION_LANGUAGE_CODES:
        publications = publications.in_language(language)
    if series == "none":
        publications = publications.filter(series="")
    elif series in Series.values:
        publications = publications.filter(series=series)
    q = (q or "").strip()
    if q:
        words = Q()
        for field in ("title_de", "title_en", "title_fr", "title_es", "place"):
            words |= Q(**{f"{field}__icontains": q})
        if q.isdigit():
            words |= Q(number=int(q)) | Q(alternative_number=int(q))
        publications = publications.filter(words)
    return publications


def publication_for_page(slug: str, person=None) -> Publication | None:
    return visible_publications(person).filter(slug=slug).first()


def publication_by_id(pk: int, person=None) -> Publication | None:
    return visible_publications(person).filter(pk=pk).first()


def orderable_publications() -> list[Publication]:
    """Everything in print, for the order form (out-of-stock ones are shown, not orderable)."""
    return list(
        Publication.objects.published().in_print().order_by("topic", "series", "number", "slug")
    )


def climate_guide() -> Publication | None:
    """The climate management guide, for the climate partnership pages to link to."""
    return Publication.objects.published().filter(slug=CLIMATE_GUIDE_SLUG).first()


def order_by_token(token: str) -> PublicationOrder | None:
    return (
        PublicationOrder.objects.select_related("country")
        .prefetch_related("lines__publication")
        .filter(access_token=token)
        .first()
    )


def fulfilment_orders(status: str | None = OrderStatus.OPEN) -> QuerySet[PublicationOrder]:
    """Orders for the organisers' list, oldest first (the order they are sent in)."""
    orders = PublicationOrder.objects.select_related("country").prefetch_related(
        "lines__publication"
    )
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    return orders.order_by("created_at", "pk")


def order_counts() -> dict[str, int]:
    """How many orders are open, shipped, cancelled (one query)."""
    counts = dict.fromkeys(OrderStatus.values, 0)
    for row in PublicationOrder.objects.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts
