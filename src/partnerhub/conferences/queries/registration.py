"""Reads: registration as a person sees it."""

__all__ = ["registration_box"]


def registration_box(edition, person) -> dict | None:
    """What the edition page shows about registering (filled in by the registration pages)."""
    return None
