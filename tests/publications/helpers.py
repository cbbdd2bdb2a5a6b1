"""Test helpers: publications, orders, a small PDF."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.publications import services
from partnerhub.publications.models import Publication, PublicationKind, Topic
from partnerhub.reference.models import Country

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_publication(**values) -> Publication:
    defaults = {
        "kind": PublicationKind.GUIDE,
        "original_language": "de",
        "languages": "de",
        "topic": Topic.CLIMATE,
        "published_on": datetime.date(2012, 5, 1),
        "date_precision": "month",
        "place": "Bonn",
        "is_sample": True,
    }
    defaults.update(values)
    defaults.setdefault("title_de", f"Publikation {defaults['slug']}")
    return services.publication_save(publication=Publication(**defaults))


def pdf_upload(name="doc.pdf", content=PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def address(**values) -> dict:
    data = {
        "organisation": "Sample Town, Office for International Relations",
        "attention": "Climate partnership coordination",
        "street": "Sample Square 1",
        "postcode": "53113",
        "town": "Sample Town",
        "country": Country.objects.get(iso2="DE"),
        "email": "orders@example.org",
    }
    data.update(values)
    return data


def order(items, *, by=None, key=None, language="en", **address_values):
    return services.order_submit(
        items=items,
        address=address(**address_values),
        consent=True,
        language=language,
        by=by,
        submission_key=key,
    )
