"""The record types retention covers, with their default rules and where each comes from.

Only `contact_nfa` can be disposed of today: a closed front-door contact whose authorised
decision was no further action for everyone it names, with no later work hanging off it. The
others have rules (so the review knows their periods) but are not yet disposable: their records
join up with people, plans and other agencies' work in ways disposal does not yet unpick."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db import models


@dataclass(frozen=True)
class RecordType:
    label: str
    disposable: bool
    years_after_closure: int
    until_age: int | None
    source: str


RECORD_TYPES: dict[str, RecordType] = {
    "contact_nfa": RecordType(
        label="Front-door contact closed with no further action",
        disposable=True,
        years_after_closure=6,
        until_age=25,
        source=(
            "Children's social care records: until the 25th birthday of the youngest child named, "
            "or 6 years after closure if later (IRMS Retention Guidelines for Local Authorities, "
            "children's social care; the Limitation Act 1980's 6 years for claims)."
        ),
    ),
    "family_help": RecordType(
        label="Family Help (early help) records",
        disposable=False,
        years_after_closure=6,
        until_age=25,
        source=(
            "As children's social care records (IRMS Retention Guidelines for Local Authorities)."
        ),
    ),
    "protection_case": RecordType(
        label="Child protection records (strategy discussions, s47 enquiries, conferences, plans)",
        disposable=False,
        years_after_closure=40,
        until_age=25,
        source=(
            "Longer than other children's records because adults ask for them decades later: "
            "40 years after closure is common council practice; IICSA (2022) recommended keeping "
            "records about child sexual abuse for 75 years. Check the council's own schedule."
        ),
    ),
    "lado_allegation": RecordType(
        label="Allegations against people who work with children (LADO)",
        disposable=False,
        years_after_closure=10,
        until_age=68,
        source=(
            "Keeping children safe in education (Part 4): until the person the allegation is "
            "about reaches normal pension age, or 10 years from the allegation if that is longer."
        ),
    ),
    "adult_enquiry": RecordType(
        label="Adults' safeguarding enquiries",
        disposable=False,
        years_after_closure=6,
        until_age=None,
        source=(
            "6 years after closure (IRMS Retention Guidelines for Local Authorities, "
            "adult social care)."
        ),
    ),
}


RECORD_TYPE_CHOICES = [(code, kind.label) for code, kind in RECORD_TYPES.items()]


def rules_load_defaults(rule_model: type[models.Model] | None = None) -> int:
    """Give every record type without a rule its default (the data migration, and tests after a
    flush). Returns how many were added."""
    if rule_model is None:
        from openmash.privacy.models import RetentionRule

        rule_model = RetentionRule
    added = 0
    manager = rule_model._default_manager
    for code, kind in RECORD_TYPES.items():
        if not manager.filter(record_type=code).exists():
            manager.create(
                record_type=code,
                years_after_closure=kind.years_after_closure,
                until_age=kind.until_age,
                source=kind.source,
            )
            added += 1
    return added
