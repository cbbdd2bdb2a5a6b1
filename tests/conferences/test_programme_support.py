"""Builders shared by the programme and travel grant tests (this module holds no tests).

An edition a year from now with three days known to the day, time slots in
Berlin time, an organiser, and registrations made through the registration
service (as the pages do).
"""

import datetime
import itertools

from django.utils import timezone

from partnerhub.conferences import services
from partnerhub.conferences.models import ParticipantType, SessionKind
from tests.factories import (
    EditionFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PersonFactory,
)

from .helpers import person_values, submit

START = datetime.date.today() + datetime.timedelta(days=365)
_emails = itertools.count(1)


def organiser():
    return PersonFactory(full_name="Test Person Organiser", is_organiser=True, is_staff=True)


def edition(**kwargs):
    """Three days from START (known to the day), registration open, Africa series."""
    return EditionFactory(start=START, **kwargs)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime in the conference's time zone, `day` days after START."""
    naive = datetime.datetime.combine(START + datetime.timedelta(days=day), datetime.time(0))
    naive = naive.replace(hour=hour, minute=minute)
    return timezone.make_aware(naive, timezone.get_default_timezone())


def slot(ed, by, day=0, start=(9, 0), end=(10, 30)):
    return services.time_slot_create(
        edition=ed, by=by, starts_at=at(day, *start), ends_at=at(day, *end)
    )


def room(ed, by, name="Room A", capacity=None):
    return services.room_create(edition=ed, by=by, name=name, capacity=capacity)


def workshop(ed, by, time_slot, title="Test Workshop", capacity=None, the_room=None, **kwargs):
    return services.session_create(
        edition=ed,
        by=by,
        kind=SessionKind.WORKSHOP,
        slot=time_slot,
        room=the_room,
        capacity=capacity,
        title_en=title,
        **kwargs,
    )


def plenary(ed, by, time_slot, title="Opening plenary", **kwargs):
    return services.session_create(
        edition=ed, by=by, kind=SessionKind.PLENARY, slot=time_slot, title_en=title, **kwargs
    )


def german_registration(ed, by, **overrides):
    """A confirmed (in an unmoderated edition with places) German participant."""
    town = overrides.pop("municipality", None) or MunicipalityFactory()
    values = person_values(
        full_name=overrides.pop("full_name", f"Test Person {next(_emails)}"),
        email=f"participant{next(_emails)}@example.org",
        municipality=town,
        **overrides,
    )
    return submit(ed, by, [values]).registrations.get()


def partner_registration(ed, by, **overrides):
    """A partner delegate (Ghana) with their own e-mail address, writing in English."""
    partner = overrides.pop("municipality", None) or PartnerMunicipalityFactory()
    values = person_values(
        participant_type=ParticipantType.PARTNER_MUNICIPALITY,
        full_name=overrides.pop("full_name", f"Test Person Partner {next(_emails)}"),
        email=overrides.pop("email", f"partner{next(_emails)}@example.org"),
        language=overrides.pop("language", "en"),
        municipality=partner,
        country=partner.country,
        **overrides,
    )
    return submit(ed, by, [values]).registrations.get()
