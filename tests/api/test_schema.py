from __future__ import annotations

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator


def test_the_openapi_schema_is_valid_and_generates_without_warnings(tmp_path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "bearerAuth" in text
    assert "PaginatedContactList" in text
    assert "page_size" in text


@pytest.mark.django_db
def test_the_schema_and_docs_are_served(client) -> None:
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations() -> list[tuple[str, str, dict]]:
    schema = _schema()
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operations_errors_are_problems() -> None:
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    operations = _operations()
    assert len(operations) > 30
    for method, path, operation in operations:
        responses = operation["responses"]
        errors = {code: r for code, r in responses.items() if code.startswith("4")}
        assert {"401", "403"} <= set(errors), f"{method} {path}"
        if "requestBody" in operation:
            assert "400" in errors, f"{method} {path}"
        for code, response in errors.items():
            assert response["content"] == {"application/problem+json": problem}, (
                f"{method} {path} {code}"
            )
            assert response["description"], f"{method} {path} {code}"


def test_every_change_that_takes_a_version_declares_409() -> None:
    components = _schema()["components"]["schemas"]
    versioned = []
    for method, path, operation in _operations():
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        ref = body.get("schema", {}).get("$ref", "")
        if "version" in components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}):
            versioned.append(path)
            assert "409" in operation["responses"], f"{method} {path}"
    assert len(versioned) > 10


def test_the_problem_component_declares_the_rfc_9457_members() -> None:
    schema = _schema()
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    assert {"errors", "target_type", "target_id"} <= set(problem["properties"])
    assert (
        "https://openmash.example/problems/stale-version"
        in problem["properties"]["type"]["description"]
    )
