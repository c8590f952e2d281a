"""Acknowledging a second report of a contact's incident: the allocated worker, any front-door
worker while the contact is unallocated (as here), or a manager. Auditors read the alert on the
contact page but do not acknowledge it; nobody else sees it."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})


def _second_report(fx: Any) -> dict[str, Any]:
    from openmash.contacts.services import ContactInput, SubjectInput, contact_create
    from tests.conftest import subject_details

    second = contact_create(
        actor=fx.world.contact_officer,
        data=ContactInput(
            source_agency=fx.world.police,
            channel="phone",
            concern="Police report the same incident.",
            subjects=[SubjectInput(details=subject_details(fx.child), person=fx.child)],
        ),
    )
    assert second.duplicate_of_id == fx.contact.pk
    return {"contact_id": fx.contact.pk, "second_id": second.pk}


RULES: dict[str, Rule] = {
    "frontdoor:second_report_acknowledge": Rule(WORKERS, kwargs=_second_report),
    "api:contact_second_report_acknowledge": Rule(
        WORKERS, method="post", kwargs=_second_report, body=lambda fx: {}
    ),
}
