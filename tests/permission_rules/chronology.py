"""Routes of the chronology: a person's chronology, family view and case summary for front-door
staff; adding to them for those who record work; signing a summary off for managers; the people
an agency was asked about for its representative."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

WRITERS = frozenset({"contact_officer", "social_worker", "manager"})
MANAGERS = frozenset({"manager"})


def _contact_key(fx: Any) -> str:
    return f"contacts.contact:{fx.contact.pk}:{fx.child.pk}"


def _summary(fx: Any) -> dict[str, Any]:
    """A case summary written by the social worker (so a manager may sign it off)."""
    from openmash.chronology.services import CaseSummaryInput, case_summary_write

    case_summary_write(
        person=fx.child,
        actor=fx.world.social_worker,
        data=CaseSummaryInput(
            family="Mother and Ayaan",
            history="One contact",
            risks="A bruise",
            strengths="Mother engages",
            voice="'I am scared to go home'",
        ),
    )
    return {"person_id": fx.child.pk}


def _household(fx: Any) -> dict[str, Any]:
    from openmash.people.models import Household

    household = Household.objects.create(address_line1="1 Test Street", postcode="TE1 1ST")
    household.members.add(fx.child)
    return {"household_id": household.pk}


SUMMARY_BODY = {
    "expected_version": 0,
    "family": "Mother and Ayaan",
    "history": "One contact from school",
    "risks": "A bruise on the cheek",
    "strengths": "Mother engages with school",
    "voice": "Ayaan says he is scared to go home",
}

RULES: dict[str, Rule] = {
    # An agency representative's list of the people their agency was asked about (each one's
    # chronology then holds only their agency's answers: tests/chronology).
    "chronology:agency_people": Rule(frozenset({"police_rep"}), reads=True),
    "chronology:person": Rule(FRONT_DOOR, reads=True),
    "chronology:family": Rule(FRONT_DOOR, reads=True),
    "chronology:significance": Rule(
        WRITERS,
        method="post",
        content_type="multipart",
        body=lambda fx: {"event_key": _contact_key(fx), "significant": "on"},
    ),
    "chronology:entry_add": Rule(WRITERS),
    "chronology:summary": Rule(FRONT_DOOR, reads=True),
    "chronology:summary_write": Rule(WRITERS),
    "chronology:person_pdf": Rule(FRONT_DOOR, reads=True),
    "chronology:summary_pdf": Rule(FRONT_DOOR, reads=True, kwargs=_summary),
    "api:person_chronology": Rule(FRONT_DOOR, reads=True),
    "api:household_chronology": Rule(FRONT_DOOR, reads=True, kwargs=_household),
    "api:person_chronology_pdf": Rule(FRONT_DOOR, reads=True),
    "api:person_chronology_entries": Rule(
        WRITERS,
        method="post",
        body=lambda fx: {
            "happened_on": "2019-03-27",
            "kind": "health",
            "summary": "Admitted to hospital with a head injury",
        },
    ),
    "api:person_chronology_significance": Rule(
        WRITERS,
        method="post",
        body=lambda fx: {"event_key": _contact_key(fx), "significant": True},
    ),
    "api:person_case_summary": Rule(FRONT_DOOR, reads=True),
    "api:person_case_summary_sign_off": Rule(MANAGERS, method="post", kwargs=_summary),
}
