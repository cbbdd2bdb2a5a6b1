"""E-mail from the organisers to a filtered group, each recipient in their language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.conferences import mailing, services
from partnerhub.conferences.models import Registration
from partnerhub.core.models import AuditEvent

from .test_organiser import EN, build_world

pytestmark = pytest.mark.django_db

TEXTS = {
    "subject_de": "Programm für {name}",
    "body_de": "Liebe Teilnehmende, hallo {name}: das Programm ist da.",
    "subject_en": "Programme for {name}",
    "body_en": "Dear {name}, the programme is online.",
    "subject_fr": "Programme pour {name}",
    "body_fr": "Bonjour {name}, le programme est en ligne.",
}


@pytest.fixture
def world(roles):
    return build_world(organiser=roles["organiser"])


def test_preview_then_send_each_in_their_language(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.organiser)
    url = world.url("participants_mail") + "?participant_type=german_municipality&q=alpha"
    response = client.get(url, **EN)
    assert [r.full_name for r in response.context["recipients"]] == [
        "Test Person Alpha One",
        "Test Person Alpha Two",
    ]
    # Preview: nothing is sent, the count and a sample are shown.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**TEXTS, "expected_count": "2", "preview": "1"}, **EN)
    assert response.status_code == 200 and mailoutbox == []
    html = response.content.decode()
    assert "Programm für Test Person Alpha One" in html  # German registration: German text
    assert "Programme for Test Person Alpha Two" in html
    assert "Send to 2 people" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**TEXTS, "expected_count": "2", "send": "1"}, **EN)
    assert response.status_code == 302
    assert response["Location"].startswith(world.url("participants"))
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"alpha1@example.org", "alpha2@example.org"}
    assert by_address["alpha1@example.org"].subject == "Programm für Test Person Alpha One"
    assert "hallo Test Person Alpha One" in by_address["alpha1@example.org"].body
    assert by_address["alpha2@example.org"].subject == "Programme for Test Person Alpha Two"
    event = AuditEvent.objects.get(action="edition.group_mail")
    assert event.subject == world.edition and event.actor == world.organiser
    assert event.to_state == "2" and "participant_type=german_municipality" in event.note


def test_languages_fall_back_to_english_and_relay_for_people_without_address(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.organiser)
    url = world.url("participants_mail")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**TEXTS, "expected_count": "6", "send": "1"})
    assert response.status_code == 302
    assert len(mailoutbox) == 6
    subjects = {(m.to[0], m.subject) for m in mailoutbox}
    assert ("partner1@example.org", "Programme pour Test Person Partner One") in subjects
    # Spanish registration, no Spanish text: English.
    assert ("beta1@example.org", "Programme for Test Person Beta") in subjects
    assert ("civil@example.org", "Programm für Test Person Civil") in subjects
    # The partner delegate without an address: to whoever registered them, in French.
    relayed = [m for m in mailoutbox if m.to == [world.submitter.email]]
    assert len(relayed) == 1
    assert relayed[0].subject == "Programme pour Test Person Partner Two"
    assert "Bonjour Test Person Partner Two" in relayed[0].body


def test_cancelled_people_get_the_mail_only_when_filtered_for(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    services.registration_cancel(registration=world.get("Test Person Beta"), by=world.organiser)
    client.force_login(world.organiser)
    response = client.get(world.url("participants_mail"))
    assert len(response.context["recipients"]) == 5
    response = client.get(world.url("participants_mail"), {"status": "cancelled"})
    assert [r.full_name for r in response.context["recipients"]] == ["Test Person Beta"]


def test_missing_texts_are_explained_and_kept(client, world, mailoutbox):
    client.force_login(world.organiser)
    data = {"subject_de": "Nur Deutsch", "body_de": "Text", "subject_fr": "Seulement", "send": "1"}
    response = client.post(world.url("participants_mail"), {**data, "expected_count": "6"}, **EN)
    assert response.status_code == 200 and mailoutbox == []
    errors = response.context["form"].errors
    assert {"subject_en", "body_en", "body_fr"} <= set(errors)
    assert 'value="Nur Deutsch"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="edition.group_mail").exists()


def test_a_changed_group_is_not_sent_without_a_new_look(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            world.url("participants_mail"), {**TEXTS, "expected_count": "5", "send": "1"}, **EN
        )
    assert response.status_code == 200 and mailoutbox == []
    assert "has changed from 5 to 6" in response.content.decode()
    assert 'name="expected_count" value="6"' in response.content.decode()
    response = client.post(world.url("participants_mail"), {**TEXTS, "send": "1"}, **EN)
    assert "Look at the preview" in response.content.decode()


def test_subject_must_be_one_line(client, world, mailoutbox):
    client.force_login(world.organiser)
    data = {**TEXTS, "subject_en": "Hello\nBcc: someone@example.org", "expected_count": "6"}
    response = client.post(world.url("participants_mail"), {**data, "send": "1"}, **EN)
    assert response.status_code == 200 and mailoutbox == []
    assert "single line" in response.content.decode()


def test_service_rules(world, roles):
    registrations = list(Registration.objects.filter(edition=world.edition))
    subjects = {"de": "Betreff", "en": "Subject"}
    bodies = {"de": "Text", "en": "Text"}
    with pytest.raises(PermissionDenied):
        mailing.group_mail_send(
            edition=world.edition,
            by=roles["member_own"],
            registrations=registrations,
            subjects=subjects,
            bodies=bodies,
        )
    with pytest.raises(ValidationError):
        mailing.group_mail_send(
            edition=world.edition,
            by=world.organiser,
            registrations=registrations,
            subjects={"de": "Betreff"},
            bodies={"de": "Text"},
        )
    with pytest.raises(ValidationError, match="No registration"):
        mailing.group_mail_send(
            edition=world.edition,
            by=world.organiser,
            registrations=[],
            subjects=subjects,
            bodies=bodies,
        )
    assert mailing.mail_language("es", {"de", "en"}) == "en"
    assert mailing.mail_language("fr", {"de"}) == "de"
    assert mailing.mail_language("fr", {"de", "en", "fr"}) == "fr"
