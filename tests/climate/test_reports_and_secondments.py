"""Progress reports (year rules, units, lock), overdue reports and reminders, secondments."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.climate import queries, services
from partnerhub.climate.models import Direction, MeasureStatus, SecondmentStatus, Unit
from partnerhub.climate.tasks import reminder_recipients
from partnerhub.core.models import AuditEvent
from partnerhub.partnerships.models import PartnershipContact

from .conftest import adopt

pytestmark = pytest.mark.django_db


def test_report_year_not_in_the_future_not_before_adoption_and_once(world):
    version = adopt(world, decision_date=datetime.date(2013, 6, 20))
    programme = version.programme
    today = datetime.date(2015, 5, 1)
    with pytest.raises(ValidationError) as error:
        services.report_start(programme=programme, year=2016, by=world.partner, today=today)
    assert error.value.message_dict["year"] == ["A report cannot cover a future year."]
    with pytest.raises(ValidationError) as error:
        services.report_start(programme=programme, year=2012, by=world.partner, today=today)
    assert error.value.message_dict["year"] == [
        "The programme was adopted in 2013; report on that year or later."
    ]
    report = services.report_start(programme=programme, year=2013, by=world.partner, today=today)
    assert report.version == version
    with pytest.raises(ValidationError) as error:
        services.report_start(programme=programme, year=2013, by=world.german, today=today)
    assert error.value.message_dict["year"] == ["There is already a report for 2013."]


def test_no_report_without_an_adopted_version(world):
    draft = services.programme_start(climate_partnership=world.climate, by=world.german)
    with pytest.raises(ValidationError):
        services.report_start(programme=draft.programme, year=2013, by=world.german)


def test_values_must_be_given_in_the_unit_of_the_indicator(world):
    version = adopt(world)
    target = version.targets.get()
    report = services.report_start(programme=version.programme, year=2013, by=world.partner)
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report=report, by=world.partner, values={target.pk: ("90", Unit.T_CO2E)}
        )
    key = f"value_{target.pk}"
    assert error.value.message_dict[key] == [
        "Give the value in tonnes CO₂ equivalent per year, the unit of the indicator "
        "“Emissions 1”, not in tonnes CO₂ equivalent."
    ]
    assert not report.values.exists()
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report=report, by=world.partner, values={target.pk: ("many", target.unit)}
        )
    assert error.value.message_dict[key] == ["Enter a number."]
    services.report_save(report=report, by=world.partner, values={target.pk: ("90", target.unit)})
    assert report.values.get().value == Decimal("90")


def test_a_submitted_report_is_locked(world):
    version = adopt(world)
    measure = version.measures.get()
    report = services.report_start(programme=version.programme, year=2013, by=world.partner)
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=world.partner)
    assert "narrative" in error.value.message_dict
    services.report_save(
        report=report,
        by=world.partner,
        narrative="Good year.",
        statuses={measure.pk: (MeasureStatus.IN_PROGRESS, "on track")},
    )
    services.report_submit(report=report, by=world.partner)
    with pytest.raises(ValidationError):
        services.report_save(report=report, by=world.german, narrative="Changed")
    assert AuditEvent.objects.filter(action="climate.report_submitted").count() == 1


def test_outsiders_cannot_report(world):
    from .conftest import make_world

    version = adopt(world)
    other = make_world()
    with pytest.raises(PermissionDenied):
        services.report_start(programme=version.programme, year=2013, by=other.german)


def test_due_years():
    assert queries.due_years(2013, datetime.date(2014, 3, 31)) == []
    assert queries.due_years(2013, datetime.date(2014, 4, 1)) == [2013]
    assert queries.due_years(2013, datetime.date(2016, 1, 1)) == [2013, 2014]


def test_overdue_reports_and_reminder_in_the_recipients_language(
    world, django_capture_on_commit_callbacks
):
    version = adopt(world, decision_date=datetime.date(2013, 6, 20))
    report = services.report_start(
        programme=version.programme, year=2013, by=world.german, today=datetime.date(2014, 2, 1)
    )
    services.report_save(report=report, by=world.german, narrative="Done.")
    services.report_submit(report=report, by=world.german)
    rows = queries.overdue_reports(today=datetime.date(2015, 6, 1))
    assert [(row.climate, row.missing_years) for row in rows] == [(world.climate, [2014])]
    assert queries.overdue_reports(today=datetime.date(2015, 3, 1)) == []

    partner = world.partner_municipality
    partner.languages = ["fr", "en"]
    partner.save()
    PartnershipContact.objects.create(
        partnership=world.climate.partnership,
        municipality=partner,
        role="Planning department",
        email="planning@example.org",
    )
    with pytest.raises(PermissionDenied):
        services.report_reminder_send(climate_partnership=world.climate, year=2014, by=world.german)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reminder_send(
            climate_partnership=world.climate, year=2014, by=world.organiser
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    # The partner side has a contact role (French first); the German side has none, so its
    # member gets it in their preferred language (German).
    assert set(by_address) == {"planning@example.org", world.german.email}
    assert "2014" in by_address["planning@example.org"].subject
    assert reminder_recipients(world.climate) == sorted(
        [("planning@example.org", "fr"), (world.german.email, "de")]
    )
    assert f"/climate/programmes/{version.programme.pk}/" in by_address[world.german.email].body
    assert AuditEvent.objects.filter(
        action="climate.report_reminder_sent", to_state="2014"
    ).exists()


def _request(world, **overrides):
    data = {
        "climate_partnership": world.climate,
        "by": world.partner,
        "direction": Direction.PARTNER_TO_GERMAN,
        "purpose": "Learn about energy management.",
        "expert_role": "Head of the works department",
        "start_date": datetime.date(2014, 5, 5),
        "end_date": datetime.date(2014, 5, 16),
        "costs": [("Flight", Decimal("1200"), "EUR")],
    }
    data.update(overrides)
    return services.secondment_request(**data)


def test_secondment_request_rules(world):
    from .conftest import make_world

    with pytest.raises(ValidationError) as error:
        _request(world, end_date=datetime.date(2014, 5, 1))
    assert error.value.message_dict["end_date"] == ["The end cannot come before the start."]
    with pytest.raises(ValidationError) as error:
        _request(world, costs=[("Flight", Decimal("-1"), "EUR")])
    assert "costs[0].amount" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        _request(world, by=make_world().german)
    secondment = _request(world)
    assert secondment.costs.get().amount == Decimal("1200")


def test_secondment_decision_and_report(world):
    secondment = _request(world)
    with pytest.raises(PermissionDenied):
        services.secondment_decide(secondment=secondment, approve=True, reason="", by=world.german)
    with pytest.raises(ValidationError) as error:
        services.secondment_decide(
            secondment=secondment, approve=False, reason=" ", by=world.organiser
        )
    assert error.value.message_dict["reason"] == ["Give the reason for declining."]
    services.secondment_decide(secondment=secondment, approve=True, reason="", by=world.organiser)
    with pytest.raises(ValidationError):
        services.secondment_decide(
            secondment=secondment, approve=False, reason="No", by=world.organiser
        )
    with pytest.raises(ValidationError):
        services.secondment_report(
            secondment=secondment,
            report="Early",
            by=world.partner,
            today=datetime.date(2014, 5, 10),
        )
    done = services.secondment_report(
        secondment=secondment,
        report="It went well.",
        by=world.partner,
        today=datetime.date(2014, 5, 16),
    )
    assert done.status == SecondmentStatus.REPORTED
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(secondment.pk), action__startswith="climate.secondment"
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "climate.secondment_requested",
        "climate.secondment_decided",
        "climate.secondment_reported",
    ]
