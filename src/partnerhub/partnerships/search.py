"""The stored search document of partnerships (`Partnership.search_vector`, PostgreSQL only).

`queries.search_partnerships` matches and ranks the words typed against this
stored `tsvector` (GIN index `partnerships_search_vector_gin`) instead of
computing the document for every partnership on every search. The document:

* the German municipality's name and the partner municipalities' names
  (`simple` configuration, weight A);
* the German description (`german`) and the English one (`english`), weight B;
* the French and Spanish descriptions (`simple`, weight C).

`refresh_search_vectors(ids)` recomputes it in one UPDATE and is the only place
that writes it. Callers: every partnership service that changes the document
(`services.partnership_create`, `partnership_update`, `partnership_set_partners`),
a rename of a municipality (`signals.py`: `post_save` of `Municipality`), the
migration that added the column, the demo loader, `bench/generate.py` and the
command `manage.py refresh_search_index`. Whatever writes partnerships or
municipality names around these (raw SQL, `QuerySet.update`, `bulk_create`) must
call it afterwards.

When the document changes (other fields, other configurations), change
`DOCUMENT` here and add a migration that calls `refresh_search_vectors()` again.

On SQLite there is no stored document: the column stays empty and the search
falls back to substring matching, so refreshing does nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections

from partnerhub.reference.models import Municipality

from .models import Partnership

INDEX_NAME = "partnerships_search_vector_gin"

# {p}: the partnership row being updated, {g}: its German municipality.
DOCUMENT = """
    setweight(to_tsvector('simple'::regconfig, COALESCE({g}.name, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig, COALESCE((
        SELECT string_agg(m.name, ' ' ORDER BY m.name, m.id)
        FROM {through} AS pp JOIN {municipality} AS m ON m.id = pp.municipality_id
        WHERE pp.partnership_id = {p}.id
    ), '')), 'A')
    || setweight(to_tsvector('german'::regconfig, COALESCE({p}.description_de, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE({p}.description_en, '')), 'B')
    || setweight(to_tsvector('simple'::regconfig,
        COALESCE({p}.description_fr, '') || ' ' || COALESCE({p}.description_es, '')), 'C')
"""


def refresh_search_vectors(
    partnership_ids: Iterable[int] | None = None, *, using: str = "default"
) -> int:
    """Recompute the stored search document of these partnerships (all when None).

    One `UPDATE … FROM` statement whatever the number of rows; returns the number
    of partnerships updated (0 on a database other than PostgreSQL).
    """
    if partnership_ids is None:
        return _refresh("TRUE", [], using)
    ids = sorted({int(pk) for pk in partnership_ids})
    if not ids:
        return 0
    return _refresh("p.id = ANY(%s)", [ids], using)


def refresh_for_municipality(municipality_id: int, *, using: str = "default") -> int:
    """Recompute the documents of the partnerships of a municipality (either side)."""
    through = connections[using].ops.quote_name(Partnership.partners.through._meta.db_table)
    return _refresh(
        "(p.german_municipality_id = %s OR p.id IN "
        f"(SELECT partnership_id FROM {through} WHERE municipality_id = %s))",
        [municipality_id, municipality_id],
        using,
    )


def _refresh(condition: str, params: list, using: str) -> int:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    quote = connection.ops.quote_name
    document = DOCUMENT.format(
        p="p",
        g="g",
        through=quote(Partnership.partners.through._meta.db_table),
        municipality=quote(Municipality._meta.db_table),
    )
    sql = (
        f"UPDATE {quote(Partnership._meta.db_table)} AS p SET search_vector = {document} "
        f"FROM {quote(Municipality._meta.db_table)} AS g "
        f"WHERE g.id = p.german_municipality_id AND {condition}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
