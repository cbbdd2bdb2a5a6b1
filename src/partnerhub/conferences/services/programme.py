"""Writes on the programme of an edition."""

__all__: list[str] = []
