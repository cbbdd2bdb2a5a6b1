"""Workshop languages: the programme's field, the participants' languages, the run's hard
constraint, the explanation on the review page and hand moves into another language."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from partnerhub.conferences import services
from partnerhub.conferences.assignment_texts import reason_text
from partnerhub.conferences.forms_programme import SessionForm
from partnerhub.conferences.models import ProgrammeSession, SessionKind
from partnerhub.conferences.services import assignment_runs as run_services
from partnerhub.core.models import AuditEvent
from tests.factories import MunicipalityFactory, PartnerMunicipalityFactory, PersonFactory

from .test_programme_support import (
    edition,
    german_registration,
    organiser,
    partner_registration,
    slot,
    workshop,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def francophone(ed, by, **overrides):
    """A partner delegate who speaks only French, as far as the platform can tell."""
    town = PartnerMunicipalityFactory(languages=["fr"])
    return partner_registration(ed, by, language="fr", municipality=town, **overrides)


def anglophone(ed, by, **overrides):
    town = PartnerMunicipalityFactory(languages=["en"])
    return partner_registration(ed, by, language="en", municipality=town, **overrides)


class World:
    """Slot 1: E (held in English), F (held in French), both with room for everybody;
    slot 2: M (no particular language), so that everybody can rank three workshops."""

    def __init__(self):
        self.lea = organiser()
        self.ed = edition()
        self.s1 = slot(self.ed, self.lea)
        self.s2 = slot(self.ed, self.lea, start=(11, 0), end=(12, 30))
        self.e = workshop(self.ed, self.lea, self.s1, title="Workshop E", language="en")
        self.f = workshop(self.ed, self.lea, self.s1, title="Workshop F", language="fr")
        self.m = workshop(self.ed, self.lea, self.s2, title="Workshop M")

    def rank(self, registration, *sessions):
        services.workshop_preferences_set(
            registration=registration, ranked_sessions=list(sessions), by=self.lea
        )

    def start(self, capture, **kwargs):
        kwargs.setdefault("policy", "rank_maximal")
        with capture(execute=True):
            run = services.assignment_run_start(edition=self.ed, by=self.lea, **kwargs)
        run.refresh_from_db()
        return run


@pytest.fixture
def world():
    return World()


def placement(run, registration, time_slot):
    return next(
        (p[2] for p in run.placements if p[0] == registration.pk and p[1] == time_slot.pk), None
    )


# --- What the platform knows a participant speaks ----------------------------------------------


def test_participant_languages_join_registration_account_and_municipality(world):
    french = francophone(world.ed, world.lea)
    assert run_services.participant_languages(french) == {"fr"}
    town = MunicipalityFactory(languages=["de", "EN"])
    german = german_registration(
        world.ed, world.lea, municipality=town, interpretation_language="es"
    )
    german.person = PersonFactory(preferred_language="fr")
    assert run_services.participant_languages(german) == {"de", "en", "es", "fr"}


# --- The hard constraint -----------------------------------------------------------------------


def test_a_french_speaker_is_never_placed_in_an_english_workshop(
    world, django_capture_on_commit_callbacks
):
    french = francophone(world.ed, world.lea, full_name="Test Person Francophone")
    english = anglophone(world.ed, world.lea, full_name="Test Person Anglophone")
    world.rank(french, world.e, world.f, world.m)  # English first, although room is plenty
    world.rank(english, world.e, world.f, world.m)
    run = world.start(django_capture_on_commit_callbacks, seed=4)
    assert placement(run, french, world.s1) == world.f.pk  # their 2nd choice
    assert placement(run, english, world.s1) == world.e.pk
    assert [french.pk, world.s1.pk, world.f.pk, 2, "solver"] in run.placements


def test_who_ranked_only_workshops_in_other_languages_is_told_why(
    client, world, django_capture_on_commit_callbacks
):
    french = francophone(world.ed, world.lea, full_name="Test Person Francophone")
    other = ProgrammeSession.objects.get(pk=workshop(world.ed, world.lea, world.s2).pk)
    world.rank(french, world.e, world.m, other)  # in slot 1 only the English workshop
    run = world.start(django_capture_on_commit_callbacks, seed=4)
    assert placement(run, french, world.s1) is None
    code, params = next(u[2:] for u in run.unplaced if u[0] == french.pk)
    assert code == "no_ranked_workshop_in_language"
    assert params == {"languages": ["fr"], "workshop_languages": ["en"]}

    client.force_login(world.lea)
    page = client.get(
        reverse("conferences:assignment_run", args=[world.ed.series.slug, world.ed.number, run.pk]),
        **EN,
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "none of the workshops they ranked is in a language they speak "
        "(speaks: French; the workshops they ranked: English)"
    ) in html
    assert 'data-language="en"' in html  # the workshop table names the language


def test_the_explanation_is_translated_by_the_django_layer():
    with translation.override("de"):
        german = reason_text("no_ranked_workshop_in_language")
    with translation.override("en"):
        english = reason_text("no_ranked_workshop_in_language")
    assert english == "none of the workshops they ranked is in a language they speak"
    assert german and german != english
    # Runs stored before workshops had languages have no parameters: still a sentence.
    assert reason_text("no_ranked_workshop_in_language", None) == english


def test_random_editions_never_place_anybody_in_a_language_they_lack(
    django_capture_on_commit_callbacks,
):
    lea = organiser()
    ed = edition()
    rng = random.Random(6)
    slots = [slot(ed, lea), slot(ed, lea, start=(11, 0), end=(12, 30))]
    sessions = [
        workshop(
            ed,
            lea,
            slots[index % 2],
            title=f"Workshop {index}",
            capacity=rng.choice([1, 2, 3]),
            language=rng.choice(["", "en", "fr", "es"]),
        )
        for index in range(8)
    ]
    people = []
    for index in range(10):
        language = rng.choice(["en", "fr", "es", "de"])
        town = PartnerMunicipalityFactory(languages=[language])
        person = partner_registration(
            ed, lea, language=language, municipality=town, full_name=f"Test Person {index}"
        )
        services.workshop_preferences_set(
            registration=person, ranked_sessions=rng.sample(sessions, 5), by=lea
        )
        people.append(person)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.assignment_run_start(edition=ed, by=lea, policy="fair", seed=2)
    run.refresh_from_db()
    by_pk = {s.pk: s for s in sessions}
    spoken = {p.pk: run_services.participant_languages(p) for p in people}
    assert run.placements
    for registration_id, _slot, session_id, _rank, _source in run.placements:
        language = by_pk[session_id].language
        assert not language or language in spoken[registration_id]
    for registration_id, _slot, code, params in run.unplaced:
        if code == "no_ranked_workshop_in_language":
            assert not set(params["workshop_languages"]) & spoken[registration_id]


# --- Staleness ---------------------------------------------------------------------------------


def test_languages_make_a_run_stale_only_when_a_workshop_has_one(
    world, django_capture_on_commit_callbacks
):
    french = francophone(world.ed, world.lea)
    world.rank(french, world.f, world.e, world.m)
    run = world.start(django_capture_on_commit_callbacks)
    town = french.municipality
    town.languages = ["fr", "en"]
    town.save(update_fields=["languages"])
    assert run_services.assignment_run_is_stale(run)  # they might now get workshop E

    # Without any workshop language, what people speak does not change the result.
    for session in (world.e, world.f):
        services.session_change(
            session=session,
            by=world.lea,
            kind=SessionKind.WORKSHOP,
            slot=world.s1,
            title_en=session.title_en,
        )
    plain = world.start(django_capture_on_commit_callbacks)
    town.languages = ["fr"]
    town.save(update_fields=["languages"])
    assert not run_services.assignment_run_is_stale(plain)


# --- Hand moves --------------------------------------------------------------------------------


def test_a_hand_move_into_another_language_is_allowed_named_and_audited(
    client, world, django_capture_on_commit_callbacks
):
    french = francophone(world.ed, world.lea, full_name="Test Person Francophone")
    world.rank(french, world.f, world.e, world.m)
    run = world.start(django_capture_on_commit_callbacks)
    assert services.assignment_language_problem(french, world.f) is None
    client.force_login(world.lea)
    args = [world.ed.series.slug, world.ed.number, run.pk]
    response = client.post(
        reverse("conferences:assignment_run_move", args=args),
        {"registration": french.pk, "session": world.e.pk},
        follow=True,
        **EN,
    )
    html = response.content.decode()
    assert "is now in the workshop" in html
    assert (
        "As far as the platform knows, Test Person Francophone does not speak English, the "
        "language of the workshop “Workshop E” (known: French)."
    ) in html
    run.refresh_from_db()
    assert placement(run, french, world.s1) == world.e.pk
    audit = AuditEvent.objects.get(action="assignment_run.moved")
    assert "language en not known to be spoken" in audit.note


# --- The programme: the field in the form, the service and the pages -----------------------------


def test_the_session_form_offers_the_languages_and_refuses_others(world):
    data = {"kind": SessionKind.WORKSHOP, "slot": world.s1.pk, "title_en": "Water"}
    form = SessionForm({**data, "language": "xx"}, edition=world.ed)
    assert not form.is_valid()
    assert "language" in form.errors
    form = SessionForm({**data, "language": "pt"}, edition=world.ed)
    assert form.is_valid(), form.errors
    assert form.values()["language"] == "pt"
    assert SessionForm({**data, "language": ""}, edition=world.ed).is_valid()
    assert SessionForm.initial_for(world.f)["language"] == "fr"


def test_the_service_refuses_an_unknown_language(world):
    with pytest.raises(ValidationError) as error:
        workshop(world.ed, world.lea, world.s2, title="Workshop X", language="xx")
    assert "language" in error.value.message_dict
    assert not ProgrammeSession.objects.filter(title_en="Workshop X").exists()


def test_organisers_set_the_language_and_the_public_programme_shows_it(client, world):
    client.force_login(world.lea)
    args = [world.ed.series.slug, world.ed.number, "session"]
    add = reverse("conferences:programme_item_add", args=args)
    values = {"kind": SessionKind.WORKSHOP, "slot": world.s2.pk, "title_en": "Taller de agua"}
    refused = client.post(add, {**values, "language": "zz"}, **EN)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Select a valid choice" in html and 'value="Taller de agua"' in html
    assert client.post(add, {**values, "language": "es"}, **EN).status_code == 302
    session = ProgrammeSession.objects.get(title_en="Taller de agua")
    assert session.language == "es"
    change = reverse("conferences:programme_item_change", args=[*args, session.pk])
    assert 'value="es" selected' in client.get(change, **EN).content.decode()

    client.logout()
    public = client.get(
        reverse("conferences:programme", args=[world.ed.series.slug, world.ed.number]), **EN
    ).content.decode()
    assert 'data-language="es"' in public and "Held in: Spanish" in public
