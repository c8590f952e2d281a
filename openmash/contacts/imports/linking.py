"""Matching and linking the subjects of an import's chunks as `contact_create` would, one after
another, with one match of the whole chunk against the index.

Recording one by one lets each subject see the people created or learnt from by the subjects
before it: the same new child in a ViST and a CARA notification of one incident becomes one
person, found again the second time. A match of the whole chunk, read before any of those writes,
cannot see them; so each subject's match is corrected, in file order, for the people written
since it was read (people/matching/overlay.py: they are looked up and scored as they now are),
which gives what matching the subject at that point would. Only when blocking may have reached
its limit is a subject matched again, against the database with the writes before it flushed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from openmash.contacts.models import MatchStatus
from openmash.contacts.services import SubjectInput
from openmash.people.bulk import PersonChanges
from openmash.people.matching.decide import OFFERED, OpenMatch, decide, match_open
from openmash.people.matching.details import Candidate
from openmash.people.models import Person

if TYPE_CHECKING:
    from openmash.accounts.models import User


@dataclass
class SubjectLink:
    """What linking decides for one subject."""

    person: Person | None
    status: str
    score: float | None = None
    candidates: list[dict[str, object]] = field(default_factory=list)
    created: bool = False
    learnt: dict[str, Any] | None = None  # the audit summary of what was learnt about them


class SubjectLinker:
    """Links the subjects of an import, a chunk at a time; `changes` holds the people written.

    Each chunk is an epoch: its writes are dated by it, and a match read after the chunks up to
    some epoch were committed is corrected for the writes of the later ones.
    """

    def __init__(self, *, actor: User | None) -> None:
        self.changes = PersonChanges(actor=actor)
        self.epoch = 0
        self.matched_again = 0  # subjects matched again against the database (blocking's limit)

    def link(
        self,
        subjects: Sequence[tuple[SubjectInput, str]],
        found: Sequence[OpenMatch] | None = None,
        since: int | None = None,
    ) -> list[SubjectLink]:
        """(subject, source) pairs in file order -> their links, people written and flushed.

        `found`: their matches, read when the chunks up to epoch `since` were committed (and no
        later one); matched here, against the index as it is, when not given.
        """
        self.epoch += 1
        changes = self.changes
        changes.epoch = self.epoch
        details = [subject.details for subject, _ in subjects]
        if found is None or since is None:
            since = self.epoch - 1
            changes.forget(since)
            found = match_open(details)
        else:
            changes.forget(since)
        # The people the matches would link, read together (most are linked as read).
        changes.load(f.candidates[0].person_id for f in found if decide(f.candidates) == "linked")
        minimum = settings.MATCH_POSSIBLE_THRESHOLD
        links = []
        for (subject, source), one, match in zip(subjects, details, found, strict=True):
            candidates = changes.overlay.correct(one, match, since, minimum=minimum)
            if candidates is None:
                changes.flush()
                candidates = match_open([one])[0].candidates
                self.matched_again += 1
            links.append(self._apply(subject, source, candidates[:OFFERED]))
        changes.flush()
        return links

    def _apply(
        self, subject: SubjectInput, source: str, candidates: list[Candidate]
    ) -> SubjectLink:
        changes, details = self.changes, subject.details
        decision = decide(candidates)
        offered = [c.as_dict() for c in candidates]
        if decision == "linked":
            pk = candidates[0].person_id
            changes.load([pk])
            learnt = changes.learn(
                person_id=pk, details=details, address_line1=subject.address_line1, source=source
            )
            return SubjectLink(
                changes.current(pk), MatchStatus.LINKED, candidates[0].score, offered, learnt=learnt
            )
        if decision == "possible":
            return SubjectLink(None, MatchStatus.POSSIBLE, candidates[0].score, offered)
        person = changes.create(details=details, source=source, address_line1=subject.address_line1)
        return SubjectLink(person, MatchStatus.NEW, None, offered, created=True)

    def reset(self) -> None:
        """Forget everything: the chunk being linked was rolled back."""
        self.changes.reset()
