"""Uploads: checked by content and size, stored below private/, served with safe headers."""

import contextlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.http import Http404
from django.test import override_settings

from partnerhub.core import files

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(content: bytes, name="letter.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_every_file_field_stores_below_private():
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                instance = model()
                for attribute in ("slug", "pk", "id"):
                    if hasattr(instance, attribute) and getattr(instance, attribute) in ("", None):
                        with contextlib.suppress(AttributeError, TypeError, ValueError):
                            setattr(instance, attribute, "sample" if attribute == "slug" else 1)
                name = field.generate_filename(instance, "file.pdf")
                found.append(f"{model._meta.label}.{field.name}")
                assert name.startswith(files.PRIVATE_PREFIX), (field, name)
                assert "static" not in name.split("/")[0]
    assert "calls.Proposal.support_letter" in found


def test_a_pdf_by_content_is_accepted():
    assert files.upload_problem(upload(PDF)) == ""


@pytest.mark.parametrize(
    "content, name, content_type",
    [
        (b"<html><script>alert(1)</script></html>", "letter.pdf", "application/pdf"),
        (b"MZ\x90\x00 executable", "letter.pdf", "application/pdf"),
        (b"  %PDF-1.4 with something before", "letter.pdf", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "letter.pdf", "application/pdf"),
    ],
)
def test_anything_else_is_refused_whatever_its_name_and_type(content, name, content_type):
    with override_settings(LANGUAGE_CODE="en"):
        problem = files.upload_problem(upload(content, name, content_type))
    assert "not of an accepted type" in problem


def test_images_when_the_caller_accepts_them():
    png = upload(b"\x89PNG\r\n\x1a\n" + b"0" * 20, "a.png", "image/png")
    assert files.upload_problem(png, kinds=("png", "jpeg")) == ""
    assert files.upload_problem(upload(PDF), kinds=("png", "jpeg")) != ""


def test_size_limit_and_empty_files():
    from django.utils import translation

    with translation.override("en"):
        assert "larger than 100\xa0bytes" in files.upload_problem(upload(PDF * 10), max_bytes=100)
        assert files.upload_problem(upload(b"")) == "The file is empty."


def test_the_default_limit_comes_from_the_setting(settings):
    settings.UPLOAD_MAX_BYTES = 10
    assert files.upload_problem(upload(PDF)) != ""


def test_file_response_headers():
    response = files.file_response(io.BytesIO(PDF), "letter.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    inline = files.file_response(io.BytesIO(PDF), "letter.pdf", inline=True)
    assert inline["Content-Disposition"].startswith("inline")
    html = files.file_response(io.BytesIO(b"<p>x"), "x.html", content_type="text/html", inline=True)
    assert html["Content-Disposition"].startswith("attachment")  # only PDFs inline


def test_a_missing_file_is_404():
    with pytest.raises(Http404):
        files.file_response(None, "x.pdf")


@pytest.mark.django_db
def test_the_support_letter_view_serves_with_the_safe_headers(client, tmp_path, settings):
    """The calls view uses core.files; the CSP middleware keeps the file's stricter policy."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.urls import reverse

    from partnerhub.calls import services
    from tests.calls.conftest import DEADLINE
    from tests.calls.test_pages_reviews import submitted_proposal
    from tests.factories import MunicipalityFactory, PersonFactory

    settings.MEDIA_ROOT = tmp_path
    organiser = PersonFactory(is_organiser=True)
    call = services.call_create(
        by=organiser,
        slug="upload-check",
        title_de="Aufruf",
        title_en="Call",
        deadline=DEADLINE,
        opens_at=datetime.datetime(2025, 12, 1, tzinfo=ZoneInfo("Europe/Berlin")),
        is_published=True,
    )
    proposal = submitted_proposal(call, MunicipalityFactory())
    proposal.support_letter.save("letter.pdf", io.BytesIO(PDF), save=True)
    assert proposal.support_letter.name.startswith("private/")
    client.force_login(organiser)
    response = client.get(reverse("calls:support_letter", args=[proposal.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == files.FILE_CSP
    assert response["Content-Disposition"].startswith("attachment")
    # The upload address is not reachable under MEDIA_URL.
    assert client.get(f"/media/{proposal.support_letter.name}").status_code == 404
