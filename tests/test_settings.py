"""Configuration comes only from the environment; SQLite is set up for concurrent writers."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


def settings_in_subprocess(env: dict[str, str], expression: str):
    code = f"import json, partnerhub.settings as s; print(json.dumps({expression}, default=str))"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_sqlite_file_database_runs_in_wal_mode_with_immediate_transactions(
    tmp_path, django_db_blocker
):
    wrapper = DatabaseWrapper(
        {
            **settings.DATABASES["default"],
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "wal.sqlite3"),
            "OPTIONS": settings.SQLITE_OPTIONS,
            "TEST": {},
        },
        alias="wal-check",
    )
    with django_db_blocker.unblock():
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone()[0] >= 5000
            assert wrapper.transaction_mode == "IMMEDIATE"
        finally:
            wrapper.close()


def test_database_url_selects_postgresql():
    engine = settings_in_subprocess(
        {"DATABASE_URL": "postgres://user:secret@db.example.org:5432/partnerhub"},
        "[s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST']]",
    )
    assert engine == ["django.db.backends.postgresql", "db.example.org"]


def test_postgresql_prepares_statements_unless_turned_off_for_a_pooler():
    url = {"DATABASE_URL": "postgres://user:secret@db.example.org:5432/partnerhub"}
    options = "s.DATABASES['default'].get('OPTIONS', {})"
    assert settings_in_subprocess(url, options) == {
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
    off = {**url, "DATABASE_PREPARED_STATEMENTS": "off"}
    assert settings_in_subprocess(off, options) == {}
    with_url_options = {"DATABASE_URL": url["DATABASE_URL"] + "?sslmode=require"}
    assert settings_in_subprocess(with_url_options, options)["sslmode"] == "require"


def test_default_is_an_embedded_sqlite_file():
    engine, name = settings_in_subprocess(
        {}, "[s.DATABASES['default']['ENGINE'], str(s.DATABASES['default']['NAME'])]"
    )
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("partnerhub.sqlite3")


def test_redis_url_enables_the_redis_cache_and_cached_sessions():
    cache, sessions = settings_in_subprocess(
        {"REDIS_URL": "redis://127.0.0.1:6379/3"},
        "[s.CACHES['default']['BACKEND'], s.SESSION_ENGINE]",
    )
    assert cache == "partnerhub.core.redis_cache.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cached_db"


def test_debug_hosts_and_mail_come_from_the_environment():
    values = settings_in_subprocess(
        {
            "DEBUG": "true",
            "ALLOWED_HOSTS": "partnerhub.example.org, www.example.org",
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "2525",
        },
        "[s.DEBUG, s.ALLOWED_HOSTS, s.EMAIL_BACKEND, s.EMAIL_PORT]",
    )
    assert values == [
        True,
        ["partnerhub.example.org", "www.example.org"],
        "django.core.mail.backends.smtp.EmailBackend",
        2525,
    ]


def test_deploy_check_refuses_the_development_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={k: v for k, v in os.environ.items() if k != "SECRET_KEY"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "partnerhub.E001" in result.stderr


def test_passwords_are_hashed_with_argon2():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
