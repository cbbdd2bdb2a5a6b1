"""The demo loader: complete, idempotent, and free of real people."""

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from partnerhub.accounts.models import Person
from partnerhub.conferences.demo import HOST_CITIES
from partnerhub.core.demo import DEMO_PASSWORD
from partnerhub.partnerships.models import Partnership
from partnerhub.reference.models import Municipality

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, str]:
    """Every row of every project model, serialised, so that any change shows."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin"}
    }


def test_demo_loads_samples_and_an_account_per_role(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert Municipality.objects.filter(is_sample=True, country_id="DE").count() >= 3
    assert Municipality.objects.filter(is_sample=True).exclude(country_id="DE").count() >= 3
    assert Partnership.objects.filter(is_sample=True).count() >= 5
    # The only real municipalities are the German host cities of the conference history.
    real = Municipality.objects.filter(is_sample=False)
    assert set(real.values_list("slug", flat=True)) == set(HOST_CITIES)
    assert not real.exclude(country_id="DE").exists()
    roles = {
        "organiser": Person.objects.filter(is_organiser=True, is_staff=True),
        "reviewer": Person.objects.filter(is_reviewer=True),
        "member": Person.objects.filter(memberships__isnull=False, is_reviewer=False),
        "participant": Person.objects.filter(memberships__isnull=True, is_organiser=False),
    }
    for role, people in roles.items():
        assert people.exists(), role
    for person in Person.objects.all():
        assert person.email.endswith("@example.org")
        assert person.email in out
        assert person.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in out


def test_demo_twice_changes_nothing():
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
