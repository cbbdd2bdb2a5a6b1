"""Writes on the grants of an edition."""

__all__: list[str] = []
