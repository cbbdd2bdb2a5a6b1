"""The OpenAPI document describes every endpoint completely.

For each operation of /api/v1/openapi.json: a summary written for people (not
the one django-ninja makes from the function name) and a description; every
parameter described; a documented success response with a schema; and every
client error the operation can give documented with the shared error schema
(`ErrorOut`):

* 400 when it takes parameters or a body (django-ninja's validation),
* 401 when it needs authentication,
* 404 when its path names an object,
* 403 and 422 when it changes something (a rule or a permission may refuse it).

One test per operation, so that a gap names the endpoint.
"""

import json

import pytest
from ninja.responses import NinjaJSONEncoder

from partnerhub.api.urls import api

PREFIX = "/api/v1/"
# As served: through JSON (response codes become strings, lazy texts plain strings).
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX), cls=NinjaJSONEncoder))
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in DOCUMENT["paths"].items()
    for method, operation in methods.items()
]
ERROR_SCHEMA = "#/components/schemas/ErrorOut"


def expected_errors(method: str, operation: dict) -> set[str]:
    parameters = operation.get("parameters", [])
    codes = set()
    if parameters or "requestBody" in operation:
        codes.add("400")
    if operation.get("security"):
        codes.add("401")
    if any(p["in"] == "path" for p in parameters):
        codes.add("404")
    if method != "GET":
        codes |= {"403", "422"}
    return codes


def problems(method: str, path: str, operation: dict) -> list[str]:
    found = []
    summary = (operation.get("summary") or "").strip()
    operation_id = operation.get("operationId", "")
    if not summary:
        found.append("no summary")
    elif summary == operation_id.split("_", 3)[-1].replace("_", " ").title():
        found.append(f"summary {summary!r} is only the function name")
    if not (operation.get("description") or "").strip():
        found.append("no description")
    for parameter in operation.get("parameters", []):
        if not (parameter.get("description") or "").strip():
            found.append(f"parameter {parameter['name']!r} ({parameter['in']}) not described")
    responses = operation.get("responses", {})
    successes = [code for code in responses if code.startswith("2")]
    if not successes:
        found.append("no success response")
    for code in successes:
        if code != "204" and "content" not in responses[code]:
            found.append(f"response {code} has no schema")
    missing = sorted(expected_errors(method, operation) - set(responses))
    if missing:
        found.append(f"error responses not documented: {', '.join(missing)}")
    for code, response in responses.items():
        if code.startswith("4"):
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            if schema.get("$ref") != ERROR_SCHEMA:
                found.append(f"response {code} does not use the error schema")
        if not (response.get("description") or "").strip():
            found.append(f"response {code} has no description")
    return found


def test_the_document_is_served_and_lists_operations(client):
    response = client.get(PREFIX + "openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"].keys() == DOCUMENT["paths"].keys()
    assert len(OPERATIONS) >= 10
    assert DOCUMENT["info"]["description"]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    OPERATIONS,
    ids=[f"{method} {path}" for method, path, _ in OPERATIONS],
)
def test_every_operation_is_documented(method, path, operation):
    found = problems(method, path, operation)
    assert not found, f"{method} {path}: " + "; ".join(found)


def test_the_error_schema_is_documented():
    schema = DOCUMENT["components"]["schemas"]["ErrorOut"]
    assert schema.get("description")
    assert {"detail", "errors", "fields"} <= set(schema["properties"])
