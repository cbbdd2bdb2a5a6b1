"""Partnerhub: municipal development cooperation, organised in one place."""
