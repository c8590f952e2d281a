"""Recording a contact from any channel: one service for portal, staff intake, API and imports."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openmash.accounts.models import Agency
from openmash.contacts.completeness import completeness_of
from openmash.contacts.duplicates import duplicate_flag
from openmash.contacts.family import contact_family_record
from openmash.contacts.models import (
    Channel,
    ConcernCategory,
    ConsentStatus,
    Contact,
    ContactSubject,
    FamilyTold,
    MatchStatus,
    SubjectRole,
)
from openmash.contacts.plausibility import (
    TEXT_LIMITS,
    categories_problem,
    date_of_birth_problem,
    expected_delivery_date_problem,
    incident_date_problem,
    length_problem,
    name_problem,
    received_at_problem,
    subjects_problem,
    text_problem,
)
from openmash.contacts.registry import contacts_arrived_tell
from openmash.contacts.subjects import link_subjects
from openmash.contacts.verbs import ContactsVerb
from openmash.core.audit import audit_record
from openmash.core.calendar import referral_decision_due
from openmash.core.errors import ApplicationError, RateLimitedError
from openmash.people.match_model import match_labels_record
from openmash.people.matching import SubjectDetails
from openmash.people.models import Person
from openmash.people.services import person_create_from_details, person_learn_from_details

if TYPE_CHECKING:
    from openmash.accounts.models import User


@dataclass
class SubjectInput:
    details: SubjectDetails
    role: str = SubjectRole.SUBJECT
    is_child: bool = True
    address_line1: str = ""
    school: str = ""
    gp_practice: str = ""
    relationship_to_subject: str = ""
    # An unborn child: `details.expected_delivery_date` instead of a date of birth.
    is_unborn: bool = False
    person: Person | None = None  # a worker's explicit choice; skips matching


@dataclass
class ContactInput:
    source_agency: Agency
    channel: str
    concern: str
    subjects: list[SubjectInput]
    received_at: datetime | None = None
    submitted_by: User | None = None
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_email: str = ""
    referrer_phone: str = ""
    categories: list[str] = field(default_factory=list)
    immediate_risk: bool = False
    immediate_risk_details: str = ""
    incident_date: date | None = None
    family_told: str = ""
    consent: str = ""
    consent_reason: str = ""
    is_consultation: bool = False
    is_anonymous: bool = False
    anonymous_reason: str = ""
    source_system: str = ""
    source_reference: str = ""
    officer_name: str = ""
    officer_email: str = ""


def contact_validate(data: ContactInput) -> list[tuple[str, str]]:
    """Every problem with the input as (field, message); empty when it can be recorded."""
    problems: list[tuple[str, str]] = []
    now = timezone.now()
    if data.channel not in Channel.values:
        problems.append(("channel", f"Select how the contact arrived (got {data.channel!r})"))
    if not data.concern.strip():
        problems.append(("concern", "Enter what happened"))
    problems += _text_problems(data)
    if not any(s.role == SubjectRole.SUBJECT for s in data.subjects):
        problems.append(("subjects", "Enter the child or adult the concern is about"))
    if message := subjects_problem(len(data.subjects)):
        problems.append(("subjects", message))
        return problems  # one message, not one per person beyond the limit
    for index, subject in enumerate(data.subjects):
        problems += [(f"subjects[{index}].{f}", m) for f, m in _subject_problems(subject)]
    if data.received_at and (message := received_at_problem(data.received_at, now=now)):
        problems.append(("received_at", message))
    today = timezone.localdate()
    if data.incident_date and (message := incident_date_problem(data.incident_date, today=today)):
        problems.append(("incident_date", message))
    if data.immediate_risk and not data.immediate_risk_details.strip():
        problems.append(("immediate_risk_details", "Describe the immediate risk"))
    if data.is_anonymous and not data.anonymous_reason.strip():
        problems.append(("anonymous_reason", "Enter why this consultation must be anonymous"))
    if data.family_told and data.family_told not in FamilyTold.values:
        problems.append(("family_told", "Select whether the family has been told"))
    if data.consent and data.consent not in ConsentStatus.values:
        problems.append(("consent", "Select given, refused or not sought"))
    if (
        data.consent in (ConsentStatus.NOT_SOUGHT, ConsentStatus.REFUSED)
        and not data.consent_reason.strip()
    ):
        problems.append(("consent_reason", "Enter why consent was not sought or what was said"))
    if message := categories_problem(len(data.categories)):
        problems.append(("categories", message))
    else:
        known = set(
            ConcernCategory.objects.filter(code__in=data.categories).values_list("code", flat=True)
        )
        for code in sorted(set(data.categories) - known):
            problems.append(("categories", f"{code!r} is not a concern category"))
    if bool(data.source_system) != bool(data.source_reference):
        problems.append(("source_reference", "Give both the source system and its reference"))
    return problems


# Free text may run over lines; these are single lines, and names besides must show as typed.
_ONE_LINE_FIELDS = (
    "referrer_role",
    "referrer_email",
    "referrer_phone",
    "source_system",
    "source_reference",
    "officer_email",
)
_NAME_FIELDS = ("referrer_name", "officer_name")


def _text_problems(data: ContactInput) -> list[tuple[str, str]]:
    problems = []
    for item in fields(data):
        value = getattr(data, item.name)
        if not isinstance(value, str):
            continue
        if item.name in _NAME_FIELDS:
            message = name_problem(value)
        else:
            message = text_problem(value, one_line=item.name in _ONE_LINE_FIELDS)
        message = message or length_problem(value, _length_limit(Contact, item.name))
        if message:
            problems.append((item.name, message))
    return problems


def _length_limit(model: type[Contact] | type[ContactSubject], name: str) -> int:
    """The most characters a field may hold: its column's size, or for free text TEXT_LIMITS."""
    if name in TEXT_LIMITS:
        return TEXT_LIMITS[name]
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(limit, int):
        raise ValueError(f"{model.__name__}.{name} has no limit: add it to TEXT_LIMITS")
    return limit


def _subject_problems(subject: SubjectInput) -> list[tuple[str, str]]:
    from openmash.core.identifiers import is_valid_nhs_number, is_valid_postcode, is_valid_upn

    details, problems = subject.details, []
    if not details.given_name.strip() and not details.family_name.strip():
        problems.append(("given_name", "Enter the person's name, or 'Unknown'"))
    for name in ("given_name", "family_name"):
        value = getattr(details, name)
        if message := name_problem(value) or length_problem(
            value, _length_limit(ContactSubject, name)
        ):
            problems.append((name, message))
    for name in ("address_line1", "school", "gp_practice", "relationship_to_subject"):
        value = getattr(subject, name)
        if message := text_problem(value, one_line=True) or length_problem(
            value, _length_limit(ContactSubject, name)
        ):
            problems.append((name, message))
    today = timezone.localdate()
    if details.date_of_birth and (
        message := date_of_birth_problem(details.date_of_birth, today=today)
    ):
        problems.append(("date_of_birth", message))
    problems += _unborn_problems(subject, today=today)
    if details.nhs_number and not is_valid_nhs_number(details.nhs_number):
        problems.append(("nhs_number", "Enter a valid NHS number, like 999 000 0018"))
    if details.upn and not is_valid_upn(details.upn):
        problems.append(("upn", "Enter a valid UPN: a letter, 11 digits and a check character"))
    if details.postcode and not is_valid_postcode(details.postcode):
        problems.append(("postcode", "Enter a full UK postcode, like SW1A 1AA"))
    if subject.role not in SubjectRole.values:
        problems.append(("role", f"Unknown role {subject.role!r}"))
    return problems


def _unborn_problems(subject: SubjectInput, *, today: date) -> list[tuple[str, str]]:
    """An unborn child has an expected date of delivery, not a date of birth; no one else has."""
    edd = subject.details.expected_delivery_date
    if not subject.is_unborn:
        if edd:
            return [
                ("expected_delivery_date", "Only an unborn child has an expected date of delivery")
            ]
        return []
    if subject.details.date_of_birth:
        return [
            (
                "date_of_birth",
                "An unborn child has no date of birth: give the expected date of delivery",
            )
        ]
    if edd is None:
        return [("expected_delivery_date", "Enter the expected date of delivery")]
    if message := expected_delivery_date_problem(edd, today=today):
        return [("expected_delivery_date", message)]
    return []


@transaction.atomic
def contact_create(*, actor: User | None, data: ContactInput) -> Contact:
    """Record a contact, match its subjects and flag duplicates: all of it, or nothing."""
    problems = contact_validate(data)
    if problems:
        field_name, message = problems[0]
        raise ContactInvalidError(problems, message=message, field=field_name)
    if data.submitted_by is not None:
        _referrer_rate_check(data.submitted_by)
    contact = _insert_contact(actor, data)
    links = link_subjects(actor=actor, contact=contact, subjects=data.subjects)
    contact_family_record(actor=actor, contact=contact)
    if data.categories:
        contact.categories.set(ConcernCategory.objects.filter(code__in=data.categories))
    score, missing = completeness_of(data)
    contact.completeness, contact.missing_items = score, missing
    duplicate = duplicate_flag(contact, [link.person_id for link in links if link.person_id])
    if duplicate:
        contact.duplicate_of, contact.duplicate_status = duplicate, "suspected"
    contact.save(
        update_fields=["completeness", "missing_items", "duplicate_of", "duplicate_status"]
    )
    audit_record(
        actor=actor,
        verb=ContactsVerb.CREATED,
        target=contact,
        summary={
            "channel": data.channel,
            "source": data.source_agency.code,
            "subjects": [{"person": link.person_id, "match": link.match_status} for link in links],
            "duplicate_of": duplicate.pk if duplicate else None,
            "source_reference": f"{data.source_system}:{data.source_reference}"
            if data.source_system
            else "",
        },
    )
    # The front door reacts to every new contact, whatever its channel (immediate risk: red).
    contacts_arrived_tell(contacts=[contact], actor=actor)
    return contact


def _referrer_rate_check(referrer: User) -> None:
    """A referrer (a practitioner, or their system's API key) may send at most
    OPENMASH_REFERRER_CONTACTS_PER_HOUR contacts in any hour: enough for any real day's work, and a
    stop on a script or a stolen key flooding the front door. Counted from the contacts themselves,
    so it holds across processes and restarts. MASH staff recording contacts are not limited."""
    limit = settings.REFERRER_CONTACTS_PER_HOUR
    since = timezone.now() - RATE_WINDOW
    recent = Contact.objects.filter(submitted_by=referrer, created_at__gt=since)
    count = recent.count()
    if count < limit:
        return
    oldest = recent.order_by("created_at").values_list("created_at", flat=True)[count - limit]
    retry_after = max(1, int((oldest + RATE_WINDOW - timezone.now()).total_seconds()) + 1)
    logger.warning("Referrer %s reached %s contacts in an hour", referrer.pk, limit)
    raise RateLimitedError(
        f"You have sent {count} contacts in the last hour, the most that can be sent in an hour. "
        f"Try again in {_minutes(retry_after)}; if a child or adult is at immediate risk, phone "
        "the MASH or the police now.",
        retry_after=retry_after,
    )


RATE_WINDOW = timedelta(hours=1)
logger = logging.getLogger(__name__)


def _minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class ContactInvalidError(ApplicationError):
    def __init__(self, problems: list[tuple[str, str]], *, message: str, field: str) -> None:
        super().__init__(message, field=field)
        self.problems = problems


# The contact's own fields, copied from the input as they are (imports copy the same ones).
CONTACT_INPUT_FIELDS = (
    "is_consultation",
    "is_anonymous",
    "anonymous_reason",
    "referrer_name",
    "referrer_role",
    "referrer_email",
    "referrer_phone",
    "concern",
    "immediate_risk",
    "immediate_risk_details",
    "incident_date",
    "family_told",
    "consent",
    "consent_reason",
    "source_system",
    "source_reference",
    "officer_name",
    "officer_email",
)


def _insert_contact(actor: User | None, data: ContactInput) -> Contact:
    received_at = data.received_at or timezone.now()
    contact = Contact.objects.create(
        reference=f"p{uuid.uuid4().hex[:19]}",  # replaced below, once the row has its id
        received_at=received_at,
        decision_due_at=referral_decision_due(received_at),
        channel=data.channel,
        source_agency=data.source_agency,
        submitted_by=data.submitted_by,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{name: getattr(data, name) for name in CONTACT_INPUT_FIELDS},
    )
    # References follow the database's own sequence, so concurrent intakes never collide.
    contact.reference = f"C{timezone.localtime(received_at):%y}-{contact.pk:07d}"
    contact.save(update_fields=["reference"])
    return contact


@transaction.atomic
def contact_subject_resolve(
    *, actor: User | None, subject: ContactSubject, person_or_none: Person | None
) -> ContactSubject:
    """A worker's choice for a subject with possible matches: one of them, or a new person."""
    subject = (
        ContactSubject.objects.select_for_update().select_related("contact").get(pk=subject.pk)
    )
    if subject.person_id is not None:
        raise ApplicationError(
            "This person has already been matched. Reload the page to see who they were matched to."
        )
    details = SubjectDetails(
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
        sex=subject.sex,
        nhs_number=subject.nhs_number,
        upn=subject.upn,
        postcode=subject.postcode,
        expected_delivery_date=subject.expected_delivery_date,
    )
    source = f"contact {subject.contact.reference}"
    # Every resolution is a label for the match model: compared before the person learns anything.
    match_labels_record(
        details=details,
        candidate_ids=[c["person_id"] for c in subject.possible_matches if c.get("person_id")],
        chosen_id=person_or_none.pk if person_or_none is not None else None,
        source=f"resolution of {source}",
    )
    if person_or_none is None:
        person = person_create_from_details(
            actor=actor, details=details, source=source, address_line1=subject.address_line1
        )
        subject.match_status = MatchStatus.NEW
    else:
        person = person_or_none
        person_learn_from_details(
            actor=actor,
            person=person,
            details=details,
            address_line1=subject.address_line1,
            source=source,
        )
        subject.match_status = MatchStatus.CONFIRMED
    subject.person = person
    subject.save(update_fields=["person", "match_status"])
    audit_record(
        actor=actor,
        verb=ContactsVerb.SUBJECT_RESOLVED,
        target=subject.contact,
        summary={
            "subject": subject.pk,
            "person": person.pk,
            "choice": "new person" if person_or_none is None else "existing person",
            "candidates": [c.get("person_id") for c in subject.possible_matches],
        },
    )
    contact_family_record(actor=actor, contact=subject.contact)
    return subject
