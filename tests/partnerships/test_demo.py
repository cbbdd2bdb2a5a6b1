"""The demo part: every kind, samples only, roles as contacts, coordinates; idempotent."""

import pytest

from partnerhub.core.demo import Report
from partnerhub.partnerships import demo
from partnerhub.partnerships.models import Partnership, PartnershipContact, PartnershipKind
from partnerhub.reference import demo as reference_demo
from partnerhub.reference.models import Municipality

pytestmark = pytest.mark.django_db


def test_demo_has_every_kind_with_content_and_is_idempotent():
    reference_demo.load(Report())
    demo.load(Report())
    partnerships = Partnership.objects.all()
    assert {p.kind for p in partnerships} == set(PartnershipKind.values)
    assert all(p.is_sample for p in partnerships)
    for partnership in partnerships:
        assert partnership.themes and partnership.sdgs.exists()
        assert partnership.description_de and partnership.description_en
        assert partnership.contacts.exists()
    assert all(c.email.endswith(".example.org") for c in PartnershipContact.objects.all())
    samples = Municipality.objects.filter(slug__in=demo.SAMPLE_PLACES)
    assert all(m.latitude is not None and m.languages for m in samples)

    counts = (Partnership.objects.count(), PartnershipContact.objects.count())
    demo.load(Report())
    assert (Partnership.objects.count(), PartnershipContact.objects.count()) == counts
