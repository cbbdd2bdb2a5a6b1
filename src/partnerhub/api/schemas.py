"""Schemas every router shares: the error body and the `lang` parameter."""

from enum import StrEnum

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """Every 4xx answer: a message for people, and where it helps, what exactly went wrong.

    `errors`: for 400, the parameters or body fields that do not match the
    schema (as pydantic reports them). `fields`: for 404 and 422, messages per
    field of the request, keyed as the rules key them (e.g. `people[1].email`).
    """

    detail: str
    errors: list[dict] | None = None
    fields: dict[str, list[str]] | None = Field(
        None, description="Messages per field, e.g. {'people[1].email': ['…']}."
    )


LANG_DESCRIPTION = (
    "Language of names, titles and messages: de, en, fr or es. Default: the request's "
    "language (Accept-Language, or the language cookie of a browser session)."
)


def lang_field():
    """The optional `lang` parameter of a filter schema, described."""
    return Field(None, description=LANG_DESCRIPTION)


class Language(StrEnum):
    """Languages a caller may ask for with ?lang=; default is the request's language."""

    de = "de"
    en = "en"
    fr = "fr"
    es = "es"
