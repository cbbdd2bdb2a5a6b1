"""Reads: public."""

__all__: list[str] = []
