"""Partnerhub settings: one module, configured only by environment variables.

See README.md ("Configuration") for every variable. Defaults give a working
development set-up on an embedded SQLite database; production sets
DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# A development key so that a fresh clone runs; `check --deploy` refuses it
# (see partnerhub.core.checks), so production must set SECRET_KEY.
DEV_SECRET_KEY = "django-insecure-partnerhub-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "partnerhub.core",
    "partnerhub.reference",
    "partnerhub.accounts",
    "partnerhub.partnerships",
    "partnerhub.conferences",
    "partnerhub.calls",
    "partnerhub.climate",
    "partnerhub.publications",
    "partnerhub.opendata",
    "partnerhub.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "partnerhub.core.input_checks.RejectNullCharactersMiddleware",
    # After LocaleMiddleware (the language is part of the key), before everything a cached
    # public page does not need (CSRF, authentication, messages, two-factor, the view).
    "partnerhub.core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnerhub.core.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "partnerhub.urls"
WSGI_APPLICATION = "partnerhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerhub.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite runs in WAL mode with IMMEDIATE transactions and a busy timeout, so
# that concurrent writers queue instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
    ),
}

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    elif os.environ.get("DATABASE_PREPARED_STATEMENTS", "on") != "off":
        # PostgreSQL binds the parameters, and a statement run five times on a connection is
        # prepared: parsed and planned once per connection instead of on every request (about
        # a quarter of PostgreSQL's CPU per registration; docs/performance.md). Off behind a
        # pooler in transaction mode that cannot keep prepared statements (docs/operations.md).
        prepared = {"server_side_binding": True, "prepare_threshold": 5}
        DATABASES["default"]["OPTIONS"] = {**prepared, **DATABASES["default"].get("OPTIONS", {})}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "partnerhub.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "partnerhub.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "partnerhub",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages for visitors who are not logged in are served from the cache for this many
# seconds (core.page_cache; 0: never). On by default only with Redis: the local-memory cache
# belongs to one process, so a change made through one web process would reach the pages of
# the others only when their entries expire.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or ("60" if REDIS_URL else "0"))

# --- Background jobs ------------------------------------------------------
# One job API (django-tasks, the backport of Django 6's tasks): e-mails, PDFs and
# exports are tasks. By default they run in the web process right after the
# transaction commits (`core.jobs.enqueue`); with TASKS_BACKEND=database they are
# stored in the database and run by any number of `manage.py db_worker` processes.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# The address of the platform as people reach it, for links in e-mails and PDFs.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# --- E-mail ---------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Partnerhub <noreply@partnerhub.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Open data and retention (docs/open-data.md, docs/operations.md) ----------
# The IATI organisation identifier of the service agency that publishes the IATI files;
# the placeholder marks files as not yet registered with IATI.
IATI_REPORTING_ORG_REF = os.environ.get("IATI_REPORTING_ORG_REF", "XM-DAC-XXXX")
IATI_REPORTING_ORG_NAME = os.environ.get("IATI_REPORTING_ORG_NAME", "Service agency (placeholder)")
# Personal data of participants is purged this many days after the event ended.
RETENTION_DAYS_AFTER_EVENT = int(os.environ.get("RETENTION_DAYS_AFTER_EVENT", "730"))

# --- Security -------------------------------------------------------------
# See docs/security.md. Production sets (README, "Configuration"): DEBUG off, SECRET_KEY,
# ALLOWED_HOSTS, SECURE_SSL_REDIRECT=1, SECURE_HSTS_SECONDS=31536000,
# SECURE_HSTS_INCLUDE_SUBDOMAINS=1, SECURE_HSTS_PRELOAD=1; then `check --deploy` is silent
# (tests/security/test_deploy_check.py).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own static files, never
# inline. JSON-LD blocks (<script type="application/ld+json">) are data, not run, so
# they need no exception. Styles from our stylesheet only; images also as data: URIs
# (QR code of the two-factor set-up, icons of the API docs). File downloads get a
# stricter policy of their own (core.files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Log-in throttling (core.throttle): failures per typed address and per IP address
# within the window; then refused for the lock-out time. The cache must be shared by
# all web processes in production (REDIS_URL).
LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", "5"))
LOGIN_THROTTLE_IP_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_IP_ATTEMPTS", "20"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("LOGIN_THROTTLE_WINDOW", "900"))
LOGIN_THROTTLE_LOCKOUT = int(os.environ.get("LOGIN_THROTTLE_LOCKOUT", "900"))
# The request header with the client's address when a proxy sits in front, e.g.
# HTTP_X_FORWARDED_FOR (only if the proxy sets it and clients cannot); else REMOTE_ADDR.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# Uploads (core.files): the largest file accepted, in bytes.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step of every PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-tasks logs every job's start and end at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
