"""Demo adults' safeguarding enquiries: two residents of the same care home, each a section 42
enquiry the team manager authorised for the Adults' MASH. Ash Adults is the officer of the first
(her outcomes in her own words; she lacks capacity and no advocate is offered yet: flagged); the
care home is caused to make the second. Both are linked on the provider's page."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openmash.accounts.models import Agency, Team, TeamKind, User
from openmash.adults.models import CareProvider, SafeguardingEnquiry
from openmash.adults.services import (
    enquiry_allocate,
    enquiry_capacity_record,
    enquiry_made_by_record,
    enquiry_msp_record,
    provider_create,
)
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.demo.accounts import require_demo_mode
from openmash.frontdoor.services.decisions import OutcomeInput, decision_authorise, decision_propose
from openmash.frontdoor.services.rag import contact_screen
from openmash.people.matching import SubjectDetails

RESIDENTS = [
    (
        "Edith",
        "Marsh",
        date(1938, 2, 1),
        "9990000441",
        "Edith's daughter says night staff at Larchwood leave her in wet bedding until morning; "
        "bruises on both forearms she cannot explain.",
    ),
    (
        "Walter",
        "Pike",
        date(1941, 7, 9),
        "9990000468",
        "Walter's medication was missed on four nights this month at Larchwood; he fell twice.",
    ),
]


def _enquiry(given: str, family: str, born: date, nhs: str, concern: str) -> SafeguardingEnquiry:
    worker = User.objects.get(email="adults.worker@example.org")
    manager = User.objects.get(email="team.manager@example.org")
    team = Team.objects.get(kind=TeamKind.ADULTS_MASH, agency__code="LA")
    contact = contact_create(
        actor=worker,
        data=ContactInput(
            source_agency=Agency.objects.get(code="LA"),
            channel="phone",
            concern=concern,
            subjects=[
                SubjectInput(
                    details=SubjectDetails(
                        given_name=given, family_name=family, date_of_birth=born, nhs_number=nhs
                    ),
                    is_child=False,
                )
            ],
        ),
    )
    contact = contact_screen(contact=contact, actor=worker, rag="amber")
    decision = decision_propose(
        contact=contact,
        actor=worker,
        outcomes=[OutcomeInput(contact.contact_subjects.get().pk, "s42_enquiry", True, True, True)],
        rationale="Care and support needs; possible neglect at the care home; cannot protect "
        "themselves.",
        team=team,
    )
    decision_authorise(decision=decision, actor=manager)
    return SafeguardingEnquiry.objects.get(source__contact=contact)


@transaction.atomic
def demo_adults_load() -> int:
    require_demo_mode()
    if CareProvider.objects.filter(name="Larchwood Care Home").exists():
        return 0
    worker = User.objects.get(email="adults.worker@example.org")
    home = provider_create(
        actor=worker, name="Larchwood Care Home", kind="care_home_residential", address="Demo"
    )
    first, second = (_enquiry(*resident) for resident in RESIDENTS)
    first = enquiry_allocate(enquiry=first, actor=worker, officer=worker)
    first = enquiry_msp_record(
        enquiry=first,
        actor=worker,
        asked="expressed",
        asked_of="Edith, with her daughter",
        outcomes=["I want to feel safe when the night staff come", "I want to stay at Larchwood"],
    )
    first = enquiry_capacity_record(
        enquiry=first,
        actor=worker,
        capacity="lacks",
        support_kind="none",
        support_offered=None,
        support_involved=None,
    )
    enquiry_made_by_record(enquiry=first, actor=worker, made_by="council", provider=home)
    enquiry_made_by_record(
        enquiry=second, actor=worker, made_by="caused", organisation=home, provider=home
    )
    return 3
