"""The translation catalogues: complete, compiled, and up to date with the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = settings.PACKAGE_DIR / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(code: str, suffix: str = "po") -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"django.{suffix}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_complete(code):
    po = polib.pofile(str(catalogue(code)))
    assert len(po) > 100
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_compiled_catalogue_matches_its_source(code):
    """The .mo files are committed (fresh machines may lack gettext); they must not lag behind."""

    def translations(entries):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            for entry in entries
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
        }

    po = translations(polib.pofile(str(catalogue(code))))
    mo = translations(polib.mofile(str(catalogue(code, "mo"))))
    assert po == mo, "Run `make messages` to compile the catalogues."


def test_catalogues_contain_every_string_of_the_code(tmp_path):
    """Extract the strings again into a copy and compare: a new string must be translated."""
    assert shutil.which("xgettext"), "GNU gettext is missing: run ./scripts/install-test-deps"
    copy = tmp_path / "partnerhub"
    shutil.copytree(
        settings.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "de",
            "--no-obsolete",
            "--ignore",
            "*/migrations/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/de/LC_MESSAGES/django.po"))}
    shipped = {e.msgid for e in polib.pofile(str(catalogue("de")))}
    missing = sorted(extracted - shipped)
    assert not missing, f"Run `make messages` and translate: {missing[:10]}"
