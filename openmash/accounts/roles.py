"""The default roles (DOMAIN.md §2), loaded by a data migration; administrators may add more."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db import models


DEFAULT_ROLES: list[dict[str, object]] = [
    {
        "code": "referrer",
        "name": "Referrer (partner practitioner)",
        "description": "Submits contacts; sees their status and the outcome fed back.",
        "submits_contacts": True,
    },
    {
        "code": "agency_representative",
        "name": "Agency MASH representative",
        "description": "Answers information requests addressed to their agency.",
        "answers_agency_requests": True,
    },
    {
        "code": "contact_officer",
        "name": "Contact and referral officer",
        "description": "Receives and records contacts, searches the person index, RAG-rates.",
        "sees_front_door": True,
        "records_contacts": True,
    },
    {
        "code": "social_worker",
        "name": "MASH social worker (children)",
        "description": "Screens, gathers information, analyses risk and recommends the outcome.",
        "sees_front_door": True,
        "records_contacts": True,
    },
    {
        "code": "adults_social_worker",
        "name": "MASH social worker (adults)",
        "description": "Screens adult safeguarding concerns and recommends the outcome.",
        "sees_front_door": True,
        "records_contacts": True,
    },
    {
        "code": "team_manager",
        "name": "Team manager",
        "description": "Allocates, authorises decisions (never their own), gives case direction.",
        "sees_front_door": True,
        "records_contacts": True,
        "authorises_decisions": True,
    },
    {
        "code": "lado",
        "name": "LADO",
        "description": "Allegations against people who work with children.",
        "sees_front_door": True,
        "records_contacts": True,
    },
    {
        "code": "edt",
        "name": "Emergency duty team worker",
        "description": "Out-of-hours duty.",
        "sees_front_door": True,
        "records_contacts": True,
    },
    {
        "code": "exploitation",
        "name": "Exploitation and missing worker",
        "description": "Child exploitation and missing episodes.",
        "sees_front_door": True,
    },
    {
        "code": "early_help",
        "name": "Early help worker",
        "description": "Early help assessments, step-up and step-down.",
        "sees_front_door": True,
    },
    {
        "code": "quality_lead",
        "name": "Quality and performance lead (auditor)",
        "description": "Audits, dip samples, the audit log, statutory returns.",
        "sees_front_door": True,
        "audits": True,
    },
    {
        "code": "privacy_officer",
        "name": "Privacy officer (information governance)",
        "description": "Subject access requests, redaction and disclosure; retention rules, "
        "legal holds and disposal of records past their date.",
        "sees_front_door": True,
        "handles_privacy": True,
    },
    {
        "code": "administrator",
        "name": "Administrator",
        "description": "Users, agencies, teams and local settings. Sees no case records.",
        "administers": True,
    },
]


def roles_load_defaults(role_model: type[models.Model] | None = None) -> int:
    """Create any default role that is missing (and reset the defaults' capabilities)."""
    if role_model is None:
        from openmash.accounts.models import Role

        role_model = Role
    created = 0
    # A data migration passes the model as it was then: a capability added later is left out
    # (the migration that adds it loads the defaults again).
    fields = {f.name for f in role_model._meta.get_fields()}
    for values in DEFAULT_ROLES:
        values = {k: v for k, v in values.items() if k in fields}
        _, made = role_model._default_manager.update_or_create(
            code=values.pop("code"), defaults=values
        )
        created += made
    return created
