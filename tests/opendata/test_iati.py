"""IATI activity XML: valid against the official 2.03 schema, content, fixed query counts."""

import datetime

import pytest
from django.urls import reverse
from lxml import etree

from partnerhub.opendata import iati
from tests.factories import PartnerMunicipalityFactory, PartnershipFactory, country
from tests.permissions import assert_matrix

from .conftest import EVENT_DAY, make_processes

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def parse(document: bytes):
    return etree.fromstring(document)


def test_the_vendored_schema_is_the_official_2_03_schema():
    schema_file = iati.SCHEMA_DIR / "iati-activities-schema.xsd"
    root = etree.parse(str(schema_file)).getroot()
    assert root.get("version") == "2.03"
    assert "Release 2.03" in schema_file.read_text()
    assert (iati.SCHEMA_DIR / "NOTICE.md").exists()


def test_the_schema_rejects_an_incomplete_activity():
    """The validator is real: an activity without reporting-org fails."""
    document = (
        b'<iati-activities version="2.03"><iati-activity>'
        b"<iati-identifier>XM-DAC-XXXX-1</iati-identifier></iati-activity></iati-activities>"
    )
    assert iati.validate(document)


def test_partnerships_xml_is_valid_and_complete(client, partnership, settings):
    settings.IATI_REPORTING_ORG_REF = "XM-DAC-9999"
    response = client.get(reverse("opendata:iati_partnerships"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = body(response)
    assert iati.validate(document) == []
    root = parse(document)
    assert root.get("version") == "2.03"
    activity = root.find("iati-activity")
    assert activity.findtext("iati-identifier") == f"XM-DAC-9999-partnership-{partnership.pk}"
    assert activity.find("reporting-org").get("ref") == "XM-DAC-9999"
    titles = {n.get(iati.XML_LANG): n.text for n in activity.find("title")}
    assert set(titles) == {"de", "en", "fr", "es"}
    assert titles["en"].startswith("Town twinning: Sample Town Opendata")
    descriptions = {n.get(iati.XML_LANG): n.text for n in activity.find("description")}
    assert descriptions == {"de": "Wasser & Klima <gemeinsam>", "en": "Water and climate together"}
    orgs = [o.findtext("narrative") for o in activity.findall("participating-org")]
    assert orgs == ["Sample Town Opendata", "Sample Partner Accra", "Sample Partner Lima"]
    assert activity.find("activity-status").get("code") == "2"
    date = activity.find("activity-date")
    assert (date.get("type"), date.get("iso-date")) == ("2", "1998-01-01")
    countries = {
        (c.get("code"), c.get("percentage")) for c in activity.findall("recipient-country")
    }
    assert countries == {("GH", "50"), ("PE", "50")}
    sectors = {s.get("code") for s in activity.findall("sector")}
    assert sectors == {"14010", "41010"}  # water, climate adaptation; culture has no code
    tags = {(t.get("vocabulary"), t.get("code")) for t in activity.findall("tag")}
    assert tags == {("2", "6"), ("2", "13")}


def test_only_oda_recipients_are_recipient_countries(client, db):
    PartnershipFactory(partners=[PartnerMunicipalityFactory(country=country("FR"))])
    document = body(client.get(reverse("opendata:iati_partnerships")))
    assert iati.validate(document) == []
    assert parse(document).find("iati-activity").find("recipient-country") is None


def test_identifiers_are_stable(client, partnership):
    first = parse(body(client.get(reverse("opendata:iati_partnerships"))))
    PartnershipFactory()
    second = parse(body(client.get(reverse("opendata:iati_partnerships"))))
    identifier = first.find("iati-activity").findtext("iati-identifier")
    assert identifier in [a.findtext("iati-identifier") for a in second.iter("iati-activity")]


def test_an_empty_file_is_valid_too(client, db):
    """No partnership yet: the root element alone (well-formed; IATI itself asks for one)."""
    document = body(client.get(reverse("opendata:iati_partnerships")))
    assert parse(document).tag == "iati-activities"


def test_learning_processes_xml_is_valid_and_complete(client, learning_process):
    document = body(client.get(reverse("opendata:iati_learning_processes")))
    assert iati.validate(document) == []
    activity = parse(document).find("iati-activity")
    assert activity.findtext("iati-identifier").endswith(f"-learning-process-{learning_process.pk}")
    assert activity.find("title").findtext("narrative") == learning_process.title
    event_text = [
        d.findtext("narrative") for d in activity.findall("description") if d.get("type") == "4"
    ]
    assert event_text and "2026-06-10 – 2026-06-12" in event_text[0]
    orgs = [o.findtext("narrative") for o in activity.findall("participating-org")]
    assert orgs[0] == learning_process.host.name
    assert "Sample City GH" in orgs
    # The actors are in Ghana and France; only Ghana is an ODA recipient.
    assert [c.get("code") for c in activity.findall("recipient-country")] == ["GH"]
    assert [s.get("code") for s in activity.findall("sector")] == ["43030"]
    assert [t.get("code") for t in activity.findall("tag")] == ["11"]


@pytest.mark.parametrize(
    ("today", "status", "date_types"),
    [
        (EVENT_DAY - datetime.timedelta(days=1), "1", ("1", "3")),
        (EVENT_DAY, "2", ("2", "3")),
        (EVENT_DAY + datetime.timedelta(days=400), "3", ("2", "4")),
    ],
)
def test_learning_process_status_and_dates_follow_the_calendar(
    learning_process, today, status, date_types
):
    activity = iati.learning_process_activity(iati.learning_processes_for_iati().get(), today=today)
    assert activity.find("activity-status").get("code") == status
    assert tuple(d.get("type") for d in activity.findall("activity-date")) == date_types


def test_every_code_written_is_on_the_iati_codelists():
    sectors = iati.codelist("Sector")
    assert set(iati.THEME_SECTORS.values()) <= sectors
    assert {iati.ORG_TYPE_GOVERNMENT, iati.ORG_TYPE_LOCAL_GOVERNMENT} <= iati.codelist(
        "OrganisationType"
    )
    assert set(iati.PARTNERSHIP_STATUS.values()) <= iati.codelist("ActivityStatus")


def test_shares_add_up_to_100():
    assert iati.shares(3) == ["33.33", "33.33", "33.34"]
    assert iati.shares(1) == ["100"]
    assert iati.shares(0) == []


def test_control_characters_do_not_break_the_xml(client, partnership):
    partnership.description_en = "Line\x0bwith a vertical tab\x01 and a bell\x07"
    partnership.save()
    document = body(client.get(reverse("opendata:iati_partnerships")))
    assert iati.validate(document) == []


@pytest.mark.parametrize("size", [3, 30])
def test_partnerships_xml_runs_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    for _ in range(size):
        PartnershipFactory()
    with django_assert_max_num_queries(4):
        document = body(client.get(reverse("opendata:iati_partnerships")))
    assert len(parse(document)) == size
    assert iati.validate(document) == []


@pytest.mark.parametrize("size", [3, 30])
def test_learning_processes_xml_runs_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    make_processes(size)
    with django_assert_max_num_queries(5):
        document = body(client.get(reverse("opendata:iati_learning_processes")))
    assert len(parse(document)) == size
    assert iati.validate(document) == []


@pytest.mark.parametrize("name", ["opendata:iati_partnerships", "opendata:iati_learning_processes"])
def test_iati_files_are_public(client, roles, name):
    assert_matrix(
        client,
        reverse(name),
        {
            "anonymous": 200,
            "participant": 200,
            "member_own": 200,
            "member_other": 200,
            "reviewer_conflict": 200,
            "organiser": 200,
        },
    )
