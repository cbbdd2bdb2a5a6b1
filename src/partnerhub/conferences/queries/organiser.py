"""Reads: the organisers' participant list, filters and statistics."""

__all__: list[str] = []
