"""The admin lists every reference model; unverified DAC entries can be filtered for."""

import pytest
from django.urls import reverse

from partnerhub.reference.models import SdgGoal
from tests.factories import MunicipalityFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(client):
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize(
    "model",
    [
        "country",
        "daclist",
        "daclistentry",
        "dacchange",
        "sdggoal",
        "sdgtarget",
        "municipality",
        "organisation",
    ],
)
def test_changelists_open(admin_client_en, model):
    response = admin_client_en.get(reverse(f"admin:reference_{model}_changelist"))
    assert response.status_code == 200


def test_unverified_entries_filter(admin_client_en):
    url = reverse("admin:reference_daclistentry_changelist")
    response = admin_client_en.get(url, {"confidence__exact": "unverified"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    assert "Montserrat" in response.content.decode()


def test_countries_filter_by_region(admin_client_en):
    url = reverse("admin:reference_country_changelist")
    response = admin_client_en.get(url, {"region__exact": "germany"})
    assert response.context["cl"].result_count == 1


def test_sdg_goal_shows_its_targets_inline(admin_client_en):
    goal = SdgGoal.objects.get(number=1)
    response = admin_client_en.get(reverse("admin:reference_sdggoal_change", args=[goal.pk]))
    assert response.status_code == 200
    assert "1.a" in response.content.decode()


def test_municipality_and_organisation_search(admin_client_en):
    MunicipalityFactory(name="Sample Findable Town")
    OrganisationFactory(name="Sample Findable Club")
    for model, name in [("municipality", "Findable Town"), ("organisation", "Findable Club")]:
        url = reverse(f"admin:reference_{model}_changelist")
        response = admin_client_en.get(url, {"q": "Findable"})
        assert response.context["cl"].result_count == 1
        assert name in response.content.decode()


def test_municipality_autocomplete(admin_client_en):
    """Other admins (partnerships, organisations) pick municipalities by search."""
    MunicipalityFactory(name="Sample Autocomplete Town")
    response = admin_client_en.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "reference",
            "model_name": "organisation",
            "field_name": "municipality",
            "term": "Autocomplete",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Sample Autocomplete Town"
