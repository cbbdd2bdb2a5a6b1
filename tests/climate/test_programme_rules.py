"""The rules of an action programme, each rejecting bad data and accepting good data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.climate import services
from partnerhub.climate.models import (
    MeasureStatus,
    ProgrammeStatus,
    ProgrammeVersion,
    Target,
    TargetKind,
    Unit,
)
from partnerhub.core.models import AuditEvent

from .conftest import adopt, fill_version, make_world

pytestmark = pytest.mark.django_db


def _target_data(world, field, **overrides):
    data = {
        "field_of_action": field,
        "kind": TargetKind.ADAPTATION,
        "municipality": world.partner_municipality,
        "indicator": "Trees planted",
        "unit": Unit.TREES,
        "baseline_value": Decimal("0"),
        "baseline_year": 2012,
        "target_value": Decimal("500"),
        "target_year": 2016,
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(world):
    return services.programme_start(climate_partnership=world.climate, by=world.partner)


def test_target_year_must_come_after_the_baseline_year(world, draft):
    field = services.field_of_action_save(version=draft, by=world.partner, name="Water")
    for year in (2012, 2011):
        with pytest.raises(ValidationError) as error:
            services.target_save(
                version=draft, by=world.partner, **_target_data(world, field, target_year=year)
            )
        assert error.value.message_dict["target_year"] == [
            "The target year must come after the baseline year."
        ]
    target = services.target_save(
        version=draft, by=world.partner, **_target_data(world, field, target_year=2013)
    )
    assert target.pk


def test_target_concerns_one_of_the_two_municipalities(world, draft):
    from tests.factories import MunicipalityFactory

    field = services.field_of_action_save(version=draft, by=world.partner, name="Water")
    with pytest.raises(ValidationError) as error:
        services.target_save(
            version=draft,
            by=world.partner,
            **_target_data(world, field, municipality=MunicipalityFactory()),
        )
    assert "municipality" in error.value.message_dict


def test_a_measure_serves_at_least_one_target_of_the_same_version(world, draft):
    targets = fill_version(draft, world.german, measures=0)
    other = make_world()
    other_draft = services.programme_start(climate_partnership=other.climate, by=other.german)
    other_targets = fill_version(other_draft, other.german, measures=0)
    common = {"title": "Solar roofs", "kind": TargetKind.MITIGATION}
    with pytest.raises(ValidationError) as error:
        services.measure_save(version=draft, by=world.german, targets=[], **common)
    assert error.value.message_dict["targets"] == ["A measure serves at least one target."]
    with pytest.raises(ValidationError) as error:
        services.measure_save(version=draft, by=world.german, targets=other_targets, **common)
    assert error.value.message_dict["targets"] == [
        "A measure serves only targets of the same programme version."
    ]
    measure = services.measure_save(version=draft, by=world.german, targets=targets, **common)
    assert list(measure.targets.all()) == targets


def test_a_measure_does_not_end_before_it_starts(world, draft):
    targets = fill_version(draft, world.german, measures=0)
    with pytest.raises(ValidationError) as error:
        services.measure_save(
            version=draft,
            by=world.german,
            targets=targets,
            title="Solar roofs",
            kind=TargetKind.MITIGATION,
            start_date=datetime.date(2014, 1, 1),
            end_date=datetime.date(2013, 12, 31),
        )
    assert error.value.message_dict["end_date"] == [
        "The end of a measure cannot come before its start."
    ]


def test_german_departments_are_named_before_either_side_approves(world, draft):
    fill_version(draft, world.german, departments=False)
    missing = services.version_missing(draft)
    assert set(missing) == {"department_international", "department_environment"}
    for side, person in (("german", world.german), ("partner", world.partner)):
        with pytest.raises(ValidationError) as error:
            services.version_approve(version=draft, side=side, by=person)
        assert error.value.message_dict == missing
    draft = services.version_update_details(
        version=draft,
        by=world.german,
        department_international="International relations office",
        department_environment="Environment department",
    )
    assert services.version_missing(draft) == {}
    assert services.version_approve(version=draft, side="partner", by=world.partner).status == (
        ProgrammeStatus.DRAFT
    )


def test_each_side_approves_only_for_itself(world, draft):
    fill_version(draft, world.german)
    with pytest.raises(PermissionDenied):
        services.version_approve(version=draft, side="partner", by=world.german)
    with pytest.raises(PermissionDenied):
        services.version_approve(version=draft, side="german", by=world.partner)
    with pytest.raises(PermissionDenied):
        services.version_approve(version=draft, side="german", by=world.organiser)
    services.version_approve(version=draft, side="german", by=world.german)
    version = services.version_approve(version=draft, side="partner", by=world.partner)
    assert version.status == ProgrammeStatus.AGREED
    assert version.german_approved_by == world.german
    assert version.partner_approved_by == world.partner


def test_an_edit_after_an_approval_clears_both_approvals(world, draft):
    targets = fill_version(draft, world.german)
    services.version_approve(version=draft, side="german", by=world.german)
    services.version_approve(version=draft, side="partner", by=world.partner)
    data = {
        name: getattr(targets[0], name)
        for name in ("field_of_action", "kind", "municipality", "unit", "baseline_value")
    }
    services.target_save(
        version=draft,
        by=world.partner,
        target=targets[0],
        indicator="Emissions (changed)",
        **data,
    )
    draft.refresh_from_db()
    assert draft.status == ProgrammeStatus.DRAFT
    assert draft.german_approved_at is None and draft.partner_approved_at is None
    assert AuditEvent.objects.filter(action="climate.approvals_cleared").count() == 1


def test_adoption_needs_both_approvals_and_a_decision_date_not_in_the_future(world, draft):
    fill_version(draft, world.german)
    with pytest.raises(ValidationError):
        services.version_adopt(
            version=draft, decision_date=datetime.date(2013, 1, 1), by=world.german
        )
    services.version_approve(version=draft, side="german", by=world.german)
    services.version_approve(version=draft, side="partner", by=world.partner)
    with pytest.raises(PermissionDenied):
        services.version_adopt(
            version=draft, decision_date=datetime.date(2013, 1, 1), by=world.partner
        )
    with pytest.raises(ValidationError) as error:
        services.version_adopt(
            version=draft,
            decision_date=datetime.date(2030, 1, 1),
            by=world.german,
            today=datetime.date(2029, 12, 31),
        )
    assert "decision_date" in error.value.message_dict
    version = services.version_adopt(
        version=draft, decision_date=datetime.date(2013, 1, 1), by=world.organiser
    )
    assert version.status == ProgrammeStatus.ADOPTED
    assert version.adopted_by == world.organiser
    assert AuditEvent.objects.filter(
        action="climate.version_adopted", to_state="adopted", actor=world.organiser
    ).exists()


def test_an_adopted_version_cannot_be_edited(world):
    version = adopt(world)
    with pytest.raises(ValidationError):
        services.field_of_action_save(version=version, by=world.german, name="Other")


def test_a_new_version_copies_the_adopted_one_which_stays_public_until_replaced(world):
    adopted = adopt(world, targets=2, measures=2)
    new = services.version_start_new(programme=adopted.programme, by=world.partner)
    assert new.number == 2 and new.status == ProgrammeStatus.DRAFT
    assert new.department_environment == adopted.department_environment
    old_targets = list(adopted.targets.order_by("order"))
    new_targets = list(new.targets.order_by("order"))
    assert [t.key for t in new_targets] == [t.key for t in old_targets]
    assert {t.pk for t in old_targets}.isdisjoint(t.pk for t in new_targets)
    for measure in new.measures.all():
        assert {t.version_id for t in measure.targets.all()} == {new.pk}
    with pytest.raises(ValidationError):
        services.version_start_new(programme=adopted.programme, by=world.partner)
    adopted.refresh_from_db()
    assert adopted.status == ProgrammeStatus.ADOPTED
    services.version_approve(version=new, side="german", by=world.german)
    services.version_approve(version=new, side="partner", by=world.partner)
    services.version_adopt(version=new, decision_date=datetime.date(2015, 1, 1), by=world.german)
    adopted.refresh_from_db()
    assert adopted.status == ProgrammeStatus.SUPERSEDED
    assert ProgrammeVersion.objects.filter(status=ProgrammeStatus.ADOPTED).get() == new


def test_members_of_other_municipalities_cannot_write(world, draft):
    other = make_world()
    with pytest.raises(PermissionDenied):
        services.field_of_action_save(version=draft, by=other.german, name="Intrusion")
    with pytest.raises(PermissionDenied):
        services.programme_start(climate_partnership=world.climate, by=other.partner)


def test_deleting_the_only_target_of_a_measure_is_refused(world, draft):
    targets = fill_version(draft, world.german)
    with pytest.raises(ValidationError) as error:
        services.target_delete(target=targets[0], by=world.german)
    assert "Measure 1" in error.value.messages[0]
    assert Target.objects.filter(pk=targets[0].pk).exists()


def test_measure_status_values_are_from_the_list(world, draft):
    targets = fill_version(draft, world.german, measures=0)
    with pytest.raises(ValidationError) as error:
        services.measure_save(
            version=draft,
            by=world.german,
            targets=targets,
            title="X",
            kind=TargetKind.MITIGATION,
            status="finished",
        )
    assert "status" in error.value.message_dict
    measure = services.measure_save(
        version=draft,
        by=world.german,
        targets=targets,
        title="X",
        kind=TargetKind.MITIGATION,
        status=MeasureStatus.DONE,
        money_amount=Decimal("10"),
        money_currency="EUR",
    )
    assert measure.status == MeasureStatus.DONE
