"""Finding the right person despite how each agency spelt them.

Two steps, both the same for contact matching and for a worker's search:

1. Blocking: candidates come only from indexed look-ups: identifiers (NHS number, UPN, police and
   council references), the date of birth (and the same date with day and month swapped), and
   phonetic name keys (metaphone of each part of the surname, NYSIIS of the whole surname, the
   nickname root and metaphone of the first given name), on the person and on every other name
   they are known by. No query scans names.
2. Scoring: each candidate gets match weights per field, in the Fellegi-Sunter manner (log2 of
   how much likelier the agreement is for the same person than for two different people), summed
   and turned into a probability between 0 and 1. Every weight that counts carries a reason a
   worker can read ("same NHS number", "surname sounds alike").

The weights are learnt from the council's own records (`learning`, `weights`; ADR 0011), hand-set
until a model is fitted. The automatic-link threshold is the fitted model's, chosen by the
precision it gives on workers' resolutions (MATCH_AUTO_LINK_THRESHOLD until then); offering to the
worker is MATCH_POSSIBLE_THRESHOLD. docs/person-index.md explains the weights and thresholds.

The package: `keys` (normalised and phonetic forms), `details` (what is matched and what comes
back), `blocking` (look-ups, batched), `scoring` (weights and reasons), `decide` (link, offer or
new, one subject or many at once).
"""

from openmash.people.matching.blocking import (
    CANDIDATE_LIMIT,
    candidate_people,
    candidate_people_many,
)
from openmash.people.matching.decide import (
    AUTO_LINK_MARGIN_BITS,
    find_candidates,
    match_subject,
    match_subjects,
)
from openmash.people.matching.details import Candidate, MatchResult, SubjectDetails
from openmash.people.matching.keys import (
    KEY_FIELDS,
    match_keys,
    normalise,
    phonetic,
    phonetic_alt,
)
from openmash.people.matching.scoring import rank_candidates, score_candidate

__all__ = [
    "AUTO_LINK_MARGIN_BITS",
    "CANDIDATE_LIMIT",
    "KEY_FIELDS",
    "Candidate",
    "MatchResult",
    "SubjectDetails",
    "candidate_people",
    "candidate_people_many",
    "find_candidates",
    "match_keys",
    "match_subject",
    "match_subjects",
    "normalise",
    "phonetic",
    "phonetic_alt",
    "rank_candidates",
    "score_candidate",
]
