"""A few synthetic people and contacts for the demo (names invented; NHS numbers 999 range)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from openmash.accounts.demo import require_demo_mode
from openmash.accounts.models import Agency, User
from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.matching import SubjectDetails
from openmash.people.services import person_create, person_restrict

DEMO_PEOPLE = [
    ("Ayaan", "Rahman", date(2016, 3, 14), "M", "9990000018"),
    ("Maisie", "Okafor", date(2019, 7, 2), "F", "9990000026"),
    ("Leo", "Kowalski", date(2012, 11, 23), "M", "9990000034"),
    ("Ruby", "Thompson", date(2010, 1, 5), "F", ""),
    ("Margaret", "Ellis", date(1941, 6, 30), "F", "9990000042"),
]

DEMO_CONTACTS = [
    (
        "SCH",
        "portal",
        "school.referrer@example.org",
        [0],
        "Ayaan arrived with a bruise on his cheek and said he was scared to go home.",
    ),
    (
        "POL",
        "bulk",
        None,
        [1, 2],
        "Domestic incident at the family home; children present. Officers attended at 23:10.",
    ),
    (
        "HLT",
        "phone",
        None,
        [3],
        "Ruby attended A&E after taking an overdose; discharged to mother.",
    ),
    (
        "HSG",
        "email",
        None,
        [4],
        "Neighbour reports Mrs Ellis's son takes her pension and she is often without food.",
    ),
]


@transaction.atomic
def demo_records_load() -> int:
    require_demo_mode()
    if Contact.objects.exists():
        return 0
    now = timezone.now()
    for hours, (code, channel, email, subject_ix, concern) in enumerate(DEMO_CONTACTS):
        subjects = [
            SubjectInput(
                details=SubjectDetails(
                    given_name=g, family_name=f, date_of_birth=d, sex=s, nhs_number=n
                ),
                is_child=d.year > 2008,
            )
            for g, f, d, s, n in (DEMO_PEOPLE[i] for i in subject_ix)
        ]
        contact_create(
            actor=None,
            data=ContactInput(
                source_agency=Agency.objects.get(code=code),
                channel=channel,
                concern=concern,
                subjects=subjects,
                received_at=now - timedelta(hours=hours * 5 + 1),
                submitted_by=User.objects.filter(email=email).first() if email else None,
            ),
        )
    # A member of staff's relative: only the team manager is named on the record.
    relative = person_create(
        actor=None,
        given_name="Jordan",
        family_name="Staffmember",
        date_of_birth=date(2011, 4, 9),
        sex="U",
        nhs_number="9990000050",
    )
    person_restrict(
        actor=None,
        person=relative,
        named_users=User.objects.filter(email="team.manager@example.org"),
    )
    return len(DEMO_CONTACTS) + 1
