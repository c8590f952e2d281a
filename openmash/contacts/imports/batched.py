"""Recording a chunk of notifications with a bounded number of queries, with the same result as
`contact_create` for each notification in turn (sequential.py): the same contacts, subjects,
people, categories, completeness, duplicate flags and audit rows.

Per chunk: one query for references already imported (the checks of `contact_validate` were all
made while reading the file); ids for the contacts (`allocate_ids`), so their references are
made before they are written, in one bulk insert (COPY on PostgreSQL); subjects matched and
linked in file order (linking.py); new people and what is learnt about known people written in
bulk; subjects, categories, the duplicate rule for the whole chunk (duplicates.duplicate_flags)
and every audit row in one bulk insert each. The caller runs it in one transaction, so a chunk
goes in whole or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from openmash.contacts.completeness import completeness_of
from openmash.contacts.duplicates import duplicate_flags
from openmash.contacts.imports.linking import SubjectLink, SubjectLinker
from openmash.contacts.imports.outcome import Counts, contact_input_for, existing_references
from openmash.contacts.imports.parsing import Mapping, NotificationKey, ParsedRow, Vocabulary
from openmash.contacts.models import Contact, ContactSubject, ImportBatch
from openmash.contacts.registry import contacts_arrived_tell
from openmash.contacts.services import CONTACT_INPUT_FIELDS, ContactInput
from openmash.contacts.verbs import ContactsVerb
from openmash.core.audit import Verb, audit_record_each
from openmash.core.bulk import allocate_ids, bulk_insert, bulk_insert_values
from openmash.core.calendar import REFERRAL_DECISION_WORKING_DAYS, add_working_days, bank_holidays
from openmash.people.matching.decide import OpenMatch
from openmash.people.verbs import PeopleVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


def record_chunk(
    *,
    actor: User | None,
    batch: ImportBatch,
    chunk: list[list[ParsedRow]],
    mapping: Mapping,
    vocabulary: Vocabulary,
    counts: Counts,
    seen: set[NotificationKey],
    linker: SubjectLinker,
    found: tuple[list[list[OpenMatch]], int] | None = None,
) -> set[NotificationKey]:
    """Record the chunk's notifications; returns the keys of those recorded.

    `linker` links the subjects of every chunk of the import, one after another; `found`, when
    given, is each group's subjects' matches, read once the chunks up to the linker's epoch
    given with them were committed (ahead.py)."""
    existing = existing_references(chunk, vocabulary) | seen
    recorded: set[NotificationKey] = set()
    accepted: list[tuple[list[ParsedRow], ContactInput]] = []
    matches: list[OpenMatch] = []
    for position, group in enumerate(chunk):
        key = group[0].key
        counts.processed += len(group)
        if key in existing and not group[0].errors:
            counts.skipped += len(group)
            continue
        bad = [error for row in group for error in row.errors]
        # Every check of `contact_validate` is made, with the same outcome, while reading the
        # file (parsing.parse_row); calling it again would cost a query per contact.
        data = None if bad else contact_input_for(group, vocabulary)
        if bad or data is None:
            counts.reject(group, bad)
        elif key in recorded:
            counts.skipped += len(group)  # twice in the chunk: the database would refuse it
        else:
            recorded.add(key)
            accepted.append((group, data))
            if found is not None:
                matches += found[0][position]
    if accepted:
        ahead = (matches, found[1]) if found is not None else None
        _record(actor, batch, accepted, vocabulary, counts, linker, ahead)
    return recorded


def _record(
    actor: User | None,
    batch: ImportBatch,
    accepted: list[tuple[list[ParsedRow], ContactInput]],
    vocabulary: Vocabulary,
    counts: Counts,
    linker: SubjectLinker,
    ahead: tuple[list[OpenMatch], int] | None,
) -> None:
    contacts = _insert_contacts(actor, batch, [data for _, data in accepted])
    links = _link_subjects(linker, contacts, [data for _, data in accepted], ahead)
    bulk_insert_values(
        ContactSubject,
        [
            _contact_subject(contact, subject, link)
            for contact, (_, data), its in zip(contacts, accepted, links, strict=True)
            for subject, link in zip(data.subjects, its, strict=True)
        ],
    )
    bulk_insert_values(
        Contact.categories.through,
        [
            {"contact_id": contact.pk, "concerncategory_id": vocabulary.category_ids[code]}
            for contact, (_, data) in zip(contacts, accepted, strict=True)
            for code in data.categories
        ],
    )
    flags = duplicate_flags(
        contacts, [[link.person.pk for link in its if link.person] for its in links]
    )
    flagged = []
    for contact, flag in zip(contacts, flags, strict=True):
        if flag:
            contact.duplicate_of_id, contact.duplicate_status = flag, "suspected"
            flagged.append(contact)
    Contact.objects.bulk_update(flagged, ["duplicate_of", "duplicate_status"])
    audit_record_each(actor=actor, rows=_audit_rows(contacts, accepted, links))
    # As contact_create does for each: the front door reacts to what has just arrived.
    contacts_arrived_tell(contacts=contacts, actor=actor)
    for contact, (group, _) in zip(contacts, accepted, strict=True):
        counts.created += len(group)
        counts.contacts += 1
        counts.duplicates += len(group) if contact.duplicate_of_id else 0


def _link_subjects(
    linker: SubjectLinker,
    contacts: list[Contact],
    inputs: list[ContactInput],
    ahead: tuple[list[OpenMatch], int] | None,
) -> list[list[SubjectLink]]:
    """Each contact's subjects matched and linked (people written), contact by contact."""
    subjects = [
        (subject, f"contact {contact.reference}")
        for contact, data in zip(contacts, inputs, strict=True)
        for subject in data.subjects
    ]
    flat = iter(linker.link(subjects, *(ahead or (None, None))))
    return [[next(flat) for _ in data.subjects] for data in inputs]


def _insert_contacts(
    actor: User | None, batch: ImportBatch, inputs: list[ContactInput]
) -> list[Contact]:
    holidays = bank_holidays()
    recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    contacts = []
    for data, pk in zip(inputs, allocate_ids(Contact, len(inputs)), strict=True):
        received_at = data.received_at or timezone.now()
        score, missing = completeness_of(data)
        contacts.append(
            Contact(
                pk=pk,
                # As contact_create makes it from the id.
                reference=f"C{timezone.localtime(received_at):%y}-{pk:07d}",
                received_at=received_at,
                decision_due_at=add_working_days(
                    received_at, REFERRAL_DECISION_WORKING_DAYS, holidays
                ),
                channel=data.channel,
                source_agency=data.source_agency,
                submitted_by=data.submitted_by,
                recorded_by=recorded_by,
                import_batch=batch,
                completeness=score,
                missing_items=missing,
                **{name: getattr(data, name) for name in CONTACT_INPUT_FIELDS},
            )
        )
    return list(bulk_insert(contacts))


def _contact_subject(contact: Contact, subject: Any, link: SubjectLink) -> dict[str, Any]:
    """The ContactSubject row `contact_create` writes for the subject, by attname."""
    details = subject.details
    return {
        "contact_id": contact.pk,
        "person_id": link.person.pk if link.person else None,
        "role": subject.role,
        "relationship_to_subject": subject.relationship_to_subject,
        "is_child": subject.is_child,
        "given_name": details.given_name,
        "family_name": details.family_name,
        "date_of_birth": details.date_of_birth,
        "sex": details.sex,
        "nhs_number": details.nhs_number,
        "upn": details.upn.upper(),
        "address_line1": subject.address_line1,
        "postcode": details.postcode,
        "school": subject.school,
        "gp_practice": subject.gp_practice,
        "match_status": link.status,
        "match_score": link.score,
        "possible_matches": link.candidates,
    }


def _audit_rows(
    contacts: list[Contact],
    accepted: list[tuple[list[ParsedRow], ContactInput]],
    links: list[list[SubjectLink]],
) -> list[tuple[Verb, Any, dict[str, Any]]]:
    """`person.created` for each new person and `person.details_learnt` for each person learnt
    from, subject by subject, then `contact.created`, contact by contact."""
    rows: list[tuple[Verb, Any, dict[str, Any]]] = []
    for contact, (_, data), its in zip(contacts, accepted, links, strict=True):
        source = f"contact {contact.reference}"
        for link in its:
            if link.created:
                rows.append((PeopleVerb.CREATED, link.person, {"source": source}))
            elif link.learnt:
                rows.append((PeopleVerb.DETAILS_LEARNT, link.person, link.learnt))
        rows.append(
            (
                ContactsVerb.CREATED,
                contact,
                {
                    "channel": data.channel,
                    "source": data.source_agency.code,
                    "subjects": [
                        {"person": link.person.pk if link.person else None, "match": link.status}
                        for link in its
                    ],
                    "duplicate_of": contact.duplicate_of_id,
                    "source_reference": f"{data.source_system}:{data.source_reference}"
                    if data.source_system
                    else "",
                },
            )
        )
    return rows
