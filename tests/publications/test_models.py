"""The rules of a catalogue entry, each rejecting bad data and accepting good data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerhub.core.models import AuditEvent
from partnerhub.publications import services
from partnerhub.publications.models import PDF_MAX_MB, Publication

from .helpers import make_publication, pdf_upload

pytestmark = pytest.mark.django_db


def errors_of(**values) -> dict:
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            make_publication(**values)
        return caught.value.message_dict


def test_a_complete_entry_is_saved_and_shown_with_its_precision():
    publication = make_publication(
        slug="m-42", series="material", number=42, published_on=datetime.date(2010, 6, 17)
    )
    assert publication.published_on == datetime.date(2010, 6, 1)  # month precision
    with translation.override("en"):
        assert publication.display_number == "Material no. 42"
        assert publication.display_date == "June 2010"
    assert publication.iso_date == "2010-06"


def test_the_title_is_needed_in_the_original_language():
    errors = errors_of(slug="x", original_language="en", title_de="Nur Deutsch")
    assert errors["title_en"] == ["Give the title in the original language of the publication."]
    make_publication(slug="y", original_language="en", title_en="English")


def test_a_title_falls_back_to_the_original_language():
    publication = make_publication(
        slug="z", original_language="en", title_en="Kick-off", title_de=""
    )
    with translation.override("de"):
        assert publication.title == "Kick-off"
        assert not publication.title_is_translated


def test_a_number_needs_a_series_and_is_unique_in_it():
    assert "series" in errors_of(slug="n", number=3)
    make_publication(slug="a", series="material", number=3)
    errors = errors_of(slug="b", series="material", number=3)
    assert errors["__all__"] == ["Another publication of this series has this number."]


def test_a_second_number_must_be_explained_and_differ():
    assert errors_of(slug="w", series="material", number=47, alternative_number=43)[
        "source_note"
    ] == ["Explain in the source note where the other number comes from."]
    assert "alternative_number" in errors_of(
        slug="v", series="material", number=47, alternative_number=47, source_note="x"
    )
    publication = make_publication(
        slug="ok", series="material", number=47, alternative_number=43, source_note="Seed 004."
    )
    with translation.override("en"):
        assert publication.display_alternative_number == "Material no. 43"


def test_an_online_publication_has_no_printed_copies():
    errors = errors_of(slug="o", online_only=True, printed_stock=5)
    assert errors["printed_stock"] == ["An online publication has no printed copies."]
    assert not make_publication(slug="p", online_only=True).in_print


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ("", "This field cannot be blank."),
        ("de,xx", "Unknown language code: xx."),
        ("de,de", "Name each language only once."),
    ],
)
def test_languages_are_known_codes_each_once(languages, message):
    assert errors_of(slug="l", languages=languages)["languages"] == [message]


def test_several_languages_are_kept_and_named():
    publication = make_publication(slug="decl", languages="de,en,fr")
    assert publication.language_codes == ["de", "en", "fr"]
    assert list(Publication.objects.in_language("fr")) == [publication]
    assert not Publication.objects.in_language("es").exists()


def test_an_upload_must_be_a_pdf_by_its_content():
    publication = Publication(slug="f", kind="guide", title_de="F", languages="de", topic="climate")
    publication.pdf = pdf_upload("fake.pdf", b"<html>not a pdf</html>")
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            services.publication_save(publication=publication)
        assert caught.value.message_dict["pdf"] == [
            "The file is not of an accepted type (PDF); its content was checked."
        ]
    publication.pdf = pdf_upload()
    services.publication_save(publication=publication)
    assert publication.pdf.name == "private/publications/f.pdf"


def test_an_upload_must_not_be_too_large():
    publication = Publication(
        slug="big", kind="guide", title_de="B", languages="de", topic="climate"
    )
    publication.pdf = pdf_upload(content=b"%PDF-1.4\n" + b"0" * (PDF_MAX_MB * 1024 * 1024))
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            services.publication_save(publication=publication)
        assert caught.value.message_dict["pdf"] == [
            f"The file is larger than {PDF_MAX_MB}.0\xa0MB."
        ]


def test_a_change_of_stock_is_audited(guide, roles):
    guide.printed_stock = 50
    services.publication_save(publication=guide, by=roles["organiser"])
    event = AuditEvent.objects.get(action="publication.stock")
    assert (event.from_state, event.to_state, event.actor) == ("20", "50", roles["organiser"])
