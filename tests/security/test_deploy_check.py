"""`manage.py check --deploy` with the production environment of README/docs is silent."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qz9vT2!mX4pL8wR6yB1nC5dF3gH0jS-aE7uI2oP9kJ4lM6zX8cV1bN3qW5eR7",
    "ALLOWED_HOSTS": "partnerhub.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://partnerhub.example.org",
    "SITE_URL": "https://partnerhub.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "REDIS_URL", *PRODUCTION} and not k.startswith("PYTEST")
    }
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_any_warning():
    result = run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_the_development_defaults_are_refused_by_check_deploy():
    result = run({"DEBUG": "1"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for problem in ("security.W004", "security.W008", "security.W018"):
        assert problem in output


def test_production_settings_hash_with_argon2_and_set_the_security_headers():
    code = (
        "import json, partnerhub.settings as s; print(json.dumps([s.PASSWORD_HASHERS[0], "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", *PRODUCTION}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **PRODUCTION},
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    assert json.loads(result.stdout) == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        True,
        True,
        True,
        31536000,
        "DENY",
        ["'self'"],
    ]
