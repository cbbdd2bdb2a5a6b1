"""Reads: learning."""

__all__: list[str] = []
