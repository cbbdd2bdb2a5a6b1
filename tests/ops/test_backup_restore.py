"""Backup and restore end to end on PostgreSQL: demo data → scripts/backup → scripts/restore
into a new database → the same rows, table by table, and the same uploaded files.

Runs in the PostgreSQL stage of CI (DATABASE_URL=postgres://…); on SQLite it is skipped,
because the scripts back up PostgreSQL (pg_dump custom format). Needs pg_dump, pg_restore
and psql on PATH.
"""

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings

from partnerhub.core.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]
# Tables whose content must be identical, not only as many rows: a checksum over every row.
KEY_TABLES = (
    "reference_country",
    "accounts_person",
    "partnerships_partnership",
    "conferences_edition",
    "conferences_registration",
    "calls_proposal",
    "core_auditevent",
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="backup and restore use pg_dump/pg_restore: run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql")),
        reason="pg_dump, pg_restore and psql must be on PATH",
    ),
]


def database_url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    return f"postgres://{s['USER']}{password}@{host}:{port}/{name}"


def table_figures(url: str) -> tuple[dict[str, int], dict[str, str]]:
    """Row count of every table, and an md5 over the rows of the key tables."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }
        checksums = {
            table: conn.execute(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()[0]
            for table in KEY_TABLES
        }
    return counts, checksums


def run(*args, env=None):
    result = subprocess.run(
        [str(a) for a in args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_into_a_new_database(tmp_path):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        load_demo(write=lambda text: None)
    media = tmp_path / "media"
    (media / "private" / "calls").mkdir(parents=True)
    secret = media / "private" / "calls" / "letter.pdf"
    secret.write_bytes(b"%PDF-1.4 sample letter\n")
    source = database_url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}

    folder = Path(run("scripts/backup", tmp_path / "backups", env=env).strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} == {
        "database.dump",
        "media.tar.gz",
        "MANIFEST",
        "SHA256SUMS",
    }
    assert "***@" in (folder / "MANIFEST").read_text() or "@" not in source

    restored_name = f"test_restore_{uuid.uuid4().hex[:12]}"
    restored = database_url(restored_name)
    restored_media = tmp_path / "restored-media"
    try:
        run("scripts/restore", folder, restored, restored_media, env=env)
        counts, checksums = table_figures(source)
        restored_counts, restored_checksums = table_figures(restored)
        assert restored_counts == counts
        assert restored_checksums == checksums
        assert counts["conferences_edition"] > 0 and counts["accounts_person"] > 0
        with psycopg.connect(restored) as conn:  # the planner's statistics were gathered
            unanalysed = conn.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NULL"
                " AND relname IN ('conferences_registration', 'core_auditevent')"
            ).fetchall()
        assert unanalysed == []
        copy = restored_media / "private" / "calls" / "letter.pdf"
        assert (
            hashlib.sha256(copy.read_bytes()).digest()
            == hashlib.sha256(secret.read_bytes()).digest()
        )

        # Never over existing data: the same target again is refused, nothing changes.
        again = subprocess.run(
            ["scripts/restore", str(folder), restored], cwd=ROOT, env=env, capture_output=True
        )
        assert again.returncode != 0 and b"exists already" in again.stderr
    finally:
        with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')


def test_a_damaged_backup_is_refused(tmp_path):
    folder = tmp_path / "partnerhub-x"
    folder.mkdir()
    for name in ("database.dump", "media.tar.gz"):
        (folder / name).write_bytes(b"x")
    (folder / "SHA256SUMS").write_text("0" * 64 + "  database.dump\n")
    result = subprocess.run(
        ["scripts/restore", str(folder), database_url("never_created")],
        cwd=ROOT,
        capture_output=True,
    )
    assert result.returncode != 0 and b"damaged" in result.stderr
