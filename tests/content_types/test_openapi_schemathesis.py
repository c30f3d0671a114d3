"""Schemathesis against /api/v3/openapi.json: what the document promises is what the API does.

Generated requests (a bounded number per operation) go through the project's WSGI
application inside the test's transaction, anonymously and with an editor's API token:

- no operation ever answers a 5xx;
- every response the document describes is true: its media type and its body schema;
- the map endpoint (ours, shared/design/map-api.md) documents every status it sends and
  its headers, for valid and for invalid parameters.

The examples are derandomized (the same requests on every run, so CI never flickers);
raise the counts below, or drop `derandomize`, to explore further by hand.
Wagtail's own operations document their 200/201 only (not their 401, 403, 404 or 422),
so for them the status check is left to Wagtail; everything else is checked.
"""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.reporting import UnsatisfiableSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import APIToken

EDITOR = "editeur@echosciences.localhost"
EXAMPLES = 3
MAP_EXAMPLES = 12
COMMON_CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
MAP_CHECKS = [*COMMON_CHECKS, status_code_conformance, response_headers_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request; the test's
    transaction lives on it (Django's test client disconnects the same receiver)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations():
    """Every operation of the document, loaded through the WSGI application."""
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


def editor_token():
    editor = get_user_model().objects.get(email=EDITOR)
    return APIToken.create_token(user=editor, name="schemathesis")[1]


def exercise(operation, headers, checks, examples, mode=GenerationMode.POSITIVE):
    """`examples` generated requests to `operation`, each response validated by `checks`."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers={**headers, "Host": "localhost"})
        case.validate_response(response, checks=checks)

    try:
        run()
    except UnsatisfiableSchema:
        return False
    return True


@pytest.mark.django_db
def test_the_map_endpoint_keeps_its_documented_promises():
    """Valid and invalid parameters, anonymous and with a token: documented statuses,
    media types, bodies and headers only."""
    (operation,) = [op for op in operations() if op.path == "/api/v3/map/features"]
    token = {"Authorization": f"Bearer {editor_token()}"}
    for headers in ({}, token):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            assert exercise(operation, headers, MAP_CHECKS, MAP_EXAMPLES, mode), f"aucune requête générée ({mode})"


@pytest.mark.django_db
@pytest.mark.parametrize("auth", ["anonymous", "editor"])
def test_no_operation_answers_a_server_error(auth):
    headers = {"Authorization": f"Bearer {editor_token()}"} if auth == "editor" else {}
    ungenerated = [
        f"{operation.method.upper()} {operation.path}"
        for operation in operations()
        if operation.path != "/api/v3/map/features"
        and not exercise(operation, headers, COMMON_CHECKS, EXAMPLES)
    ]
    # Wagtail documents the snippet `type` as an enumeration of the snippet models exposed
    # to the API, and this project exposes none: no request can be generated for them.
    assert all(name.split()[1].startswith("/api/v3/snippets/{type}/") for name in ungenerated), ungenerated
