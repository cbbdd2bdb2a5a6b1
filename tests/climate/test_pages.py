"""The climate pages: dashboard figures, programme pages, editing through forms, reports,
exports, and a fixed number of queries whatever the number of rows."""

import datetime
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from partnerhub.climate import services
from partnerhub.climate.models import ProgrammeStatus, Target, Unit

from .conftest import adopt, fill_version, make_world

pytestmark = pytest.mark.django_db


def client_for(person=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if person is not None:
        client.force_login(person)
    return client


def test_dashboard_counts_from_the_data(world):
    adopt(world)
    drafting = make_world()
    services.programme_start(climate_partnership=drafting.climate, by=drafting.german)
    make_world()
    response = client_for().get(reverse("climate:overview"))
    page = response.content.decode()
    assert "1 of 50 climate partnerships have an adopted action programme." in page
    assert '<dd data-figure="total">3</dd>' in page
    assert '<dd data-figure="drafted">1</dd>' in page
    assert 'role="img"' in page and "<caption>Climate partnerships per partner country" in page
    assert "Ghana" in page


def test_overview_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    make_world()
    client = client_for()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("climate:overview"))
    for _ in range(4):
        world = make_world()
        adopt(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("climate:overview"))
    assert response.status_code == 200


def test_programme_page_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    small = make_world()
    small_version = adopt(small, targets=1, measures=1)
    report = services.report_start(programme=small_version.programme, year=2013, by=small.german)
    services.report_save(
        report=report,
        by=small.german,
        narrative="ok",
        values={t.pk: ("80", t.unit) for t in small_version.targets.all()},
        statuses={m.pk: ("planned", "") for m in small_version.measures.all()},
    )
    services.report_submit(report=report, by=small.german)
    large = make_world()
    version = adopt(large, targets=6, measures=6)
    for year in (2013, 2014, 2015):
        report = services.report_start(programme=version.programme, year=year, by=large.german)
        services.report_save(
            report=report,
            by=large.german,
            narrative="ok",
            values={t.pk: ("80", t.unit) for t in version.targets.all()},
            statuses={m.pk: ("planned", "") for m in version.measures.all()},
        )
        services.report_submit(report=report, by=large.german)
    client = client_for()
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("climate:programme", args=[small.climate.programme.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("climate:programme", args=[version.programme.pk]))
    page = response.content.decode()
    assert page.count('class="target-progress"') == 6
    assert "<svg" in page and "path to the target" in page


def test_editing_through_the_forms_keeps_input_and_shows_the_rule(world):
    client = client_for(world.partner)
    response = client.post(reverse("climate:start", args=[world.climate.pk]))
    programme = world.climate.programme
    assert response.url == reverse("climate:edit", args=[programme.pk])
    response = client.get(response.url)
    assert "Name the department of international relations on the German side." in (
        response.content.decode()
    )
    client.post(
        reverse("climate:item_add", args=[programme.pk, "field"]), {"name": "Water", "order": 0}
    )
    field = programme.versions.get().fields_of_action.get()
    data = {
        "field_of_action": field.pk,
        "kind": "adaptation",
        "municipality": world.partner_municipality.pk,
        "indicator": "Trees planted along the river",
        "unit": Unit.TREES,
        "baseline_value": "0",
        "baseline_year": "2012",
        "target_value": "500",
        "target_year": "2012",
        "order": "0",
    }
    response = client.post(reverse("climate:item_add", args=[programme.pk, "target"]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The target year must come after the baseline year." in page
    assert 'value="Trees planted along the river"' in page
    data["target_year"] = "2016"
    response = client.post(reverse("climate:item_add", args=[programme.pk, "target"]), data)
    assert response.status_code == 302
    target = Target.objects.get()
    response = client.post(
        reverse("climate:item_add", args=[programme.pk, "measure"]),
        {"title": "River trees", "kind": "adaptation", "status": "planned", "order": "0"},
    )
    assert "A measure serves at least one target." in response.content.decode()
    response = client.post(
        reverse("climate:item_add", args=[programme.pk, "measure"]),
        {
            "title": "River trees",
            "kind": "adaptation",
            "status": "planned",
            "order": "0",
            "targets": [target.pk],
            "start_date": "2013-01-01",
            "end_date": "2014-01-01",
        },
    )
    assert response.status_code == 302


def test_approve_adopt_and_new_version_through_the_pages(world):
    version = services.programme_start(climate_partnership=world.climate, by=world.german)
    fill_version(version, world.german)
    pk = version.programme.pk
    german, partner = client_for(world.german), client_for(world.partner)
    # Each side sees only its own approve button.
    assert 'value="partner"' in partner.get(reverse("climate:edit", args=[pk])).content.decode()
    assert 'value="partner"' not in german.get(reverse("climate:edit", args=[pk])).content.decode()
    assert (
        partner.post(reverse("climate:approve", args=[pk]), {"side": "german"}).status_code == 403
    )
    partner.post(reverse("climate:approve", args=[pk]), {"side": "partner"})
    german.post(reverse("climate:approve", args=[pk]), {"side": "german"})
    version.refresh_from_db()
    assert version.status == ProgrammeStatus.AGREED
    response = german.post(reverse("climate:adopt", args=[pk]), {"decision_date": "2099-01-01"})
    assert "The decision date cannot be in the future." in response.content.decode()
    response = german.post(reverse("climate:adopt", args=[pk]), {"decision_date": "2013-06-20"})
    assert response.url == reverse("climate:programme", args=[pk])
    version.refresh_from_db()
    assert version.status == ProgrammeStatus.ADOPTED
    assert client_for().get(reverse("climate:programme", args=[pk])).status_code == 200
    response = partner.post(reverse("climate:new_version", args=[pk]))
    assert response.url == reverse("climate:edit", args=[pk])
    # The public still sees version 1.
    page = client_for().get(reverse("climate:programme", args=[pk])).content.decode()
    assert 'data-version-status="adopted"' in page


def test_report_form_rejects_another_unit_and_keeps_the_input(world):
    version = adopt(world)
    target = version.targets.get()
    measure = version.measures.get()
    pk = version.programme.pk
    client = client_for(world.partner)
    response = client.post(reverse("climate:report_start", args=[pk]), {"year": "2099"})
    assert "A report cannot cover a future year." in response.content.decode()
    response = client.post(reverse("climate:report_start", args=[pk]), {"year": "2013"})
    assert response.url == reverse("climate:report_edit", args=[pk, 2013])
    data = {
        "narrative": "A good first year.",
        f"value_{target.pk}": "91.5",
        f"unit_{target.pk}": Unit.PERCENT,
        f"status_{measure.pk}": "in_progress",
        f"note_{measure.pk}": "",
        "submit": "1",
    }
    response = client.post(response.url, data)
    page = response.content.decode()
    assert "Give the value in tonnes CO₂ equivalent per year" in page
    assert 'value="91.5"' in page
    data[f"unit_{target.pk}"] = target.unit
    response = client.post(reverse("climate:report_edit", args=[pk, 2013]), data)
    assert response.url == reverse("climate:report", args=[pk, 2013])
    page = client_for().get(reverse("climate:programme", args=[pk])).content.decode()
    assert "91.5" in page


def test_pdf_and_xlsx(world):
    version = adopt(world)
    pk = version.programme.pk
    report = services.report_start(programme=version.programme, year=2013, by=world.german)
    services.report_save(
        report=report,
        by=world.german,
        narrative="ok",
        values={version.targets.get().pk: ("90", Unit.T_CO2E_PER_YEAR)},
    )
    services.report_submit(report=report, by=world.german)
    response = client_for().get(reverse("climate:pdf", args=[pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client_for().get(reverse("climate:xlsx", args=[pk, 1]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Targets", "Measures", "Progress"]
    assert workbook["Targets"]["E2"].value == "Emissions 1"
    assert workbook["Progress"]["A2"].value == 2013


def test_overdue_list_and_reminder(world, django_capture_on_commit_callbacks):
    adopt(world, decision_date=datetime.date(2013, 6, 20))
    client = client_for(world.organiser)
    page = client.get(reverse("climate:overdue")).content.decode()
    assert "2013, 2014" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("climate:remind", args=[world.climate.pk]))
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox} == {world.german.email, world.partner.email}


def test_secondment_pages(world):
    client = client_for(world.partner)
    response = client.post(
        reverse("climate:secondment_request", args=[world.climate.pk]),
        {
            "direction": "partner_to_german",
            "expert_role": "Works engineer",
            "purpose": "Learn about LED tendering",
            "start_date": "2014-05-10",
            "end_date": "2014-05-01",
            "cost_0_description": "Flight",
            "cost_0_amount": "900",
            "cost_0_currency": "EUR",
            "cost_1_currency": "EUR",
            "cost_2_currency": "EUR",
        },
    )
    page = response.content.decode()
    assert "The end cannot come before the start." in page
    assert 'value="Works engineer"' in page
    response = client.post(
        reverse("climate:secondment_request", args=[world.climate.pk]),
        {
            "direction": "partner_to_german",
            "expert_role": "Works engineer",
            "purpose": "Learn about LED tendering",
            "start_date": "2014-05-01",
            "end_date": "2014-05-10",
            "cost_0_description": "Flight",
            "cost_0_amount": "900",
            "cost_0_currency": "EUR",
            "cost_1_currency": "EUR",
            "cost_2_currency": "EUR",
        },
    )
    url = response.url
    organiser = client_for(world.organiser)
    assert "Works engineer" in organiser.get(reverse("climate:secondments")).content.decode()
    response = organiser.post(url + "decide/", {"decision": "decline", "reason": ""})
    assert "Give the reason for declining." in response.content.decode()
    organiser.post(url + "decide/", {"decision": "approve", "reason": "Fine"})
    response = client.post(url + "report/", {"report": "Learnt a lot."})
    assert response.status_code == 302
    assert "Learnt a lot." in client.get(url).content.decode()
