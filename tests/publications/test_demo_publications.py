"""The demo catalogue: the seeds' publications, both numbers of the workshop documentation,
the climate management guide with a placeholder PDF, and idempotence."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from partnerhub.core.demo import Report
from partnerhub.publications import demo, queries
from partnerhub.publications.models import Publication, PublicationOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo.load(Report())
    return {p.slug: p for p in Publication.objects.all()}


def test_the_seeds_publications_are_in_the_catalogue(loaded):
    numbered = {p.number: p for p in loaded.values() if p.number}
    assert set(numbered) == {42, 47, 54}
    assert numbered[42].display_date and numbered[42].place == "Bonn"
    assert numbered[42].iso_date == "2010-06"
    assert "Mai 2010" in numbered[42].source_note or "May 2010" in numbered[42].source_note
    assert numbered[54].original_language == "en" and numbered[54].iso_date == "2012-05"
    declaration = loaded["erklaerung-11-bundeskonferenz-muenchen-2009"]
    assert declaration.language_codes == ["de", "en", "fr"]
    assert (declaration.iso_date, declaration.place) == ("2009", "München")
    online = loaded["dokumentation-workshop-oktober-2011"]
    assert online.online_only and online.printed_stock is None and online.number is None
    assert all(p.is_sample for p in loaded.values())


def test_the_workshop_documentation_keeps_both_numbers(loaded):
    workshop = loaded["material-47-workshop-klimapartnerschaften"]
    assert (workshop.number, workshop.alternative_number) == (47, 43)
    assert "47" in workshop.source_note and "43" in workshop.source_note


def test_the_climate_guide_is_free_with_a_placeholder_pdf(loaded, client):
    guide = queries.climate_guide()
    assert guide is not None and guide.topic == "climate" and guide.orderable
    assert guide.pdf
    response = client.get(reverse("publications:download", args=[guide.slug]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    html = render_to_string("publications/pdf/placeholder.html", {"publication": guide})
    assert "PLACEHOLDER – DEMO DATA" in html and "not</strong> the" in html


def test_climate_topic_lists_the_flyers_publications(loaded, client):
    response = client.get(reverse("publications:catalogue"), {"topic": "climate"})
    assert response.context["page"].paginator.count == 6


def test_a_sample_order_and_a_second_run_changes_nothing(loaded):
    sample = PublicationOrder.objects.get()
    assert sample.email.endswith("@example.org") and sample.is_sample
    before = {p.slug: (p.printed_stock, p.pdf.name) for p in Publication.objects.all()}
    demo.load(Report())
    after = {p.slug: (p.printed_stock, p.pdf.name) for p in Publication.objects.all()}
    assert before == after
    assert PublicationOrder.objects.count() == 1
