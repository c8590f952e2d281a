"""The early help assessment's domains a council starts with (the three sides of the
assessment triangle, broken down as many councils' early help assessments do); administrators
change them on the Family Help settings page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db import models

DOMAIN_DEFAULTS: list[tuple[str, str, str]] = [
    ("health", "Health and development", "Physical and emotional health, development, sleep"),
    ("learning", "Learning and education", "Attendance, progress, relationships at school"),
    ("emotional", "Emotional wellbeing and behaviour", "Feelings, behaviour, identity"),
    ("relationships", "Family relationships", "How the family gets on; parents' relationship"),
    ("parenting", "Parenting capacity", "Basic care, safety, warmth, guidance, stability"),
    ("parents_needs", "Parents' own needs", "Mental health, substance use, domestic abuse"),
    ("housing_money", "Housing, money and work", "Housing, debt, income, employment"),
    ("community", "Community and support network", "Friends, family network, services used"),
]


def domains_load_defaults(model: type[models.Model] | None = None) -> int:
    if model is None:
        from openmash.familyhelp.models import AssessmentDomain

        model = AssessmentDomain
    created = 0
    for order, (code, label, hint) in enumerate(DOMAIN_DEFAULTS, start=1):
        _, made = model._default_manager.get_or_create(
            code=code, defaults={"label": label, "hint": hint, "sort_order": order}
        )
        created += made
    return created
