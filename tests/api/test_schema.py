from __future__ import annotations

import pytest
from django.core.management import call_command


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
