"""Schemathesis against the API's own OpenAPI document: no 500, no answer outside its schema.

Every operation of `/api/v1/openapi.json` gets a small, deterministic set of
generated requests (valid and invalid bodies, parameters and headers) through
the WSGI application (no server), once anonymously and once with a personal
API token (`Authorization: Bearer …`) of an organiser, who may do the most.
Checks: `not_a_server_error` and `response_schema_conformance` (the body of
every documented answer matches the schema the document gives for it).

Bounded runtime: a few examples per operation (`MAX_EXAMPLES`), derandomized
so that a run repeats the last one, no deadline, no example database.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from partnerhub.accounts.services import api_token_create
from tests.factories import EditionFactory, PersonFactory

MAX_EXAMPLES = 12

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the request must not close the test's database connection
    (schemathesis calls the WSGI app directly, which would close it after every request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def organiser_token(db):
    EditionFactory()  # something to find: an edition open for registration
    person = PersonFactory(is_organiser=True)
    _token, secret = api_token_create(person=person, by=person, name="schemathesis")
    return secret


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_anonymous(case):
    case.call_and_validate(checks=CHECKS, headers={"Accept-Language": "en"})


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_with_token(case, organiser_token):
    case.call_and_validate(
        checks=CHECKS,
        headers={"Accept-Language": "en", "Authorization": f"Bearer {organiser_token}"},
    )
