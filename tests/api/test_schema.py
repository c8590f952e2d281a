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


def test_every_operation_declares_the_problems_the_shared_machinery_can_give_it() -> None:
    for method, path, operation in _operations():
        declared = set(operation["responses"])
        parameters = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        assert {"401", "403", "406"} <= declared, f"{method} {path}"
        if "{" in path or ("query", "page") in parameters:
            assert "404" in declared, f"{method} {path}"
        if any(place == "query" for place, _ in parameters):
            assert "400" in declared, f"{method} {path}"
        if method != "GET":
            # Size and rate limits answer any write, whatever the view.
            assert {"400", "413", "429"} <= declared, f"{method} {path}"
        if "requestBody" in operation:
            assert "415" in declared, f"{method} {path}"
            assert list(operation["requestBody"]["content"]) == ["application/json"]


def test_a_views_own_description_of_a_status_is_kept() -> None:
    contacts = _schema()["paths"]["/api/v1/contacts/"]["post"]["responses"]
    assert "already been received" in contacts["409"]["description"]


def test_list_filters_may_be_sent_empty_but_page_numbers_may_not() -> None:
    queue = _schema()["paths"]["/api/v1/queue/"]["get"]["parameters"]
    by_name = {p["name"]: p for p in queue}
    assert by_name["team"]["allowEmptyValue"] is True
    assert "allowEmptyValue" not in by_name["page"]
    assert by_name["page"]["schema"] == {"type": "integer", "minimum": 1}


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
