"""The stored search document of partnerships and its GIN index (issue 7, performance).

The column exists on every database (SQLite stores nothing in it and keeps the
substring search); the GIN index and the filling of existing rows are
PostgreSQL only (`partnerships.search`).
"""

import django.contrib.postgres.search
from django.db import migrations

INDEX_NAME = "partnerships_search_vector_gin"


def create_index_and_fill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from partnerhub.partnerships.search import refresh_search_vectors

    table = schema_editor.quote_name("partnerships_partnership")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {table} USING gin (search_vector)"
    )
    refresh_search_vectors(using=connection.alias)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_themes_sdgs_descriptions_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnership",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index_and_fill, drop_index, elidable=False),
    ]
