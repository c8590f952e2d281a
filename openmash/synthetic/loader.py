"""`generate --into-db`: the same record stream, loaded into OpenMASH's database in bulk.

People (the clean register record of each true person, with the other agencies' spellings as name
variants), households and parent-child relationships, and every contact and adult concern with its
subject, category, outcome and duplicate link. Rows go in with bulk inserts, a few hundred
households at a time; the whole load writes one audit marker (`synthetic.loaded`) rather than a row
per generated event. Early help episodes become Family Help cases
(load_familyhelp.py); assessments, s47 enquiries (with their strategy discussions) and child
protection plans (with their conferences) become each child's protection case
(load_protection.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from openmash.accounts.models import Agency, AgencyType
from openmash.accounts.services import agency_create
from openmash.contacts.models import ConcernCategory, Contact, ContactSubject, MatchStatus
from openmash.core.audit import audit_record
from openmash.core.calendar import referral_decision_due
from openmash.people.matching import match_keys
from openmash.people.models import Household, Person, PersonName, Relationship
from openmash.synthetic import records as synthetic
from openmash.synthetic.config import GeneratorConfig
from openmash.synthetic.load_adults import load_adult_enquiries
from openmash.synthetic.load_familyhelp import load_early_help
from openmash.synthetic.load_outofhours import load_out_of_hours
from openmash.synthetic.load_protection import load_protection
from openmash.synthetic.records import HouseholdBatch
from openmash.synthetic.stream import generate
from openmash.synthetic.verbs import SyntheticVerb

FLUSH_HOUSEHOLDS = 300

# CIN referral source code -> (agency code, name, type) standing in for the real senders.
AGENCY_FOR_SOURCE = {
    "2A": ("SCH", "Riverside Primary School", AgencyType.SCHOOL),
    "2B": ("EDU", "Education Services", AgencyType.EDUCATION),
    "4": ("HSG", "Housing", AgencyType.HOUSING),
    "6": ("POL", "Police", AgencyType.POLICE),
    "7": ("PRB", "Probation", AgencyType.PROBATION),
    "8": ("VOL", "Voluntary and community sector", AgencyType.VOLUNTARY),
}
LA = ("LA", "Council Children's and Adults' Services", AgencyType.LOCAL_AUTHORITY)
HEALTH = ("HLT", "Health NHS Trust", AgencyType.HEALTH)
PUBLIC = ("PUB", "Members of the public", AgencyType.OTHER)
CHANNELS = {
    "portal": "portal",
    "email": "email",
    "phone": "phone",
    "letter": "email",
    "in_person": "phone",
    "edt": "phone",
    "police_vist": "bulk",
    "police_cara": "bulk",
}
OUTCOME_WORDS = {
    "nfa": "No further action",
    "information_advice": "Advice and information given",
    "signpost_universal": "Signposted to universal services",
    "early_help": "Early help offered",
    "assessment": "Child and family assessment",
    "strategy_discussion": "Strategy discussion",
    "s42_enquiry": "Section 42 enquiry",
    "other_enquiry": "Other safeguarding enquiry",
}


@dataclass
class LoadCounts:
    people: int = 0
    name_variants: int = 0
    households: int = 0
    contacts: int = 0
    adult_concerns: int = 0
    duplicates: int = 0
    early_help: int = 0
    assessments: int = 0
    section47s: int = 0
    cp_plans: int = 0
    conferences: int = 0
    adult_enquiries: int = 0
    not_loaded: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _agency_for(source_code: str, cache: dict[str, Agency]) -> Agency:
    if source_code in AGENCY_FOR_SOURCE:
        code, name, kind = AGENCY_FOR_SOURCE[source_code]
    elif source_code.startswith("3"):
        code, name, kind = HEALTH
    elif source_code.startswith("5"):
        code, name, kind = LA
    else:
        code, name, kind = PUBLIC
    if code not in cache:
        agency = Agency.objects.filter(code=code).first()
        cache[code] = agency or agency_create(actor=None, code=code, name=name, agency_type=kind)
    return cache[code]


class _Loader:
    def __init__(self) -> None:
        self.counts = LoadCounts()
        self.agencies: dict[str, Agency] = {}
        self.categories = dict(ConcernCategory.objects.values_list("code", "pk"))
        self.contact_pk: dict[str, int] = {}
        self.pending: list[HouseholdBatch] = []

    def add(self, batch: HouseholdBatch) -> None:
        self.pending.append(batch)
        if len(self.pending) >= FLUSH_HOUSEHOLDS:
            self.flush()

    @transaction.atomic
    def flush(self) -> None:
        batches, self.pending = self.pending, []
        person_pk = self._people(batches)
        self._households(batches, person_pk)
        self._contacts(batches, person_pk)
        self.counts.early_help += load_early_help(
            batches, person_pk, self.contact_pk, _agency_for("5A", self.agencies)
        )
        protection = load_protection(
            batches, person_pk, self.contact_pk, _agency_for("5A", self.agencies)
        )
        self.counts.assessments += protection.assessments
        self.counts.section47s += protection.section47s
        self.counts.cp_plans += protection.cp_plans
        self.counts.conferences += protection.conferences
        self.counts.adult_enquiries += load_adult_enquiries(batches, person_pk)

    def _people(self, batches: list[HouseholdBatch]) -> dict[str, int]:
        register = {
            r.true_person_id: r for b in batches for r in b.records if r.source_system == "register"
        }
        people = []
        for batch in batches:
            for true in batch.people:
                record = register.get(true.person_id)
                people.append(
                    Person(
                        given_name=true.given_name,
                        family_name=true.family_name,
                        date_of_birth=true.date_of_birth,
                        sex=true.sex or "U",
                        ethnicity=true.ethnicity,
                        nhs_number=true.nhs_number,
                        upn=true.upn,
                        postcode=record.postcode if record else batch.household.postcode,
                        **match_keys(true.given_name, true.family_name),
                    )
                )
        created = Person.objects.bulk_create(people)
        ids = [p.person_id for b in batches for p in b.people]
        person_pk = {true_id: person.pk for true_id, person in zip(ids, created, strict=True)}
        self.counts.people += len(created)
        self._variants(batches, person_pk)
        return person_pk

    def _variants(self, batches: list[HouseholdBatch], person_pk: dict[str, int]) -> None:
        seen: set[tuple[int, str, str]] = set()
        names = []
        for batch in batches:
            truth = {p.person_id: p for p in batch.people}
            for record in batch.records:
                true = truth.get(record.true_person_id)
                if true is None or (record.given_name, record.family_name) == (
                    true.given_name,
                    true.family_name,
                ):
                    continue
                key = (person_pk[true.person_id], record.given_name, record.family_name)
                if key in seen:
                    continue
                seen.add(key)
                names.append(
                    PersonName(
                        person_id=key[0],
                        given_name=record.given_name,
                        family_name=record.family_name,
                        source=record.source_system,
                        **match_keys(record.given_name, record.family_name),
                    )
                )
        PersonName.objects.bulk_create(names)
        self.counts.name_variants += len(names)

    def _households(self, batches: list[HouseholdBatch], person_pk: dict[str, int]) -> None:
        households = Household.objects.bulk_create(
            [
                Household(address_line1=b.household.address_line, postcode=b.household.postcode)
                for b in batches
            ]
        )
        members, relationships = [], []
        for batch, household in zip(batches, households, strict=True):
            for person in batch.people:
                members.append(
                    Household.members.through(
                        household_id=household.pk, person_id=person_pk[person.person_id]
                    )
                )
            parents = [p for p in batch.people if p.role == "parent"]
            for child in (p for p in batch.people if p.role in ("child", "adult_child")):
                relationships += [
                    Relationship(
                        from_person_id=person_pk[parent.person_id],
                        to_person_id=person_pk[child.person_id],
                        kind="parent",
                        source="synthetic",
                    )
                    for parent in parents
                ]
        Household.members.through.objects.bulk_create(members)
        Relationship.objects.bulk_create(relationships, ignore_conflicts=True)
        self.counts.households += len(households)

    def _contacts(self, batches: list[HouseholdBatch], person_pk: dict[str, int]) -> None:
        rows = [(c, b) for b in batches for c in b.contacts]
        adults = [(a, b) for b in batches for a in b.adult_concerns]
        contacts = [self._contact(c) for c, _ in rows] + [self._adult(a) for a, _ in adults]
        created = Contact.objects.bulk_create(contacts)
        keys = [c.contact_id for c, _ in rows] + [a.concern_id for a, _ in adults]
        for key, contact in zip(keys, created, strict=True):
            self.contact_pk[key] = contact.pk
        records = {r.record_id: r for b in batches for r in b.records}
        subjects, categories, duplicates = [], [], []
        sources = [(c.record_id, c.true_person_id, True, c.concern_category) for c, _ in rows]
        sources += [
            (a.record_id, a.true_person_id, False, f"adult_{a.concern_category}") for a, _ in adults
        ]
        for contact, (record_id, true_id, is_child, category) in zip(created, sources, strict=True):
            subjects.append(_subject(contact, records.get(record_id), person_pk[true_id], is_child))
            if category in self.categories:
                categories.append(
                    Contact.categories.through(
                        contact_id=contact.pk, concerncategory_id=self.categories[category]
                    )
                )
        for contact, (row, _) in zip(created, rows, strict=False):
            if row.duplicate_of and row.duplicate_of in self.contact_pk:
                contact.duplicate_of_id = self.contact_pk[row.duplicate_of]
                contact.duplicate_status = "confirmed"
                duplicates.append(contact)
        ContactSubject.objects.bulk_create(subjects)
        Contact.categories.through.objects.bulk_create(categories)
        Contact.objects.bulk_update(duplicates, ["duplicate_of", "duplicate_status"])
        self.counts.contacts += len(rows)
        self.counts.adult_concerns += len(adults)
        self.counts.duplicates += len(duplicates)

    def _contact(self, row: synthetic.Contact) -> Contact:
        police = row.channel.startswith("police_")
        return Contact(
            reference=f"S-{row.contact_id}",
            received_at=row.received_at,
            channel=CHANNELS.get(row.channel, "email"),
            source_agency=_agency_for(row.source_code, self.agencies),
            concern=f"Synthetic {row.concern_category.replace('_', ' ')} concern.",
            incident_date=row.incident_at.date() if row.incident_at else None,
            source_system=row.channel.removeprefix("police_").upper() if police else "",
            source_reference=row.contact_id if police else "",
            status="closed" if row.decided_at else "received",
            decision_due_at=referral_decision_due(row.received_at),
            closed_at=row.decided_at or None,
            outcome_for_referrer=OUTCOME_WORDS.get(row.outcome, row.outcome.replace("_", " ")),
        )

    def _adult(self, row: synthetic.AdultConcern) -> Contact:
        outcome = "s42_enquiry" if row.s42 else "other_enquiry" if row.other_enquiry else "nfa"
        return Contact(
            reference=f"S-{row.concern_id}",
            received_at=row.received_at,
            channel="phone",
            source_agency=_agency_for(_adult_source(row.source), self.agencies),
            concern=f"Synthetic adult concern: {row.concern_category.replace('_', ' ')}.",
            # The front door decided every generated adult concern (s42, other enquiry or none);
            # `concluded_on` is when the enquiry ended, later, outside the front door.
            status="closed",
            decision_due_at=referral_decision_due(row.received_at),
            outcome_for_referrer=OUTCOME_WORDS[outcome],
        )


def _adult_source(source: str) -> str:
    return {
        "police": "6",
        "health": "3F",
        "care_provider": "8",
        "other_agency": "8",
        "family_friend": "1A",
        "self": "1C",
        "anonymous": "9",
    }.get(source, "5A")


def _subject(
    contact: Contact, record: synthetic.PersonRecord | None, person_id: int, is_child: bool
) -> ContactSubject:
    return ContactSubject(
        contact_id=contact.pk,
        person_id=person_id,
        is_child=is_child,
        given_name=record.given_name if record else "",
        family_name=record.family_name if record else "",
        date_of_birth=record.date_of_birth if record else None,
        sex=record.sex if record else "",
        nhs_number=record.nhs_number if record else "",
        upn=record.upn if record else "",
        address_line1=record.address_line if record else "",
        postcode=record.postcode if record else "",
        match_status=MatchStatus.CONFIRMED,
    )


def load_into_db(config: GeneratorConfig, *, batches: Iterable[Any] | None = None) -> LoadCounts:
    """Generate (or take) the stream and load it; returns what was loaded and what was not."""
    loader = _Loader()
    for batch in batches if batches is not None else generate(config):
        if isinstance(batch, HouseholdBatch):
            loader.add(batch)
    loader.flush()
    load_out_of_hours(config.seed)  # the EDT's work on them (synthetic/load_outofhours.py)
    audit_record(
        actor=None,
        verb=SyntheticVerb.LOADED,
        summary={"seed": config.seed, "scale": config.scale, **loader.counts.as_dict()},
    )
    return loader.counts
