"""Contact pages (HTML): `pages` (list, contact page, matching, duplicates), `intake` (staff
intake), `referral` (the partners' referral form)."""

from openmash.contacts.views.intake import contact_record
from openmash.contacts.views.pages import (
    contact_detail,
    contact_duplicate_confirm_view,
    contact_duplicate_reject_view,
    contact_list_view,
    contact_mine,
    contact_subject_resolve_view,
)
from openmash.contacts.views.referral import (
    referral_check,
    referral_delete,
    referral_people,
    referral_person,
    referral_person_remove,
    referral_sent,
    referral_start,
    referral_step,
)

__all__ = [
    "contact_detail",
    "contact_duplicate_confirm_view",
    "contact_duplicate_reject_view",
    "contact_list_view",
    "contact_mine",
    "contact_record",
    "contact_subject_resolve_view",
    "referral_check",
    "referral_delete",
    "referral_people",
    "referral_person",
    "referral_person_remove",
    "referral_sent",
    "referral_start",
    "referral_step",
]
