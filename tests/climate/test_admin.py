"""The admin: organisers add a partnership to the project through the service (audited)."""

import pytest
from django.urls import reverse

from partnerhub.climate.models import ClimatePartnership, ClimateProject, ProjectPhase
from partnerhub.core.models import AuditEvent
from tests.factories import PartnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_add_a_partnership_to_a_phase(client):
    organiser = PersonFactory(is_organiser=True, is_staff=True, is_superuser=True)
    project = ClimateProject.objects.create(slug="p", title_de="P")
    phase = ProjectPhase.objects.create(project=project, name_de="Pilot", start_year=2011)
    partnership = PartnershipFactory()
    client.force_login(organiser)
    url = reverse("admin:climate_climatepartnership_add")
    data = {"partnership": partnership.pk, "phase": phase.pk, "joined_year": "2010"}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The phase starts in 2011." in response.content.decode()
    data["joined_year"] = "2011"
    response = client.post(url, data)
    assert response.status_code == 302
    climate = ClimatePartnership.objects.get()
    assert AuditEvent.objects.filter(
        action="climate.partnership_joined", object_id=str(climate.pk), actor=organiser
    ).exists()
    for name in ("actionprogramme", "programmeversion", "expertsecondment", "climateproject"):
        assert client.get(reverse(f"admin:climate_{name}_changelist")).status_code == 200
