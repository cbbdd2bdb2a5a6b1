"""The publications catalogue through the API.

* `GET /api/v1/publications?topic=&language=&series=&q=&lang=`: the catalogue,
  newest first (entries without a date last). `topic` is one of `climate`,
  `conferences`, `connective_cities`, `general`; `language` a language the
  publication exists in (`de`, `en`, `fr` …); `series` `material` or `none`.
* `GET /api/v1/publications/{id}`: one publication.

Public: no token needed (an organiser's token or session also shows entries
not yet published). Each publication has its number in the series (and the
other number a source gives, with `source_note`), the date at its precision
as partial ISO 8601 (`2010-06`, `2009`), the languages, `download_url` when a
PDF exists, and `in_print` / `orderable` for printed copies (orders are placed
on the web page `order_url`). Titles come in the language asked for (`lang`
or Accept-Language), falling back to the original language; `titles` holds
all four.
"""

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from partnerhub.api.calls import MAX_ID, OPTIONAL, optional_auth
from partnerhub.api.schemas import ErrorOut, Language, lang_field
from partnerhub.publications import queries
from partnerhub.publications.models import Publication

router = Router(tags=["publications"])


class Choice(Schema):
    value: str
    label: str


class Titles(Schema):
    de: str
    en: str
    fr: str
    es: str


class PublicationOut(Schema):
    id: int
    slug: str
    series: Choice | None
    number: int | None
    alternative_number: int | None = Field(
        None, description="Another number a source gives for the same publication."
    )
    display_number: str
    kind: Choice
    title: str
    titles: Titles
    original_language: str
    date: str | None = Field(None, description="ISO 8601 at its precision: 2010-06, 2009.")
    date_precision: str
    place: str
    languages: list[str]
    topic: Choice
    description: str
    online_only: bool
    download_url: str | None
    in_print: bool = Field(description="Printed copies exist (they may be out of stock).")
    orderable: bool = Field(description="Printed copies can be ordered now.")
    printed_stock: int | None
    order_limit: int
    order_url: str | None
    url: str
    source_note: str
    is_sample: bool
    is_published: bool


class LanguageParam(Schema):
    lang: Language | None = lang_field()


class PublicationFilters(LanguageParam):
    topic: str | None = Field(
        None,
        pattern="^(climate|conferences|connective_cities|general)$",
        description="Topic: climate, conferences, connective_cities or general.",
    )
    language: str | None = Field(
        None, pattern="^[a-z]{2}$", description="Available in this language (code, e.g. fr)."
    )
    series: str | None = Field(
        None,
        pattern="^(material|none)$",
        description="`material` for the numbered series, `none` for the others.",
    )
    q: str | None = Field(None, max_length=100, description="Words in the title or the number.")


def _publication(publication: Publication) -> dict:
    detail_url = reverse("publications:detail", args=[publication.slug])
    order_url = None
    if publication.orderable:
        order_url = f"{reverse('publications:order_create')}?publication={publication.slug}"
    return {
        "id": publication.pk,
        "slug": publication.slug,
        "series": (
            {"value": publication.series, "label": str(publication.get_series_display())}
            if publication.series
            else None
        ),
        "number": publication.number,
        "alternative_number": publication.alternative_number,
        "display_number": str(publication.display_number),
        "kind": {"value": publication.kind, "label": str(publication.get_kind_display())},
        "title": publication.title,
        "titles": {
            code: getattr(publication, f"title_{code}") for code in ("de", "en", "fr", "es")
        },
        "original_language": publication.original_language,
        "date": publication.iso_date,
        "date_precision": publication.date_precision,
        "place": publication.place,
        "languages": publication.language_codes,
        "topic": {"value": publication.topic, "label": str(publication.get_topic_display())},
        "description": publication.description,
        "online_only": publication.online_only,
        "download_url": (
            reverse("publications:download", args=[publication.slug]) if publication.pdf else None
        ),
        "in_print": publication.in_print,
        "orderable": publication.orderable,
        "printed_stock": publication.printed_stock,
        "order_limit": publication.order_limit,
        "order_url": order_url,
        "url": detail_url,
        "source_note": publication.source_note,
        "is_sample": publication.is_sample,
        "is_published": publication.is_published,
    }


def _language(lang: Language | None) -> str:
    return lang.value if lang else translation.get_language()


@router.get(
    "",
    response={200: list[PublicationOut], 400: ErrorOut, 401: ErrorOut},
    auth=optional_auth,
    openapi_extra=OPTIONAL,
    summary="The publications catalogue",
)
def list_publications(request, filters: Query[PublicationFilters]):
    """Every publication of the catalogue, newest first, filtered by topic, language, series
    or a search over titles and numbers."""
    publications = queries.catalogue(
        person=request.auth,
        topic=filters.topic,
        language=filters.language,
        series=filters.series,
        q=filters.q,
    )
    with translation.override(_language(filters.lang)):
        return [_publication(publication) for publication in publications]


@router.get(
    "/{publication_id}",
    response={200: PublicationOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    auth=optional_auth,
    openapi_extra=OPTIONAL,
    summary="One publication",
)
def get_publication(
    request,
    filters: Query[LanguageParam],
    publication_id: int = Path(..., ge=1, le=MAX_ID, description="Id of the publication."),
):
    """One publication of the catalogue."""
    publication = queries.publication_by_id(publication_id, request.auth)
    if publication is None:
        raise Http404(_("No publication with the id %(id)s.") % {"id": publication_id})
    with translation.override(_language(filters.lang)):
        return _publication(publication)
