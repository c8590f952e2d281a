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


def ready_to_conclude(world: World, n: int = 1) -> SafeguardingEnquiry:
    """An enquiry with the adult asked (no outcomes expressed) and the risk recorded."""
    from openmash.adults.services import enquiry_msp_record, enquiry_risk_record

    enquiry = enquiry_for(world, n)
    enquiry_msp_record(enquiry=enquiry, actor=world.social_worker, asked="none_expressed")
    return enquiry_risk_record(
        enquiry=enquiry,
        actor=world.social_worker,
        types=["neglect"],
        sources=["service_provider"],
        location="care_home_residential",
    )


def whole_enquiry_about(world: World, person: Any) -> SafeguardingEnquiry:
    """Every chronology event of an enquiry about `person`: started, the report of the provider
    caused to make it reviewed, a plan review, concluded."""
    from django.utils import timezone

    from openmash.adults.services import (
        ConclusionInput,
        enquiry_conclude,
        enquiry_made_by_record,
        enquiry_msp_record,
        enquiry_report_review,
        enquiry_risk_record,
        plan_review_record,
        target_date_for,
    )

    today = timezone.localdate()
    enquiry = SafeguardingEnquiry.objects.create(
        reference="ASE-TEST-1",
        person=person,
        enquiry_type="s42",
        team=world.mash,
        started_on=today,
        target_date=target_date_for(today),
    )
    home = provider(world, "Chronology Care")
    enquiry = enquiry_made_by_record(
        enquiry=enquiry, actor=world.social_worker, made_by="caused", organisation=home
    )
    enquiry = enquiry_report_review(
        enquiry=enquiry, actor=world.social_worker, received_on=today, review="Thorough report"
    )
    enquiry = enquiry_msp_record(enquiry=enquiry, actor=world.social_worker, asked="dont_know")
    enquiry = enquiry_risk_record(
        enquiry=enquiry,
        actor=world.social_worker,
        types=["neglect"],
        sources=["known"],
        location="own_home",
    )
    plan_review_record(
        enquiry=enquiry, actor=world.social_worker, held_on=today, summary="Going well"
    )
    enquiry.refresh_from_db()
    return enquiry_conclude(
        enquiry=enquiry,
        actor=world.social_worker,
        data=ConclusionInput(
            risk_outcome="identified",
            action_taken=True,
            risk_result="removed",
            achieved={},
            conclusion="Risk removed",
        ),
    )
