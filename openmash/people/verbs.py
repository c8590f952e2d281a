"""Audit verbs of the person index, with the plain words the audit pages show."""

from __future__ import annotations

from openmash.core.audit import Verb


class PeopleVerb(Verb):
    CREATED = "person.created"
    DETAILS_LEARNT = "person.details_learnt"
    RELATIONSHIP_ADDED = "person.relationship_added"
    HOUSEHOLD_JOINED = "person.household_joined"
    BORN = "person.born"
    MERGED = "person.merged"
    MERGED_INTO = "person.merged_into"
    UNMERGED = "person.unmerged"
    MATCH_MODEL_FITTED = "person.match_model_fitted"
    DUPLICATES_FOUND = "person.duplicates_found"
    DUPLICATE_REJECTED = "person.duplicate_rejected"


PEOPLE_VERB_LABELS = {
    PeopleVerb.CREATED: "Person added to the index",
    PeopleVerb.DETAILS_LEARNT: "Learnt details from a contact",
    PeopleVerb.RELATIONSHIP_ADDED: "Added a relationship",
    PeopleVerb.HOUSEHOLD_JOINED: "Added to a household",
    PeopleVerb.BORN: "Recorded as born (was unborn)",
    PeopleVerb.MERGED: "Merged another record into this one",
    PeopleVerb.MERGED_INTO: "Merged into another record",
    PeopleVerb.UNMERGED: "Merge undone",
    PeopleVerb.MATCH_MODEL_FITTED: "Match model fitted to the person index",
    PeopleVerb.DUPLICATES_FOUND: "Possible duplicate records looked for",
    PeopleVerb.DUPLICATE_REJECTED: "Said not to be the same person as another record",
}
