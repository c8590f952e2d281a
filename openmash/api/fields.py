"""One rule for every string the API takes: a JSON string, never a number made into one.

DRF's CharField (and EmailField, SlugField, RegexField, which extend it) turns a JSON number into a
string: `"note": 0` would be stored as "0", though the schema says string. The API takes exactly
what its schema says, so a number where a string belongs is a 400 naming the field ("Not a valid
string."), as schemathesis checks in CI (docs/api.md, "The OpenAPI schema").
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


def _strings_only(field: serializers.CharField, data: Any) -> str:
    if not isinstance(data, str):
        field.fail("invalid")
    return data.strip() if field.trim_whitespace else data


def strings_only_install() -> None:
    """Called once from ApiConfig.ready()."""
    serializers.CharField.to_internal_value = _strings_only  # type: ignore[method-assign,assignment]
