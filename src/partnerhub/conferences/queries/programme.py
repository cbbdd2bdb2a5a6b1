"""Reads: the programme of an edition."""

__all__ = ["edition_programme"]


def edition_programme(edition) -> dict | None:
    """The programme shown on the edition page (filled in by the programme pages)."""
    return None
