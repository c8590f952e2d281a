"""Default local settings a council starts with, all editable by administrators afterwards.

RAG timescales: red 4 hours elapsed (day and night: a red contact at 02:40 on a Saturday is due at
06:40, not on Monday), amber 1 working day, green 3 working days, blue none: the common pattern of
Hackney, Surrey and Oxfordshire (docs/frontdoor.md cites the sources), with red on elapsed time
since issue 13 (frontdoor migration 0006 moved councils still on the old default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models
    from django.db.migrations.state import StateApps

RAG_DEFAULTS: list[dict[str, Any]] = [
    {
        "rating": "red",
        "label": "Red: possible significant harm or need for immediate protection",
        "meaning": "Reasonable cause to suspect significant harm; a strategy discussion is likely.",
        "amount": 4,
        "unit": "hours",
        "information_return_hours": 2,
        "sort_order": 1,
    },
    {
        "rating": "amber",
        "label": "Amber: significant concern, not immediate",
        "meaning": "Likely to need a social care assessment or a coordinated response.",
        "amount": 1,
        "unit": "working_days",
        "information_return_hours": 6,
        "sort_order": 2,
    },
    {
        "rating": "green",
        "label": "Green: wellbeing or early help",
        "meaning": "Needs below the statutory threshold; likely early help or signposting.",
        "amount": 3,
        "unit": "working_days",
        "information_return_hours": 24,
        "sort_order": 3,
    },
    {
        "rating": "blue",
        "label": "Blue: no MASH response needed",
        "meaning": "No safeguarding concern: universal services, information only, or pass on.",
        "amount": None,
        "unit": "working_hours",
        "information_return_hours": None,
        "sort_order": 4,
    },
]


def rag_timescales_load_defaults(model: type[models.Model] | None = None) -> int:
    """Create any missing rating with its default timescale; existing ones are left as edited."""
    if model is None:
        from openmash.frontdoor.models import RagTimescale

        model = RagTimescale
    created = 0
    for row in RAG_DEFAULTS:
        _, was_created = model._default_manager.get_or_create(rating=row["rating"], defaults=row)
        created += was_created
    return created


def frontdoor_load_defaults(apps: StateApps | None = None) -> None:
    from openmash.frontdoor.adult_thresholds_defaults import adult_thresholds_load_defaults
    from openmash.frontdoor.continuum_defaults import continuum_load_defaults

    get = (lambda name: apps.get_model("frontdoor", name)) if apps else (lambda name: None)
    rag_timescales_load_defaults(get("RagTimescale"))
    continuum_load_defaults(
        level_model=get("ThresholdLevel"), indicator_model=get("ThresholdIndicator")
    )
    if apps is None:
        # Migration 0002 runs before levels had a scale; migration 0006 loads the adults' scale.
        adult_thresholds_load_defaults()
