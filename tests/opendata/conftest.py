import datetime

import pytest
from django.utils import translation

from partnerhub.calls import services as call_services
from partnerhub.calls.models import (
    Decision,
    DialogueEvent,
    EventParticipant,
    LearningProcess,
    ParticipantStatus,
)
from partnerhub.reference.models import SdgGoal
from tests.calls.conftest import applicant, call, organiser  # noqa: F401 (fixtures)
from tests.calls.test_proposals import BEFORE, complete, submit_at
from tests.factories import MunicipalityFactory, PartnerMunicipalityFactory, PartnershipFactory
from tests.factories import country as country_of

EVENT_DAY = datetime.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def partnership(db):
    """A partnership with two partners, themes, SDGs and two description languages."""
    partnership = PartnershipFactory(
        german_municipality=MunicipalityFactory(name="Sample Town Opendata"),
        partners=[
            PartnerMunicipalityFactory(name="Sample Partner Accra"),
            PartnerMunicipalityFactory(name="Sample Partner Lima", country=country_of("PE")),
        ],
        themes=["water_sanitation", "climate_adaptation", "culture"],
        description_de="Wasser & Klima <gemeinsam>",
        description_en="Water and climate together",
        since_year=1998,
    )
    partnership.sdgs.set(SdgGoal.objects.filter(number__in=[6, 13]))
    return partnership


@pytest.fixture
def learning_process(call, applicant, organiser):  # noqa: F811
    """A learning process from a selected proposal (actors in Ghana and France), with SDGs."""
    proposal = submit_at(complete(call, applicant), applicant[0], BEFORE)
    call_services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    process = call_services.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
    )
    process.sdgs.set(SdgGoal.objects.filter(number__in=[11]))
    return process


def make_processes(count: int) -> None:
    """Learning processes without a proposal (as before the platform), with an event each."""
    host = MunicipalityFactory()
    for index in range(count):
        process = LearningProcess.objects.create(
            title=f"Sample learning process {index}",
            host=host,
            theme_field="municipal_services",
            starts_on=EVENT_DAY,
            ends_on=EVENT_DAY + datetime.timedelta(days=364),
        )
        event = DialogueEvent.objects.create(learning_process=process, starts_on=EVENT_DAY)
        EventParticipant.objects.create(
            event=event,
            full_name="Test Person Sample",
            country=country_of("KE"),
            status=ParticipantStatus.SELECTED,
        )
