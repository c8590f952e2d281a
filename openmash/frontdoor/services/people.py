"""A person merge moves the front door's referrals and adult enquiries with the person.

Registered in `people.registry.person_merge_rows` (frontdoor/apps.py); `person_merge` and
`person_unmerge` call these inside their transaction and write the audit rows, with the count
of each kind of row moved.
"""

from __future__ import annotations

from openmash.frontdoor.models import AdultEnquiry, Referral
from openmash.people.models import Person


def referrals_move(survivor: Person, merged: Person) -> list[int]:
    ids = list(Referral.objects.filter(person=merged).values_list("pk", flat=True))
    if ids:
        Referral.objects.filter(pk__in=ids).update(person=survivor)
    return ids


def referrals_restore(merged: Person, ids: list[int]) -> None:
    Referral.objects.filter(pk__in=ids).update(person=merged)


def adult_enquiries_move(survivor: Person, merged: Person) -> list[int]:
    ids = list(AdultEnquiry.objects.filter(person=merged).values_list("pk", flat=True))
    if ids:
        AdultEnquiry.objects.filter(pk__in=ids).update(person=survivor)
    return ids


def adult_enquiries_restore(merged: Person, ids: list[int]) -> None:
    AdultEnquiry.objects.filter(pk__in=ids).update(person=merged)
