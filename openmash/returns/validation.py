"""What Annex A lists 1-7 need from the records, checked before the return goes: each failure
with the rule's words and the record where it is fixed."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from openmash.returns.annex_a import ETHNICITY_CODES
from openmash.returns.selectors import AnnexA, Row


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    words: str


DOB = Rule(
    "AA01",
    "Date of birth missing",
    "Every child in Annex A needs a date of birth, or for an unborn child the expected date "
    "of birth. Without it the child's age cannot be given.",
)
ETHNICITY = Rule(
    "AA02",
    "Ethnicity missing",
    "Every child needs an ethnicity from the census list (WBRI to NOBT). A missing or "
    "unknown code is sent as NOBT, information not yet obtained, until it is recorded.",
)
GENDER = Rule(
    "AA03",
    "Gender not known",
    "Every child born needs a recorded sex: otherwise Annex A says 'Not stated/recorded'.",
)
NO_CONTACT = Rule(
    "AA04",
    "Referral without a contact",
    "A referral must come from a contact about the same child, received on or before the "
    "referral date.",
)
NOT_LINKED = Rule(
    "AA05",
    "Child not in the person index",
    "A child in Annex A must be linked to one person in the person index, so that the same "
    "child has the same Child Unique ID in every list.",
)
RULES = [DOB, ETHNICITY, GENDER, NO_CONTACT, NOT_LINKED]
LIST_NAMES = {1: "List 1 (contacts)", 2: "List 2 (early help)", 3: "List 3 (referrals)",
              4: "List 4 (assessments)", 5: "List 5 (section 47 enquiries)",
              6: "List 6 (children in need)", 7: "List 7 (child protection)"}  # fmt: skip


@dataclass(frozen=True)
class Failure:
    rule: Rule
    child_id: str
    child_name: str
    lists: str
    record: str
    fix_url: str
    fix_label: str


def _record_link(row: Row) -> tuple[str, str]:
    source = row.source
    if source.kind == "familyhelpcase":
        return reverse("familyhelp:case", args=[source.pk]), f"Family Help {source.reference}"
    if source.kind == "protectioncase":
        return reverse("protection:case", args=[source.pk]), f"Protection case {source.reference}"
    return reverse("contacts:detail", args=[source.contact_id]), f"Contact {source.reference}"


def _fix_link(row: Row, rule: Rule) -> tuple[str, str]:
    """The person's page for what the person index holds; the record for the rest."""
    if rule is not NO_CONTACT and row.child.person_id is not None:
        return reverse("people:detail", args=[row.child.person_id]), "Person record"
    return _record_link(row)


def _broken(row: Row) -> list[Rule]:
    child = row.child
    broken = []
    if child.date_of_birth is None and not (child.is_unborn and child.expected_date):
        broken.append(DOB)
    if child.ethnicity.strip().upper() not in ETHNICITY_CODES:
        broken.append(ETHNICITY)
    if child.sex not in ("M", "F") and not child.is_unborn:
        broken.append(GENDER)
    if row.source.kind == "referral" and not row.facts.get("contact_matches", True):
        broken.append(NO_CONTACT)
    if child.person_id is None:
        broken.append(NOT_LINKED)
    return broken


def annex_a_failures(annex: AnnexA) -> list[Failure]:
    """Each rule a child breaks, once per child and rule (the lists it appears in named); a
    referral without its contact, once per referral."""
    seen: dict[tuple[str, str], tuple[Row, set[int]]] = {}
    for number, rows in sorted(annex.lists.items()):
        for row in rows:
            for rule in _broken(row):
                key = (
                    rule.code,
                    f"{row.source.kind}{row.source.pk}"
                    if rule is NO_CONTACT
                    else row.child.child_id,
                )
                seen.setdefault(key, (row, set()))[1].add(number)
    failures = []
    for (code, _), (row, numbers) in seen.items():
        rule = next(r for r in RULES if r.code == code)
        url, label = _fix_link(row, rule)
        _, record = _record_link(row)
        failures.append(
            Failure(
                rule=rule,
                child_id=row.child.child_id,
                child_name="Restricted record" if row.child.is_restricted else row.child.name,
                lists=", ".join(LIST_NAMES[n] for n in sorted(numbers)),
                record=record,
                fix_url=url,
                fix_label=label,
            )
        )
    failures.sort(key=lambda f: (f.rule.code, f.child_name, f.child_id))
    return failures
