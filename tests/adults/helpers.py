"""Adults' enquiries test set-up: an adult's concern screened at the MASH and authorised as a
section 42 (or other) enquiry for the MASH team (the world's contact officer, social worker and
manager are its members), and a care provider."""

from __future__ import annotations

from datetime import date
from typing import Any

from openmash.adults.models import CareProvider, SafeguardingEnquiry
from openmash.adults.services import provider_create
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.frontdoor.services.decisions import OutcomeInput, decision_authorise, decision_propose
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails
from tests.conftest import World

ADULTS = [
    ("Edith", "Marsh", date(1938, 2, 1), "9990000026"),
    ("Walter", "Pike", date(1941, 7, 9), "9990000034"),
    ("Ivy", "Holt", date(1945, 3, 3), "9990000042"),
]


def adult_contact(world: World, n: int = 0, concern: str = "") -> Any:
    given, family, dob, nhs = ADULTS[n]
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern=concern or "Carers at the home leave her in wet bedding; bruises on her arms.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name=given, family_name=family, date_of_birth=dob, nhs_number=nhs
                    ),
                    is_child=False,
                )
            ],
        ),
    )


def enquiry_for(
    world: World, n: int = 0, *, tests: tuple[bool, bool, bool] = (True, True, True)
) -> SafeguardingEnquiry:
    """An adult's concern decided at the MASH: s42 when all three tests are met, else other."""
    contact = contact_screen(
        contact=adult_contact(world, n), actor=world.social_worker, rag="amber"
    )
    subject = contact.contact_subjects.get()
    outcome = "s42_enquiry" if all(tests) else "other_enquiry"
    decision = decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject.pk, outcome, *tests)],
        rationale="Care home residents at risk of neglect; she cannot protect herself.",
        team=world.mash,
    )
    decision_authorise(decision=decision, actor=world.manager)
    return SafeguardingEnquiry.objects.get(source__contact=contact)


def provider(world: World, name: str = "Larchwood Care Home") -> CareProvider:
    return provider_create(actor=world.social_worker, name=name, kind="care_home_residential")
