"""Every change to the person index, each audited in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from openmash.core.access import restriction_allows
from openmash.core.audit import AuditVerb, audit_record
from openmash.core.errors import ApplicationError
from openmash.core.identifiers import canonical_identifier, normalise_postcode
from openmash.people.match_model import match_label_for_people
from openmash.people.matching import SubjectDetails, match_keys
from openmash.people.models import (
    SYMMETRIC_KINDS,
    Address,
    Household,
    IdentifierKind,
    Person,
    PersonIdentifier,
    PersonMerge,
    PersonName,
    Relationship,
)
from openmash.people.registry import person_merge_rows
from openmash.people.verbs import PeopleVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    sex: str = "U",
    nhs_number: str = "",
    upn: str = "",
    postcode: str = "",
    ethnicity: str = "",
    expected_delivery_date: date | None = None,
    address_line1: str = "",
    source: str = "",
    audit: bool = True,
) -> Person:
    """A new person; an expected date of delivery makes them an unborn child (with no date of
    birth). An address or postcode given is kept as their first address, dated today."""
    if expected_delivery_date is not None and date_of_birth is not None:
        raise ApplicationError(
            "An unborn child has an expected date of delivery, not a birth date."
        )
    person = Person(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        is_unborn=expected_delivery_date is not None,
        expected_delivery_date=expected_delivery_date,
        sex=sex or "U",
        nhs_number=canonical_identifier(nhs_number),
        upn=canonical_identifier(upn),
        postcode=normalise_postcode(postcode) if postcode else "",
        ethnicity=ethnicity,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **match_keys(given_name, family_name),
    )
    person.save()
    for kind, value in ((IdentifierKind.NHS, person.nhs_number), (IdentifierKind.UPN, person.upn)):
        if value:
            PersonIdentifier.objects.create(person=person, kind=kind, value=value, source=source)
    if person.postcode or address_line1.strip():
        Address.objects.create(
            person=person,
            line1=address_line1.strip() or "(not given)",
            postcode=person.postcode,
            valid_from=timezone.localdate(),
            source=source,
        )
    if audit:
        audit_record(
            actor=actor, verb=PeopleVerb.CREATED, target=person, summary={"source": source}
        )
    return person


def person_create_from_details(
    *, actor: User | None, details: SubjectDetails, source: str, address_line1: str = ""
) -> Person:
    return person_create(
        actor=actor,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        sex=details.sex or "U",
        nhs_number=details.nhs_number,
        upn=details.upn,
        postcode=details.postcode,
        expected_delivery_date=details.expected_delivery_date,
        address_line1=address_line1,
        source=source,
    )


@transaction.atomic
def person_learn_from_details(
    *,
    actor: Any,
    person: Person,
    details: SubjectDetails,
    address_line1: str = "",
    source: str = "",
) -> dict[str, Any] | None:
    """Keep what a new contact tells us about a known person: another spelling of their name, an
    identifier, a date of birth or NHS number they lacked, a new address. Audited when anything
    was learnt; returns the audit summary (None when nothing was)."""
    changed: list[str] = []
    added = ["name"] if _learn_name(person, details, source) else []
    for field, kind, value in (
        ("nhs_number", IdentifierKind.NHS, details.nhs_number),
        ("upn", IdentifierKind.UPN, details.upn.upper()),
    ):
        if value and not getattr(person, field):
            setattr(person, field, value)
            changed.append(field)
        if value:
            _, created = PersonIdentifier.objects.get_or_create(
                person=person, kind=kind, value=value, defaults={"source": source}
            )
            if created:
                added.append(f"identifier:{kind.value}")
    born = _learn_dates(person, details, changed)
    postcode = normalise_postcode(details.postcode) if details.postcode else ""
    if postcode and postcode != person.postcode:
        person.postcode = postcode
        changed.append("postcode")
        Address.objects.create(
            person=person,
            line1=address_line1 or "(not given)",
            postcode=postcode,
            valid_from=timezone.localdate(),
            source=source,
        )
        added.append("address")
    if changed:
        person.save(update_fields=changed)
    if not (changed or added):
        return None
    summary = person_learnt_summary(source=source, changed=changed, added=added)
    audit_record(actor=actor, verb=PeopleVerb.DETAILS_LEARNT, target=person, summary=summary)
    if born:
        audit_record(actor=actor, verb=PeopleVerb.BORN, target=person, summary={"source": source})
    return summary


def _learn_dates(person: Person, details: SubjectDetails, changed: list[str]) -> bool:
    """A date of birth the person lacked; for an unborn child, a new expected date of delivery,
    or their birth (a date of birth given): returns True when they are now recorded as born.
    The expected date stays on a born child's record, as history."""
    if details.date_of_birth and not person.date_of_birth:
        person.date_of_birth = details.date_of_birth
        changed.append("date_of_birth")
    if not person.is_unborn:
        return False
    if person.date_of_birth:
        person.is_unborn = False
        changed.append("is_unborn")
        return True
    edd = details.expected_delivery_date
    if edd and edd != person.expected_delivery_date:
        person.expected_delivery_date = edd
        changed.append("expected_delivery_date")
    return False


def _learn_name(person: Person, details: SubjectDetails, source: str) -> bool:
    """Keep the name as another name the person is known by, unless it is already theirs."""
    keys = match_keys(details.given_name, details.family_name)
    name = {"given_norm": keys["given_norm"], "family_norm": keys["family_norm"]}
    if name == {"given_norm": person.given_norm, "family_norm": person.family_norm}:
        return False
    if person.names.filter(**name).exists():
        return False
    PersonName.objects.create(
        person=person,
        given_name=details.given_name.strip(),
        family_name=details.family_name.strip(),
        source=source,
        **keys,
    )
    return True


def person_learnt_summary(*, source: str, changed: list[str], added: list[str]) -> dict[str, Any]:
    """What learning from a contact's details changed (the fields' names, not their values: the
    audit log cannot be corrected, the person can), shared with the batched import
    (people/bulk.py), which writes the same rows."""
    return {"source": source, "changed": sorted(changed), "added": sorted(added)}


@transaction.atomic
def person_restrict(*, actor: User | None, person: Person, named_users: Iterable[Any]) -> Person:
    """Make a person visible only to the named users (and break-glass access)."""
    users = list(named_users)
    person.is_restricted = True
    person.save(update_fields=["is_restricted"])
    person.restricted_to.set(users)
    audit_record(
        actor=actor,
        verb=AuditVerb.RESTRICTION_CHANGED,
        target=person,
        summary={"restricted": True, "named_users": sorted(u.email for u in users)},
    )
    return person


MIN_MERGE_REASON = 10


def _lock(*people: Person) -> dict[int, Person]:
    """Lock the people in id order, so two merges of the same pair cannot deadlock."""
    ids = sorted(p.pk for p in people)
    locked = Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {p.pk: p for p in locked}


def _check_merge(actor: User, survivor: Person, merged: Person, reason: str) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.has_capability("records_contacts")):
        raise ApplicationError("You do not have permission to merge person records.")
    if survivor.pk == merged.pk:
        raise ApplicationError("Select a different record: a person cannot be merged with itself.")
    for person in (survivor, merged):
        if person.merged_into_id is not None:
            raise ApplicationError(
                f"{person} has already been merged into another record. "
                "Merge with the record it was merged into."
            )
        if not restriction_allows(actor, person):
            raise ApplicationError(
                "One of the records is restricted and you are not named on it. "
                "Ask for emergency access before merging."
            )
    if len(reason.strip()) < MIN_MERGE_REASON:
        raise ApplicationError(
            "Enter why these are the same person, in at least 10 characters.", field="reason"
        )


def _move_rows(model: Any, ids: list[int], **changes: Any) -> list[int]:
    if ids:
        model.objects.filter(pk__in=ids).update(**changes)
    return ids


def _move_identifiers(survivor: Person, merged: Person) -> list[int]:
    have = set(survivor.identifiers.values_list("kind", "value"))
    ids = [
        pk
        for pk, kind, value in merged.identifiers.values_list("pk", "kind", "value")
        if (kind, value) not in have
    ]
    return _move_rows(PersonIdentifier, ids, person=survivor)


def _move_relationships(survivor: Person, merged: Person) -> dict[str, list[int]]:
    """Move relationships to the survivor, except one between the two records (it would become a
    relationship with oneself) and one the survivor already has."""
    existing = set(
        Relationship.objects.filter(from_person=survivor).values_list("to_person_id", "kind")
    )
    incoming = set(
        Relationship.objects.filter(to_person=survivor).values_list("from_person_id", "kind")
    )
    # A symmetric relationship reads the same either way round (households.py).
    either = {(pk, kind) for pk, kind in existing | incoming if kind in SYMMETRIC_KINDS}
    existing |= either
    incoming |= either
    from_ids = [
        pk
        for pk, to_id, kind in merged.relationships_from.values_list("pk", "to_person_id", "kind")
        if to_id != survivor.pk and (to_id, kind) not in existing
    ]
    to_ids = [
        pk
        for pk, from_id, kind in merged.relationships_to.values_list("pk", "from_person_id", "kind")
        if from_id != survivor.pk and (from_id, kind) not in incoming
    ]
    _move_rows(Relationship, from_ids, from_person=survivor)
    _move_rows(Relationship, to_ids, to_person=survivor)
    return {"from": from_ids, "to": to_ids}


def _move_households(survivor: Person, merged: Person) -> list[dict[str, Any]]:
    moved = []
    survivor_in = set(survivor.households.values_list("pk", flat=True))
    for household in merged.households.all():
        added = household.pk not in survivor_in
        if added:
            household.members.add(survivor)
        household.members.remove(merged)
        moved.append({"household": household.pk, "survivor_added": added})
    return moved


def _fill_blanks(survivor: Person, merged: Person) -> dict[str, Any]:
    """What the survivor did not know and the merged record did: keep the survivor's old value."""
    filled: dict[str, Any] = {}
    for name in ("date_of_birth", "nhs_number", "upn", "postcode", "school", "gp_practice"):
        if not getattr(survivor, name) and getattr(merged, name):
            filled[name] = getattr(survivor, name)
            setattr(survivor, name, getattr(merged, name))
    if survivor.sex == "U" and merged.sex != "U":
        filled["sex"] = survivor.sex
        survivor.sex = merged.sex
    if not survivor.expected_delivery_date and merged.expected_delivery_date:
        filled["expected_delivery_date"] = None
        survivor.expected_delivery_date = merged.expected_delivery_date
    if survivor.is_unborn and survivor.date_of_birth:  # an unborn record merged with the born
        filled["is_unborn"] = True
        survivor.is_unborn = False
    if filled:
        survivor.save(update_fields=list(filled))
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filled.items()}


_DATES = ("date_of_birth", "expected_delivery_date")


def _merge_restriction(survivor: Person, merged: Person) -> dict[str, Any]:
    was_restricted = survivor.is_restricted
    already = set(survivor.restricted_to.values_list("pk", flat=True))
    added = sorted(set(merged.restricted_to.values_list("pk", flat=True)) - already)
    if merged.is_restricted and not survivor.is_restricted:
        survivor.is_restricted = True
        survivor.save(update_fields=["is_restricted"])
    if added:
        survivor.restricted_to.add(*added)
    return {"survivor_was_restricted": was_restricted, "named_users_added": added}


@transaction.atomic
def person_merge(*, actor: User, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """Merge `merged` into `survivor`: everything known about `merged` moves to `survivor`, and
    exactly what moved is recorded so `person_unmerge` can put it back."""
    _check_merge(actor, survivor, merged, reason)
    locked = _lock(survivor, merged)
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    _check_merge(actor, survivor, merged, reason)  # again, now that nobody else can change them
    label = match_label_for_people(
        person=survivor, other=merged, is_match=True, source=f"merge of record {merged.pk}"
    )
    created_name = None
    names = {(n.given_norm, n.family_norm) for n in survivor.names.all()}
    names.add((survivor.given_norm, survivor.family_norm))
    if (merged.given_norm, merged.family_norm) not in names:
        created_name = PersonName.objects.create(
            person=merged,
            given_name=merged.given_name,
            family_name=merged.family_name,
            kind="variant",
            source=f"merged record {merged.pk}",
            **match_keys(merged.given_name, merged.family_name),
        )
    moved: dict[str, Any] = {
        "identifiers": _move_identifiers(survivor, merged),
        "names": _move_rows(
            PersonName, list(merged.names.values_list("pk", flat=True)), person=survivor
        ),
        "created_name": created_name.pk if created_name else None,
        "addresses": _move_rows(
            Address, list(merged.addresses.values_list("pk", flat=True)), person=survivor
        ),
        "relationships": _move_relationships(survivor, merged),
        "households": _move_households(survivor, merged),
    }
    for name, rows in person_merge_rows.items():  # contacts' subjects, and any other app's
        moved[name] = rows.move(survivor, merged)
    moved["filled"] = _fill_blanks(survivor, merged)
    moved["restriction"] = _merge_restriction(survivor, merged)
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into"])
    merge = PersonMerge.objects.create(
        survivor=survivor, merged=merged, reason=reason.strip(), moved=moved, merged_by=actor
    )
    # The same person: a labelled pair for the next fit, compared as they were before the merge.
    label.merge = merge
    label.save(update_fields=["merge"])
    summary = {"merge": merge.pk, "survivor": survivor.pk, "merged": merged.pk, "reason": reason}
    summary["moved"] = _counts(moved)
    audit_record(actor=actor, verb=PeopleVerb.MERGED, target=survivor, summary=summary)
    audit_record(actor=actor, verb=PeopleVerb.MERGED_INTO, target=merged, summary=summary)
    return merge


def _counts(moved: dict[str, Any]) -> dict[str, int]:
    relationships = moved["relationships"]
    return {
        "identifiers": len(moved["identifiers"]),
        "names": len(moved["names"]),
        "addresses": len(moved["addresses"]),
        "relationships": len(relationships["from"]) + len(relationships["to"]),
        "households": len(moved["households"]),
    } | {name: len(moved.get(name, [])) for name, _ in person_merge_rows.items()}


def _restore_households(survivor: Person, merged: Person, households: list[dict[str, Any]]) -> None:
    for entry in households:
        household = Household.objects.filter(pk=entry["household"]).first()
        if household is None:
            continue
        household.members.add(merged)
        if entry["survivor_added"]:
            household.members.remove(survivor)


def _restore_restriction(survivor: Person, restriction: dict[str, Any]) -> None:
    if restriction["named_users_added"]:
        survivor.restricted_to.remove(*restriction["named_users_added"])
    if not restriction["survivor_was_restricted"] and survivor.is_restricted:
        survivor.is_restricted = False
        survivor.save(update_fields=["is_restricted"])


@transaction.atomic
def person_unmerge(*, actor: User, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge: put back exactly what moved, and make the merged record searchable again."""
    if not (getattr(actor, "is_authenticated", False) and actor.has_capability("records_contacts")):
        raise ApplicationError("You do not have permission to undo a merge.")
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ApplicationError("This merge has already been undone.")
    if len(reason.strip()) < MIN_MERGE_REASON:
        raise ApplicationError(
            "Enter why the merge was wrong, in at least 10 characters.", field="reason"
        )
    locked = _lock(merge.survivor, merge.merged)
    survivor, merged = locked[merge.survivor_id], locked[merge.merged_id]
    if survivor.merged_into_id is not None:
        raise ApplicationError(
            f"{survivor} has since been merged into another record. Undo that merge first."
        )
    for person in (survivor, merged):
        if not restriction_allows(actor, person):
            raise ApplicationError(
                "One of the records is restricted and you are not named on it. "
                "Ask for emergency access before undoing the merge."
            )
    moved = merge.moved
    PersonIdentifier.objects.filter(pk__in=moved["identifiers"]).update(person=merged)
    PersonName.objects.filter(pk__in=moved["names"]).update(person=merged)
    if moved.get("created_name"):
        PersonName.objects.filter(pk=moved["created_name"]).delete()
    Address.objects.filter(pk__in=moved["addresses"]).update(person=merged)
    Relationship.objects.filter(pk__in=moved["relationships"]["from"]).update(from_person=merged)
    Relationship.objects.filter(pk__in=moved["relationships"]["to"]).update(to_person=merged)
    _restore_households(survivor, merged, moved["households"])
    for name, rows in person_merge_rows.items():
        rows.restore(merged, moved.get(name, []))
    filled = moved.get("filled", {})
    for name, old in filled.items():
        setattr(survivor, name, date.fromisoformat(old) if name in _DATES and old else old)
    if filled:
        survivor.save(update_fields=list(filled))
    _restore_restriction(survivor, moved["restriction"])
    merged.merged_into = None
    merged.save(update_fields=["merged_into"])
    # Undone because it was wrong: its label now says they are different people.
    merge.labels.update(is_match=False, source=f"undone merge of record {merged.pk}")
    merge.undone_by, merge.undone_at, merge.undo_reason = actor, timezone.now(), reason.strip()
    merge.save(update_fields=["undone_by", "undone_at", "undo_reason"])
    summary = {"merge": merge.pk, "survivor": survivor.pk, "merged": merged.pk, "reason": reason}
    audit_record(actor=actor, verb=PeopleVerb.UNMERGED, target=survivor, summary=summary)
    audit_record(actor=actor, verb=PeopleVerb.UNMERGED, target=merged, summary=summary)
    return merge
