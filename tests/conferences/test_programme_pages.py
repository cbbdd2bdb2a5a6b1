"""Programme pages: public programme, editor, assignment, preferences by link, .ics; who may
open them (every role), input kept on errors, a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partnerhub.conferences import services
from partnerhub.conferences.models import (
    ProgrammeSession,
    Room,
    SessionKind,
    TimeSlot,
    WorkshopAssignment,
)
from partnerhub.reference.models import SdgGoal
from tests.permissions import LOGIN, ROLES, assert_matrix, assert_perm_matrix

from .test_programme_support import (
    START,
    edition,
    german_registration,
    organiser,
    plenary,
    room,
    slot,
    workshop,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ORGANISER_PAGE = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], 403), "organiser": 200}
EVERYBODY = dict.fromkeys(ROLES, 200)
NOBODY = dict.fromkeys(ROLES, 404)


def url(name, ed, *args):
    return reverse(f"conferences:{name}", args=[ed.series.slug, ed.number, *args])


@pytest.fixture
def lea():
    return organiser()


@pytest.fixture
def ed():
    return edition()


def build_programme(ed, lea, workshops=2):
    """A plenary, then `workshops` parallel workshops (each in its room), with speakers and SDGs."""
    morning = slot(ed, lea)
    later = slot(ed, lea, start=(11, 0), end=(12, 30))
    speaker = services.speaker_create(
        edition=ed, by=lea, full_name="Test Person Speaker", affiliation="Sample Town"
    )
    plenary(ed, lea, morning, title="Opening plenary", speakers=[speaker])
    sessions = [
        workshop(
            ed,
            lea,
            later,
            title=f"Workshop {index}",
            capacity=10,
            the_room=room(ed, lea, f"Room {index}", capacity=20),
            sdgs=SdgGoal.objects.filter(number__in=[6, 11]),
            speakers=[speaker],
            title_de=f"Werkstatt {index}",
        )
        for index in range(1, workshops + 1)
    ]
    return sessions


# --- Permission matrices --------------------------------------------------------------


def test_programme_permissions(roles):
    ed = edition()
    registration = german_registration(ed, roles["organiser"], municipality=roles.municipality_own)
    own = {"anonymous": False, "participant": False, "member_own": True}
    own |= {"member_other": False, "reviewer_conflict": True, "organiser": True}
    assert_perm_matrix("conferences.rank_workshops", registration, own)
    organiser_only = {role: role == "organiser" for role in ROLES}
    for perm in (
        "conferences.assign_workshops",
        "conferences.add_room",
        "conferences.change_timeslot",
        "conferences.delete_speaker",
        "conferences.change_programmesession",
    ):
        assert_perm_matrix(perm, None, organiser_only)
    assert_perm_matrix("conferences.view_programmesession", None, dict.fromkeys(ROLES, True))


def test_who_opens_which_programme_page(client, roles):
    lea = roles["organiser"]
    ed = edition()
    sessions = build_programme(ed, lea)
    assert_matrix(client, url("programme", ed), EVERYBODY)
    assert_matrix(client, url("edition", ed), EVERYBODY)
    for name, args in [
        ("programme_manage", ()),
        ("workshop_assign", ()),
        ("programme_item_add", ("room",)),
        ("programme_item_add", ("session",)),
        ("programme_item_change", ("session", sessions[0].pk)),
        ("programme_item_change", ("slot", sessions[0].slot_id)),
    ]:
        assert_matrix(client, url(name, ed, *args), ORGANISER_PAGE)
    # Writes: nobody but organisers; the outcome for them is a redirect back.
    post_page = {**ORGANISER_PAGE, "organiser": 302}
    assert_matrix(
        client,
        url("programme_item_add", ed, "room"),
        post_page,
        method="post",
        data={"name": "Room X"},
    )
    assert Room.objects.filter(name="Room X").count() == 1
    extra = room(ed, lea, "Room to delete")
    assert_matrix(
        client, url("programme_item_delete", ed, "room", extra.pk), post_page, method="post"
    )
    assert not Room.objects.filter(pk=extra.pk).exists()
    person = german_registration(ed, lea)
    assert_matrix(
        client,
        url("workshop_assign", ed),
        post_page,
        method="post",
        data={"action": "assign", "session": sessions[0].pk, "registration": person.pk},
    )
    assert WorkshopAssignment.objects.get().registration == person


def test_token_pages_open_for_whoever_holds_the_link(client, roles):
    lea = roles["organiser"]
    ed = edition()
    build_programme(ed, lea, workshops=3)
    person = german_registration(ed, lea)
    for name in ("workshop_preferences", "personal_programme_ics"):
        assert_matrix(client, reverse(f"conferences:{name}", args=[person.access_token]), EVERYBODY)
        assert_matrix(client, reverse(f"conferences:{name}", args=["not-a-token"]), NOBODY)


def test_unknown_edition_or_item_is_404(client, lea):
    client.force_login(lea)
    assert client.get(reverse("conferences:programme", args=["africa", 999])).status_code == 404
    ed = edition()
    other_room = room(edition(), lea, "Elsewhere")
    assert client.get(url("programme_item_change", ed, "room", other_room.pk)).status_code == 404
    assert client.get(url("programme_item_add", ed, "nonsense")).status_code == 404


# --- The public programme ---------------------------------------------------------------


def test_public_programme_in_the_readers_language(client, ed, lea):
    build_programme(ed, lea)
    html = client.get(url("programme", ed), **EN).content.decode()
    assert "Opening plenary" in html and "Workshop 1" in html and "Workshop 2" in html
    assert "Room 1" in html and "Test Person Speaker (Sample Town)" in html
    assert "SDG 6" in html and "2 parallel sessions" in html
    assert "09:00" in html and "11:00" in html
    german = client.get(url("programme", ed), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Werkstatt 1" in german
    # French has no title of its own: English first, then German.
    french = client.get(url("programme", ed), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Workshop 1" in french


def test_edition_page_shows_the_programme(client, ed, lea):
    build_programme(ed, lea)
    html = client.get(url("edition", ed), **EN).content.decode()
    assert 'id="programme-heading"' in html and "Workshop 2" in html
    assert url("programme", ed) in html
    assert url("programme_manage", ed) not in html  # organisers only


def test_programme_page_without_programme(client, ed):
    html = client.get(url("programme", ed), **EN).content.decode()
    assert "The programme has not been published yet." in html


@pytest.mark.parametrize("workshops", [1, 12])
def test_programme_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, workshops
):
    lea = organiser()
    ed = edition()
    build_programme(ed, lea, workshops=workshops)
    with django_assert_max_num_queries(6):
        assert client.get(url("programme", ed)).status_code == 200
    # The edition page also shows the registration box (another area): some headroom.
    with django_assert_max_num_queries(15):
        assert client.get(url("edition", ed)).status_code == 200


# --- The organisers' editor ------------------------------------------------------------------


def test_manage_page_lists_everything(client, ed, lea):
    build_programme(ed, lea)
    client.force_login(lea)
    html = client.get(url("programme_manage", ed), **EN).content.decode()
    assert "Room 1" in html and "Test Person Speaker" in html and "Workshop 2" in html
    assert url("programme_item_add", ed, "session") in html


@pytest.mark.parametrize("workshops", [1, 12])
def test_manage_and_assign_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, workshops
):
    lea = organiser()
    ed = edition()
    sessions = build_programme(ed, lea, workshops=workshops)
    people = [german_registration(ed, lea) for _ in range(3)]
    for person, session in zip(people, sessions, strict=False):
        services.workshop_assign(registration=person, session=session, by=lea)
    client.force_login(lea)
    with django_assert_max_num_queries(12):
        assert client.get(url("programme_manage", ed)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("workshop_assign", ed)).status_code == 200


def test_add_a_time_slot_outside_the_dates_keeps_the_input(client, ed, lea):
    client.force_login(lea)
    outside = START.replace(year=START.year + 1).isoformat()
    response = client.post(
        url("programme_item_add", ed, "slot"),
        {"day": outside, "starts": "09:00", "ends": "10:30"},
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "must lie within the edition&#x27;s dates" in html
    assert f'value="{outside}"' in html
    assert not TimeSlot.objects.exists()
    response = client.post(
        url("programme_item_add", ed, "slot"),
        {"day": START.isoformat(), "starts": "09:00", "ends": "10:30"},
    )
    assert response.status_code == 302
    starts_at = TimeSlot.objects.get().starts_at
    assert timezone.localtime(starts_at).time() == datetime.time(9, 0)  # Berlin time
    assert timezone.localtime(starts_at).date() == START


def test_add_and_change_a_session_through_the_form(client, ed, lea):
    morning = slot(ed, lea)
    hall = room(ed, lea, "Hall", capacity=30)
    client.force_login(lea)
    data = {
        "kind": SessionKind.WORKSHOP,
        "slot": morning.pk,
        "room": hall.pk,
        "capacity": "40",
        "title_en": "Climate adaptation",
        "sdgs": ["13"],
    }
    response = client.post(url("programme_item_add", ed, "session"), data, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The room has only 30 seats." in html and 'value="Climate adaptation"' in html
    data["capacity"] = "30"
    response = client.post(url("programme_item_add", ed, "session"), data, **EN)
    assert response.status_code == 302
    session = ProgrammeSession.objects.get()
    assert list(session.sdgs.values_list("number", flat=True)) == [13]
    data["title_fr"] = "Adaptation au climat"
    response = client.post(url("programme_item_change", ed, "session", session.pk), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title_fr == "Adaptation au climat"
    # A second session in the same room and slot: a clear message, no 500.
    data["title_en"] = "Clash"
    response = client.post(url("programme_item_add", ed, "session"), data, **EN)
    assert "Another session uses this room in this time slot." in response.content.decode()


def test_delete_refused_with_a_message(client, ed, lea):
    morning = slot(ed, lea)
    plenary(ed, lea, morning)
    client.force_login(lea)
    response = client.post(url("programme_item_delete", ed, "slot", morning.pk), follow=True, **EN)
    assert "move or delete them first" in response.content.decode()
    assert TimeSlot.objects.filter(pk=morning.pk).exists()
    assert client.get(url("programme_item_delete", ed, "slot", morning.pk)).status_code == 405


# --- Assignment page -------------------------------------------------------------------------


def test_assign_and_remove_on_the_page(client, ed, lea):
    (session,) = build_programme(ed, lea, workshops=1)
    person = german_registration(ed, lea, full_name="Test Person Assignee")
    services.workshop_preferences_set(registration=person, ranked_sessions=[session], by=lea)
    client.force_login(lea)
    html = client.get(url("workshop_assign", ed), **EN).content.decode()
    assert "Places taken: 0 of 10" in html and "Test Person Assignee" in html and "choice 1" in html
    response = client.post(
        url("workshop_assign", ed),
        {"action": "assign", "session": session.pk, "registration": person.pk},
        **EN,
    )
    assert response.status_code == 302 and response.url.endswith(f"#workshop-{session.pk}")
    html = client.get(url("workshop_assign", ed), **EN).content.decode()
    assert "Places taken: 1 of 10" in html
    assert "<div><dt>First choice</dt><dd>1</dd></div>" in html
    response = client.post(
        url("workshop_assign", ed),
        {"action": "unassign", "session": session.pk, "registration": person.pk},
    )
    assert response.status_code == 302
    assert not WorkshopAssignment.objects.exists()


def test_assign_errors_are_shown_next_to_the_workshop(client, ed, lea):
    session = workshop(ed, lea, slot(ed, lea), title="Tiny", capacity=1)
    first, second = german_registration(ed, lea), german_registration(ed, lea)
    services.workshop_assign(registration=first, session=session, by=lea)
    client.force_login(lea)
    response = client.post(
        url("workshop_assign", ed),
        {"action": "assign", "session": session.pk, "registration": second.pk},
        **EN,
    )
    assert response.status_code == 200
    assert "is full: 1 of 1 places are taken" in response.content.decode()
    response = client.post(
        url("workshop_assign", ed), {"action": "assign", "session": session.pk}, **EN
    )
    assert response.status_code == 200 and "Choose a participant." in response.content.decode()
    response = client.post(url("workshop_assign", ed), {"action": "assign"}, **EN)
    assert response.status_code == 200


# --- Preferences and the personal programme (by link) ------------------------------------------


def ranks(**chosen):
    """Form data: {session: rank} as the per-workshop selects send it."""
    return {f"workshop_{session.pk}": rank for session, rank in chosen.items()}


def test_rank_workshops_by_link_and_see_the_assignment(client, ed, lea):
    w1, w2, w3 = build_programme(ed, lea, workshops=3)
    person = german_registration(ed, lea)
    page = reverse("conferences:workshop_preferences", args=[person.access_token])
    html = client.get(page, **EN).content.decode()
    assert "choice 1 (most wanted)" in html and "not been assigned" in html
    assert f'<label for="id_workshop_{w2.pk}">Workshop 2:</label>' in html
    response = client.post(
        page, {f"workshop_{w1.pk}": 2, f"workshop_{w2.pk}": 1, f"workshop_{w3.pk}": 1}, **EN
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "You gave choice 1 to “Workshop 2” already." in html
    kept = re.search(rf'<select name="workshop_{w1.pk}".*?</select>', html, re.S).group(0)
    assert '<option value="2" selected>' in kept  # input kept
    response = client.post(
        page, {f"workshop_{w1.pk}": 3, f"workshop_{w2.pk}": 1, f"workshop_{w3.pk}": 2}
    )
    assert response.status_code == 302
    assert [p.session for p in person.workshop_preferences.all()] == [w2, w3, w1]
    html = client.get(page, **EN).content.decode()
    kept = re.search(rf'<select name="workshop_{w3.pk}".*?</select>', html, re.S).group(0)
    assert '<option value="2" selected>' in kept  # the saved ranking is shown
    services.workshop_assign(registration=person, session=w2, by=lea)
    html = client.get(page, **EN).content.decode()
    assert "Your assignment" in html and "not been assigned" not in html
    assert reverse("conferences:personal_programme_ics", args=[person.access_token]) in html


def test_too_few_choices_are_refused_on_the_page(client, ed, lea):
    w1, *_ = build_programme(ed, lea, workshops=3)
    person = german_registration(ed, lea)
    page = reverse("conferences:workshop_preferences", args=[person.access_token])
    response = client.post(page, {f"workshop_{w1.pk}": 1}, **EN)
    assert response.status_code == 200
    assert "Rank at least your 3 favourite workshops." in response.content.decode()
    assert not person.workshop_preferences.exists()


def test_a_cancelled_registration_sees_no_form(client, ed, lea):
    w1, w2, w3 = build_programme(ed, lea, workshops=3)
    person = german_registration(ed, lea)
    services.registration_cancel(registration=person, by=lea)
    page = reverse("conferences:workshop_preferences", args=[person.access_token])
    response = client.post(
        page, {f"workshop_{w.pk}": i for i, w in enumerate([w1, w2, w3], 1)}, **EN
    )
    assert response.status_code == 200
    assert "so you cannot choose workshops" in response.content.decode()
    assert not person.workshop_preferences.exists()


@pytest.mark.parametrize("workshops", [3, 12])
def test_preferences_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, workshops
):
    lea = organiser()
    ed = edition()
    sessions = build_programme(ed, lea, workshops=workshops)
    person = german_registration(ed, lea)
    services.workshop_preferences_set(registration=person, ranked_sessions=sessions, by=lea)
    page = reverse("conferences:workshop_preferences", args=[person.access_token])
    with django_assert_max_num_queries(8):
        assert client.get(page).status_code == 200
    ics = reverse("conferences:personal_programme_ics", args=[person.access_token])
    with django_assert_max_num_queries(6):
        assert client.get(ics).status_code == 200


def test_personal_calendar_has_plenaries_and_own_workshops_only(client, ed, lea):
    w1, w2 = build_programme(ed, lea, workshops=2)
    person = german_registration(ed, lea)
    services.workshop_assign(registration=person, session=w1, by=lea)
    response = client.get(
        reverse("conferences:personal_programme_ics", args=[person.access_token]), **EN
    )
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Opening plenary (plenary)", "Workshop 1 (workshop)"}
    workshop_event = events["Workshop 1 (workshop)"]
    assert workshop_event.decoded("dtstart") == w1.slot.starts_at
    assert "Room 1" in str(workshop_event["location"])
    assert "Test Person Speaker" in str(workshop_event["description"])
    assert w2.title not in response.content.decode()


def test_preferences_page_before_any_workshop_exists(client, ed, lea):
    """A participant who opens the page before the programme has workshops gets a page, not
    a server error (found by the URL permission matrix)."""
    person = german_registration(ed, lea)
    page = reverse("conferences:workshop_preferences", args=[person.access_token])
    assert client.get(page, **EN).status_code == 200
    assert client.post(page, {}, **EN).status_code in (200, 302)
