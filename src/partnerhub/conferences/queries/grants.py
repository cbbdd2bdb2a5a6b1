"""Reads: travel grants and the budget of an edition."""

__all__: list[str] = []
