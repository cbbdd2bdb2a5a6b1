"""Schemas every router shares: the error body and the `lang` parameter."""

from enum import StrEnum

from ninja import Schema


class ErrorOut(Schema):
    """Every 4xx answer: a message for people (and for validation errors, `errors`)."""

    detail: str
    errors: list[dict] | None = None


class Language(StrEnum):
    """Languages a caller may ask for with ?lang=; default is the request's language."""

    de = "de"
    en = "en"
    fr = "fr"
    es = "es"
