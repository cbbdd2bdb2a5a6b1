"""The audit trail page: organisers only, filters, pagination, fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerhub.core.models import AuditEvent
from partnerhub.core.services import audit_record
from tests.factories import PartnershipFactory, PersonFactory, SeriesFactory
from tests.permissions import LOGIN, assert_matrix

pytestmark = pytest.mark.django_db
URL = "/audit/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def entries(response) -> list[AuditEvent]:
    return list(response.context["page"])


@pytest.fixture
def trail(roles):
    organiser = roles["organiser"]
    other = PersonFactory(full_name="Test Person Auditor", email="auditor@example.org")
    partnership = PartnershipFactory()
    series = SeriesFactory()
    audit_record(
        subject=partnership, action="partnership.create", actor=organiser, to_state="active"
    )
    audit_record(subject=series, action="series.change", actor=other, note="renamed")
    old = audit_record(subject=partnership, action="partnership.status", actor=other)
    AuditEvent.objects.filter(pk=old.pk).update(
        at=timezone.make_aware(datetime.datetime(2024, 3, 5, 12))
    )
    return {"organiser": organiser, "other": other, "partnership": partnership}


def test_the_url_name():
    assert reverse("audit:events") == URL


def test_only_organisers_see_the_audit_trail(client, roles):
    assert_matrix(
        client,
        URL,
        {
            "anonymous": LOGIN,
            "participant": 403,
            "member_own": 403,
            "member_other": 403,
            "reviewer_conflict": 403,
            "organiser": 200,
        },
    )


def test_lists_everything_newest_first(client, trail):
    client.force_login(trail["organiser"])
    response = client.get(URL, **EN)
    actions = [event.action for event in entries(response)]
    assert actions == ["series.change", "partnership.create", "partnership.status"]
    page = response.content.decode()
    assert "<caption>3 entries</caption>" in page
    assert "Test Person Auditor" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "series.change"}, ["series.change"]),
        ({"actor": "auditor@example"}, ["series.change", "partnership.status"]),
        ({"actor": "Person Organiser"}, ["partnership.create"]),
        ({"date_from": "2024-03-05", "date_to": "2024-03-05"}, ["partnership.status"]),
        ({"date_to": "2024-12-31"}, ["partnership.status"]),
    ],
)
def test_filters(client, trail, query, expected):
    client.force_login(trail["organiser"])
    response = client.get(URL, query, **EN)
    assert [event.action for event in entries(response)] == expected


def test_filter_by_kind_of_record(client, trail):
    from django.contrib.contenttypes.models import ContentType

    client.force_login(trail["organiser"])
    kind = ContentType.objects.get_for_model(trail["partnership"])
    response = client.get(URL, {"subject_type": kind.pk}, **EN)
    assert {event.action for event in entries(response)} == {
        "partnership.create",
        "partnership.status",
    }


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2025-02-30"},
        {"date_from": "2025-05-01", "date_to": "2025-04-01"},
        {"action": "no-such-action"},
        {"subject_type": "abc"},
        {"actor": "x" * 500},
        {"page": "9999"},
        {"page": "<script>"},
    ],
)
def test_bad_filters_give_clear_errors_not_500(client, trail, query):
    client.force_login(trail["organiser"])
    response = client.get(URL, query, **EN)
    assert response.status_code == 200
    if "page" not in query:
        assert b"error-summary" in response.content
    if "date_to" in query:
        assert b"The end of the range cannot be before its start." in response.content


def test_pagination_keeps_the_filters(client, trail):
    partnership = trail["partnership"]
    for index in range(60):
        audit_record(subject=partnership, action="partnership.bulk", note=str(index))
    client.force_login(trail["organiser"])
    response = client.get(URL, {"action": "partnership.bulk"}, **EN)
    assert len(entries(response)) == 50
    assert b"action=partnership.bulk&amp;page=2" in response.content
    second = client.get(URL, {"action": "partnership.bulk", "page": 2}, **EN)
    assert len(entries(second)) == 10


@pytest.mark.parametrize("size", [5, 60])
def test_a_fixed_number_of_queries(client, roles, size, django_assert_max_num_queries):
    partnership = PartnershipFactory()
    for index in range(size):
        actor = PersonFactory()
        audit_record(subject=partnership, action=f"action.{index % 7}", actor=actor)
    client.force_login(roles["organiser"])
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"action": "action.1"}, **EN)
    assert response.status_code == 200
