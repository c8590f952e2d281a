"""Turning a real contact into a vignette that names nobody (docs/quality.md).

The draft replaces what the contact itself records about the people in it (names, dates of
birth, NHS numbers, UPNs, addresses, postcodes, schools, GP practices), the contact's own
references and the referrer's details, then anything in the free text that looks like an
identifier (dates, e-mail addresses, phone numbers, postcodes, long numbers). The quality lead
reads and edits the draft before use; `identifiers_remaining` checks every version again.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from datetime import date

from openmash.accounts.models import AgencyType
from openmash.contacts.models import Contact, ContactSubject

_DATE_WORDS = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?\s+\d{2,4})"
_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail address]"),
    (re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b"), "[postcode]"),
    (re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b"), "[date]"),
    (re.compile(_DATE_WORDS), "[date]"),
    (re.compile(r"(?<!\w)(?:\+44\s?|0)\d(?:[\s-]?\d){8,10}\b"), "[phone number]"),
    (re.compile(r"\b\d(?:\s?\d){5,}\b"), "[number]"),
    (re.compile(r"\b[A-Z]{1,4}[-/]?\d{3,}[A-Z\d/-]*\b"), "[reference]"),
]


def _date_forms(day: date) -> list[str]:
    return [
        day.isoformat(),
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d/%m/%y}",
        f"{day.day} {day:%B %Y}",
        f"{day:%d %B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day:%d.%m.%Y}",
        f"{day:%d-%m-%Y}",
    ]


def _spaced_number(digits: str) -> list[str]:
    forms = [digits]
    if len(digits) == 10:
        forms.append(f"{digits[:3]} {digits[3:6]} {digits[6:]}")
        forms.append(f"{digits[:3]}-{digits[3:6]}-{digits[6:]}")
    return forms


def _postcode_forms(postcode: str) -> list[str]:
    compact = postcode.replace(" ", "").upper()
    if len(compact) < 5:
        return [postcode] if postcode else []
    return [compact, f"{compact[:-3]} {compact[-3:]}"]


ROLE_WORDS = {
    "subject": "the concern is about them",
    "household": "family or household member",
    "alleged_perpetrator": "alleged perpetrator",
    "person_of_concern": "person of concern",
}


def subject_label(subject: ContactSubject, position: int) -> str:
    letter = string.ascii_uppercase[position % 26]
    return f"{'Child' if subject.is_child else 'Adult'} {letter}"


def _subject_replacements(subject: ContactSubject, label: str) -> list[tuple[str, str]]:
    pairs = [
        (f"{subject.given_name} {subject.family_name}", label),
        (subject.given_name, label),
        (subject.family_name, f"{label}'s family"),
        (subject.address_line1, "[address]"),
        (subject.school, "[school]"),
        (subject.gp_practice, "[GP practice]"),
        (subject.upn, "[UPN]"),
    ]
    pairs += [(form, "[NHS number]") for form in _spaced_number(subject.nhs_number)]
    pairs += [(form, "[postcode]") for form in _postcode_forms(subject.postcode)]
    if subject.date_of_birth:
        pairs += [(form, "[date of birth]") for form in _date_forms(subject.date_of_birth)]
    return pairs


def _contact_replacements(contact: Contact) -> list[tuple[str, str]]:
    pairs = [
        (contact.reference, "[reference]"),
        (contact.source_reference, "[reference]"),
        # Stored as "system:reference"; the free text gives the reference alone.
        (contact.source_reference.split(":", 1)[-1], "[reference]"),
        (contact.referrer_name, "the referrer"),
        (contact.officer_name, "the officer"),
        (contact.referrer_email, "[e-mail address]"),
        (contact.officer_email, "[e-mail address]"),
        (contact.referrer_phone, "[phone number]"),
    ]
    for name in (contact.referrer_name, contact.officer_name):
        pairs += [(part, "the referrer") for part in name.split() if len(part) > 2]
    return pairs


def _replace(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    # Longest first, so a full name goes before its parts; whole words only, any case.
    for original, replacement in sorted(pairs, key=lambda pair: -len(pair[0])):
        if len(original.strip()) < 2:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(original.strip())}(?!\w)", re.IGNORECASE)
        text = pattern.sub(replacement, text)
    return text


def scrub(text: str, contact: Contact, subjects: list[ContactSubject]) -> str:
    pairs = _contact_replacements(contact)
    for position, subject in enumerate(subjects):
        pairs += _subject_replacements(subject, subject_label(subject, position))
    text = _replace(text, pairs)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _age(subject: ContactSubject, on: date) -> str:
    if subject.is_unborn:
        return "unborn"
    born = subject.date_of_birth
    if born is None:
        return "age not known"
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return f"aged {years}" if years else "under 1"


def vignette_draft(contact: Contact) -> str:
    """The first draft of a vignette's text, for the quality lead to review and edit."""
    subjects = list(contact.contact_subjects.order_by("pk"))
    on = contact.received_at.date()
    from_whom = AgencyType(contact.source_agency.agency_type).label
    lines = [f"A contact from: {from_whom}."]
    for position, subject in enumerate(subjects):
        role = ROLE_WORDS.get(subject.role, subject.role)
        relation = f", {subject.relationship_to_subject}" if subject.relationship_to_subject else ""
        lines.append(f"{subject_label(subject, position)}: {role}{relation}, {_age(subject, on)}.")
    categories = ", ".join(c.label for c in contact.categories.order_by("sort_order"))
    if categories:
        lines.append(f"Concerns: {categories}.")
    if contact.immediate_risk:
        lines.append("The referrer says there is immediate risk.")
    lines += ["", scrub(contact.concern, contact, subjects)]
    if contact.immediate_risk_details:
        lines += ["", scrub(contact.immediate_risk_details, contact, subjects)]
    return "\n".join(lines)


def identifiers_remaining(text: str, contact: Contact) -> list[str]:
    """What of the source contact's identifiers a vignette's text still shows (by kind only)."""
    found: list[str] = []
    compact = re.sub(r"[\s-]", "", text).upper()

    def words(value: str) -> bool:
        value = value.strip()
        return len(value) >= 2 and bool(
            re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE)
        )

    for subject in contact.contact_subjects.all():
        if words(subject.given_name) or words(subject.family_name):
            found.append("a name")
        if subject.nhs_number and subject.nhs_number in compact:
            found.append("an NHS number")
        if subject.upn and subject.upn.upper() in compact:
            found.append("a UPN")
        if subject.date_of_birth and any(words(f) for f in _date_forms(subject.date_of_birth)):
            found.append("a date of birth")
        if subject.postcode and subject.postcode.replace(" ", "").upper() in compact:
            found.append("a postcode")
        if words(subject.address_line1):
            found.append("an address")
    source_reference = contact.source_reference.split(":", 1)[-1]
    if words(contact.reference) or words(source_reference):
        found.append("a reference")
    if words(contact.referrer_name) or words(contact.officer_name):
        found.append("the referrer's name")
    return sorted(set(found))
