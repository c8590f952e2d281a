"""How complete a contact was when it arrived: which expected items are missing.

Inspectors criticise referrals with missing or inconsistent information; this score is kept on each
contact so each agency's completeness can be reported and improved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openmash.contacts.services import ContactInput

# (key, label): what a good referral gives for the contact as a whole.
CONTACT_ITEMS = [
    ("categories", "Concern categories"),
    ("family_told", "Whether the family has been told"),
    ("consent", "Consent"),
    ("referrer_contact", "Referrer's phone or email"),
]
# and for each child or adult it is about.
SUBJECT_ITEMS = [
    ("date_of_birth", "Date of birth"),
    ("identifier", "NHS number or UPN"),
    ("address", "Address and postcode"),
    ("school_or_gp", "School (children) or GP (adults)"),
]


def completeness_of(data: ContactInput) -> tuple[int, list[str]]:
    """Percentage of expected items present, and the labels of those missing."""
    missing: list[str] = []
    present = {
        "categories": bool(data.categories),
        "family_told": bool(data.family_told),
        "consent": bool(data.consent),
        "referrer_contact": bool(
            data.referrer_email or data.referrer_phone or data.submitted_by is not None
        ),
    }
    missing += [label for key, label in CONTACT_ITEMS if not present[key]]
    total = len(CONTACT_ITEMS)
    for subject in data.subjects:
        if subject.role != "subject":
            continue
        details = subject.details
        name = f"{details.given_name} {details.family_name}".strip() or "Subject"
        has = {
            "date_of_birth": details.date_of_birth is not None,
            "identifier": bool(details.nhs_number or details.upn),
            "address": bool(subject.address_line1 and details.postcode),
            "school_or_gp": bool(subject.school if subject.is_child else subject.gp_practice),
        }
        missing += [f"{name}: {label}" for key, label in SUBJECT_ITEMS if not has[key]]
        total += len(SUBJECT_ITEMS)
    score = round(100 * (total - len(missing)) / total) if total else 0
    return score, missing
