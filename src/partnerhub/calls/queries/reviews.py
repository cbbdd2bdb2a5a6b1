"""Reads: reviews."""

__all__: list[str] = []
