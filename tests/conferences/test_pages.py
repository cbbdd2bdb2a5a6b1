"""Public conference pages: overview, archive, edition page, .ics and JSON-LD, fixed queries."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from partnerhub.conferences.models import ConferenceSeries, Edition
from partnerhub.conferences.services import edition_create

pytestmark = pytest.mark.django_db


def edition_url(series, number, name="conferences:edition"):
    return reverse(name, args=[series, number])


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_overview_shows_series_timeline_and_what_is_due(client, history):
    html = client.get(reverse("conferences:overview"), headers={"accept-language": "en"})
    html = html.content.decode()
    assert "Partnership Conference Africa" in html
    assert '<table class="timeline">' in html and "<caption" in html
    assert "Due according to the rotation, not yet scheduled" in html
    assert "No upcoming edition has been announced yet." in html
    assert edition_url("latin-america", 4) in html


def test_archive_newest_first_with_precision_and_open_places(client, history):
    html = client.get(reverse("conferences:archive"), headers={"accept-language": "de"})
    html = html.content.decode()
    assert html.index("8.–11. September 2025") < html.index("18.–20. November 2010")
    assert "Oktober 2021" in html and "17. September 2020 und November 2020" in html
    with_en = client.get(reverse("conferences:archive"), headers={"accept-language": "en"})
    assert "place to be announced" in with_en.content.decode()


@pytest.mark.parametrize("rows", [1, 25])
@pytest.mark.parametrize("url_name", ["conferences:overview", "conferences:archive"])
def test_list_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows, url_name
):
    series = ConferenceSeries.objects.create(slug="africa", region="africa", title_de="Afrika")
    for number in range(1, rows + 1):
        edition_create(
            series=series,
            number=number,
            place=f"Ort {number}",
            parts=[{"start": datetime.date(2000 + number, 5, 1)}],
        )
    with django_assert_max_num_queries(5):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_edition_page(client, history):
    response = client.get(edition_url("latin-america", 4), headers={"accept-language": "en"})
    html = response.content.decode()
    assert "How can municipal partnerships contribute to future-proof urban development?" in html
    assert "4–5 September 2024" in html and "Köln" in html
    assert "SDG 11" in html and "Sources" in html
    assert "Registration opens later" not in html  # held: no placeholder, no link
    assert edition_url("latin-america", 4, "conferences:edition_ics") in html


def test_edition_page_in_german_shows_the_german_question(client, history):
    html = client.get(edition_url("latin-america", 4), headers={"accept-language": "de"})
    assert "Wie können kommunale Partnerschaften" in html.content.decode()


def test_registration_placeholder_only_for_future_planned_editions(client, history):
    series = ConferenceSeries.objects.get(slug="asia")
    edition_create(
        series=series,
        number=5,
        status="planned",
        parts=[{"start": datetime.date(2099, 6, 1), "precision": "month"}],
    )
    en = {"accept-language": "en"}
    future = client.get(edition_url("asia", 5), headers=en).content.decode()
    assert "Registration opens later" in future
    past_planned = client.get(edition_url("asia", 3), headers=en).content.decode()
    assert "Registration opens later" not in past_planned
    assert "whether it took place is not recorded in the sources" in past_planned


def test_unknown_edition_is_404(client, history):
    assert client.get(edition_url("asia", 99)).status_code == 404
    assert client.get(edition_url("nowhere", 1)).status_code == 404
    assert client.get(edition_url("asia", 99, "conferences:edition_ics")).status_code == 404


def test_json_ld_is_a_schema_org_event(client, history):
    data = json_ld(client.get(edition_url("latin-america", 4)).content.decode())
    assert data["@type"] == "Event" and data["@context"] == "https://schema.org"
    assert (data["startDate"], data["endDate"]) == ("2024-09-04", "2024-09-05")
    assert data["location"]["name"] == "Köln"
    planned = json_ld(client.get(edition_url("asia", 3)).content.decode())
    assert planned["startDate"] == "2021-02"  # month precision stays a month
    online = json_ld(client.get(edition_url("eastern-europe", 2)).content.decode())
    assert online["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")


def test_json_ld_cannot_close_its_script_element(client, history):
    Edition.objects.filter(series__slug="asia", number=4).update(
        guiding_question_de="</script><script>alert(1)</script>"
    )
    html = client.get(edition_url("asia", 4), headers={"accept-language": "de"}).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_ics_has_all_day_events_and_notes_undated_parts(client, history):
    response = client.get(edition_url("eastern-europe", 2, "conferences:edition_ics"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1  # November 2020 is known only to the month
    assert events[0].decoded("dtstart") == datetime.date(2020, 9, 17)
    assert events[0].decoded("dtend") == datetime.date(2020, 9, 18)  # exclusive end
    assert "November 2020" in str(calendar["x-wr-caldesc"])


def test_ics_of_a_multi_day_edition(client, history):
    response = client.get(edition_url("africa", 1, "conferences:edition_ics"))
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2010, 11, 18)
    assert event.decoded("dtend") == datetime.date(2010, 11, 21)
    assert str(event["location"]) == "Ludwigsburg"
    assert str(event["status"]) == "CONFIRMED"


def test_ics_of_a_year_only_edition_has_no_events(client, history):
    response = client.get(edition_url("africa", 5, "conferences:edition_ics"))
    calendar = Calendar.from_ical(response.content)
    assert list(calendar.walk("VEVENT")) == []
    assert "2022" in str(calendar["x-wr-caldesc"])


def test_navigation_and_home_card(client, history):
    series = ConferenceSeries.objects.get(slug="africa")
    edition_create(
        series=series,
        number=7,
        status="registration_open",
        place="Musterstadt",
        parts=[{"start": datetime.date(2099, 9, 1), "end": datetime.date(2099, 9, 3)}],
    )
    html = client.get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    assert html.count(reverse("conferences:overview")) >= 2  # navigation and card
    assert edition_url("africa", 7) in html and "1–3 September 2099" in html
    overview = client.get(reverse("conferences:overview")).content.decode()
    assert f'href="{reverse("conferences:overview")}" aria-current="page"' in overview
