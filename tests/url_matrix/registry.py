"""Collects the matrix: every entry of every module here, every URL of the project."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from .base import Entry

HERE = Path(__file__).parent
NOT_ENTRY_MODULES = {"base", "registry", "world"}
# Admin pages are Django's own, behind one gate (is_staff): one entry covers them all.
WHOLE_NAMESPACES = {"admin"}


def entry_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(HERE)])
        if not info.name.startswith("test") and info.name not in NOT_ENTRY_MODULES
    )


def all_entries() -> list[Entry]:
    entries: list[Entry] = []
    for name in entry_modules():
        module = importlib.import_module(f"tests.url_matrix.{name}")
        entries.extend(getattr(module, "ENTRIES", ()))
    return entries


def _walk(patterns, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def url_names() -> set[str]:
    """Every named URL outside the admin, except the API's operations (see api_operations)."""
    names = set()
    for namespace, pattern in _walk(get_resolver().url_patterns):
        top = (namespace or "").split(":")[0]
        if top in WHOLE_NAMESPACES:
            names.add(f"{top}:*")
            continue
        if getattr(pattern.callback, "__module__", "").startswith("ninja.operation"):
            continue  # an API operation: covered per method and path below
        if pattern.name is None:
            names.add(f"<unnamed {pattern.pattern}>")
            continue
        names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def api_operations() -> set[str]:
    """ "METHOD /api/v1/path/{param}" for every operation of the OpenAPI document."""
    from partnerhub.api.urls import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}
    }


def covered(entries: list[Entry]) -> set[str]:
    names = set()
    for entry in entries:
        names.add(entry.name)
        top = entry.name.split(":")[0]
        if ":" in entry.name and top in WHOLE_NAMESPACES:
            names.add(f"{top}:*")
    return names
