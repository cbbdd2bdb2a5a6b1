"""Reads: proposals."""

__all__: list[str] = []
