"""Households and relationships in the person index: what the family a contact names tells us.

A relationship is stored as `from_person` `kind` `to_person` ("Sara is parent of Ayaan"). Parent,
carer and alleged perpetrator have a direction; sibling, partner, household member and other read
the same from both ends (`SYMMETRIC_KINDS`): they are stored once, in whichever direction they
were first recorded, and looked for in both, so naming the same family again adds nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.core.identifiers import normalise_postcode
from openmash.people.models import (
    SYMMETRIC_KINDS,
    Household,
    Person,
    Relationship,
    RelationshipKind,
)
from openmash.people.verbs import PeopleVerb

if TYPE_CHECKING:
    from openmash.accounts.models import User


# What referrers write in "relationship to the child or adult", read as a kind of relationship.
# `True`: the named person is `kind` of the child or adult ("Father" is parent of the child);
# `False`: the other way round ("Son": the adult the concern is about is parent of him).
_WORDS: tuple[tuple[str, RelationshipKind, bool], ...] = (
    (
        r"((foster|kinship|family) )?(carer|guardian)|special guardian",
        RelationshipKind.CARER,
        True,
    ),
    (
        r"(step|birth|biological|adoptive)?\s*-?\s*"
        r"(father|mother|dad|daddy|mum|mummy|mom|parent)",
        RelationshipKind.PARENT,
        True,
    ),
    (
        r"(step|half|twin)?\s*-?\s*(brother|sister|sibling)",
        RelationshipKind.SIBLING,
        True,
    ),
    (
        r"(partner|boyfriend|girlfriend|husband|wife|spouse|fianc[eé]e?|ex-?partner)",
        RelationshipKind.PARTNER,
        True,
    ),
    (r"(step|unborn)?\s*-?\s*(son|daughter|child|baby)", RelationshipKind.PARENT, False),
)
_MATCHERS = [(re.compile(rf"^(?:{pattern})$"), kind, forward) for pattern, kind, forward in _WORDS]


def relationship_from_text(text: str) -> tuple[RelationshipKind, bool] | None:
    """The kind a referrer's words name, and whether the named person is the `from` end; None
    for anything else ("Grandmother", "Lodger"), which the caller records as it sees fit."""
    words = re.sub(r"\(.*?\)", " ", text.lower())  # "Father (not at home)": the word is enough
    if re.search(r"\w's\b|s'", words):
        return None  # "Mother's partner" is not the child's partner
    words = re.sub(r"[^a-zé -]", " ", words)
    words = re.sub(r"\b(the|her|his|their)\b", " ", words)
    words = " ".join(words.split())
    for pattern, kind, forward in _MATCHERS:
        if pattern.match(words):
            return kind, forward
    return None


def _existing(from_person: Person, to_person: Person, kind: str) -> Relationship | None:
    pairs = Q(from_person=from_person, to_person=to_person)
    if kind in SYMMETRIC_KINDS:
        pairs |= Q(from_person=to_person, to_person=from_person)
    return Relationship.objects.filter(pairs, kind=kind).order_by("pk").first()


@transaction.atomic
def relationship_add(
    *,
    actor: User | None,
    from_person: Person,
    to_person: Person,
    kind: str,
    source: str = "",
    source_contact_id: int | None = None,
) -> Relationship:
    """Record that `from_person` is `kind` `to_person`, unless already recorded (in either
    direction for a symmetric kind); audited when added."""
    if from_person.pk == to_person.pk:
        raise ApplicationError("A person cannot have a relationship with themselves.")
    if kind not in RelationshipKind.values:
        raise ApplicationError(f"Unknown relationship {kind!r}.")
    existing = _existing(from_person, to_person, kind)
    if existing is not None:
        return existing
    relationship, created = Relationship.objects.get_or_create(
        from_person=from_person,
        to_person=to_person,
        kind=kind,
        defaults={
            "source": source,
            "source_contact_id": source_contact_id,
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if created:
        audit_record(
            actor=actor,
            verb=PeopleVerb.RELATIONSHIP_ADDED,
            target=from_person,
            summary={"to": to_person.pk, "kind": kind, "source": source},
        )
    return relationship


@transaction.atomic
def household_record(
    *,
    actor: User | None,
    members: list[Person],
    address_line1: str = "",
    postcode: str = "",
    source: str = "",
) -> Household | None:
    """Put the people in one household at the address: the household at that postcode one of
    them is already in, or a new one. Each person added is audited on their record. None when
    fewer than two people are given (one person is not a household)."""
    people = list({p.pk: p for p in members}.values())
    if len(people) < 2:
        return None
    postcode = normalise_postcode(postcode) if postcode else ""
    household = (
        Household.objects.filter(members__in=people, postcode=postcode).order_by("pk").first()
    )
    if household is None:
        household = Household.objects.create(address_line1=address_line1, postcode=postcode)
    already = set(household.members.values_list("pk", flat=True))
    for person in people:
        if person.pk in already:
            continue
        household.members.add(person)
        audit_record(
            actor=actor,
            verb=PeopleVerb.HOUSEHOLD_JOINED,
            target=person,
            summary={"household": household.pk, "source": source},
        )
    return household
