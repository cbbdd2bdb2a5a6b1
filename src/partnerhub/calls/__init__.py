"""Calls for proposals, review, selection and learning processes (DOMAIN.md §2)."""
