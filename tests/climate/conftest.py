"""A climate partnership between the matrix's own municipality (German side) and a partner
municipality in Ghana, with a member on each side, and helpers to build programmes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from partnerhub.climate import services
from partnerhub.climate.models import (
    ClimatePartnership,
    ClimateProject,
    MeasureStatus,
    ProgrammeVersion,
    ProjectPhase,
    TargetKind,
    Unit,
)
from tests.factories import (
    MembershipFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@dataclass
class World:
    climate: ClimatePartnership
    german: object  # a member of the German municipality
    partner: object  # a member of the partner municipality
    organiser: object
    phase: ProjectPhase

    @property
    def german_municipality(self):
        return self.climate.partnership.german_municipality

    @property
    def partner_municipality(self):
        return self.climate.partnership.partners.get()


def make_world(german_municipality=None, partner_municipality=None) -> World:
    project = ClimateProject.objects.first() or ClimateProject.objects.create(
        slug="test-project", title_de="Testprojekt", title_en="Test project"
    )
    phase = project.phases.first() or ProjectPhase.objects.create(
        project=project, name_de="Pilotphase", name_en="Pilot phase", start_year=2011
    )
    partner_municipality = partner_municipality or PartnerMunicipalityFactory()
    kwargs = {"partners": [partner_municipality]}
    if german_municipality is not None:
        kwargs["german_municipality"] = german_municipality
    partnership = PartnershipFactory(**kwargs)
    climate = services.climate_partnership_add(
        partnership=partnership, phase=phase, joined_year=2011
    )
    german = PersonFactory(full_name="Test Person German Side")
    MembershipFactory(person=german, municipality=partnership.german_municipality)
    partner = PersonFactory(full_name="Test Person Partner Side", preferred_language="en")
    MembershipFactory(person=partner, municipality=partner_municipality)
    organiser = PersonFactory(full_name="Test Person Organiser", is_organiser=True, is_staff=True)
    return World(climate, german, partner, organiser, phase)


@pytest.fixture
def world(db) -> World:
    return make_world()


def fill_version(version: ProgrammeVersion, by, *, departments=True, targets=1, measures=1):
    """Departments named, one field of action, targets and measures: ready for approval."""
    if departments:
        services.version_update_details(
            version=version,
            by=by,
            department_international="International relations office",
            department_environment="Environment and climate department",
        )
    field = services.field_of_action_save(version=version, by=by, name="Energy")
    partnership = version.programme.climate_partnership.partnership
    made = []
    for index in range(targets):
        made.append(
            services.target_save(
                version=version,
                by=by,
                field_of_action=field,
                kind=TargetKind.MITIGATION,
                municipality=partnership.german_municipality,
                indicator=f"Emissions {index + 1}",
                unit=Unit.T_CO2E_PER_YEAR,
                baseline_value=Decimal("100"),
                baseline_year=2010,
                target_value=Decimal("60"),
                target_year=2020,
                order=index,
            )
        )
    for index in range(measures):
        services.measure_save(
            version=version,
            by=by,
            targets=made[:1],
            title=f"Measure {index + 1}",
            kind=TargetKind.MITIGATION,
            status=MeasureStatus.PLANNED,
            start_date=datetime.date(2013, 1, 1),
            end_date=datetime.date(2014, 1, 1),
        )
    return made


def adopt(world: World, *, decision_date=datetime.date(2013, 6, 20), targets=1, measures=1):
    version = services.programme_start(climate_partnership=world.climate, by=world.german)
    fill_version(version, world.german, targets=targets, measures=measures)
    services.version_approve(version=version, side="german", by=world.german)
    services.version_approve(version=version, side="partner", by=world.partner)
    return services.version_adopt(version=version, decision_date=decision_date, by=world.german)
