"""The default continuum of need (four levels and their indicators).

Owned by the threshold work: the levels and 59 indicators come from the vocabularies reference
(our own paraphrase of published partnership threshold documents; sources in docs/frontdoor.md).
"""

from __future__ import annotations

from typing import Any

LEVELS: list[dict[str, Any]] = []
INDICATORS: list[dict[str, Any]] = []


def continuum_load_defaults(*, level_model: Any = None, indicator_model: Any = None) -> int:
    if level_model is None:
        from openmash.frontdoor.models import ThresholdLevel

        level_model = ThresholdLevel
    if indicator_model is None:
        from openmash.frontdoor.models import ThresholdIndicator

        indicator_model = ThresholdIndicator
    created = 0
    for row in LEVELS:
        created += level_model.objects.get_or_create(number=row["number"], defaults=row)[1]
    for row in INDICATORS:
        created += indicator_model.objects.get_or_create(code=row["code"], defaults=row)[1]
    return created
