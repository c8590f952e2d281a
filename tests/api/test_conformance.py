"""The API answers as its OpenAPI schema says: schemathesis reads /api/schema/ and sends every
operation generated requests, valid and not, with a referrer's key and a MASH contact officer's.

It fails on any 5xx, and on any response whose status, content type, headers or body the schema
does not declare; on a request that breaks the schema and is accepted all the same; on a method
an operation does not have that is not a 405 with `Allow`; and on a request without credentials
that is not a 401. It runs in CI as `make api-conformance` (and on its own with
OPENMASH_CONFORMANCE=1): a few minutes on two cores, too long for every `make test`.

Left out: `positive_data_acceptance`, which expects every request the schema allows to succeed.
A filter naming an agency or team that does not exist (`agency=0`), or a search with no name,
date of birth or identifier, is a 400 by design, and a schema cannot say which ids exist.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from openmash.accounts.services import api_key_create
from tests.conftest import World

if not os.environ.get("OPENMASH_CONFORMANCE"):
    pytest.skip("schemathesis runs with `make api-conformance`", allow_module_level=True)

pytestmark = pytest.mark.conformance

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "unsupported_method",
    "ignored_auth",
]
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        # The same cases every run, so a failure in CI is one to reproduce, not a flake.
        "seed": 14,
        "generation": {"max-examples": int(os.environ.get("OPENMASH_CONFORMANCE_EXAMPLES", 15))},
        "phases": {"stateful": {"enabled": False}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """As Django's test client does: the end of a request must not close the test's database
    connection (and with it the transaction the test runs in)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["referrer", "contact_officer"])
def key(request: pytest.FixtureRequest, world: World, contact: Any, _connection_kept: None) -> str:
    """A key for a referrer at a school (who sees their own contacts and little else) or for the
    MASH contact officer (who sees the front door); the `contact` fixture gives both a record."""
    _, secret = api_key_create(actor=None, user=getattr(world, request.param), name="Conformance")
    return secret


@schema.parametrize()
# One operation's cases share a database transaction and fixtures (hence the health checks); the
# deadline would time a loaded CI machine, and the seed, not a saved database, makes a run repeat.
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(
    case: schemathesis.Case, key: str, contact: Any, child: Any, record_property: Any
) -> None:
    record_property("schemathesis_case", case.operation.label)  # counted by tests/api/conftest.py
    _on_known_records(case, {"contact_id": contact.pk, "person_id": child.pk})
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"})


def _on_known_records(case: schemathesis.Case, ids: dict[str, int]) -> None:
    """A valid id names a record that exists, so a contact's or a person's operations answer
    with the record (or change it), not only with 404s."""
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return
    for name, pk in ids.items():
        if isinstance(case.path_parameters.get(name), int):
            case.path_parameters[name] = pk
