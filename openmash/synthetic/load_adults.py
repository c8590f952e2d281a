"""`--into-db`: the generated adults' s42 and other enquiries as `adults` enquiries.

Called by the loader's flush beside Family Help (one line there). Every generated concern that
became an s42 or other enquiry gets a `SafeguardingEnquiry` about its adult: the generator's
types, location and source of risk, and, for a concluded one, its risk outcome and result, all
already drawn in national proportions (synthetic/params.py, [SAC25],[SAC22]). What the generator
does not draw is drawn here, per enquiry from its concern id (deterministic), at these rates
(docs/adults.md, "Synthetic data"; approximate shares of the Safeguarding Adults Collection's
Making Safeguarding Personal tables, to be checked against the latest return):

- asked about outcomes: asked and expressed 67%, asked, none expressed 14%, not asked 12%, don't
  know 7%; each expressed outcome (one to three) fully achieved 68%, partly 27%, not 5%;
- action taken: 93% of risk identified, 70% of inconclusive, 20% of no risk, 30% of ceased;
- an inconclusive assessment's result drawn like a risk identified's;
- lacks capacity 25%, of whom 80% have an advocate, IMCA, family member or friend offered.

Open enquiries (not concluded by the generator's end) are loaded open, with their target dates.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from openmash.adults.models import DesiredOutcome, SafeguardingEnquiry
from openmash.adults.services import setting_current, target_date_for
from openmash.core.calendar import LONDON

TYPES = {
    "neglect_omission": "neglect",
    "financial_material": "financial",
    "domestic_abuse": "domestic",
}
SOURCES = {"known_to_individual": "known", "unknown_to_individual": "unknown"}
OUTCOMES = {"risk_identified": "identified", "ceased_at_request": "ceased"}
RESULTS = {"risk_removed": 0.18, "risk_reduced": 0.715, "risk_remains": 0.105}
MSP = {"expressed": 0.67, "none_expressed": 0.14, "not_asked": 0.12, "dont_know": 0.07}
ACHIEVED = {"fully": 0.68, "partly": 0.27, "not": 0.05}
ACTION_TAKEN = {"identified": 0.93, "inconclusive": 0.70, "no_risk": 0.20, "ceased": 0.30}
LACKS_CAPACITY = 0.25
SUPPORTED = 0.80
WORDS = (
    "I want to feel safe in my own home",
    "I want the money back and my bank card kept safe",
    "I want to stay where I live",
    "I want to see my grandchildren",
    "I don't want to go to court, I just want it to stop",
    "I want the carers to treat me with respect",
    "I want my son to get help, not to be punished",
)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load_adult_enquiries(batches: Iterable[Any], person_pk: dict[str, int]) -> int:
    """Enquiries for this flush's generated s42 and other enquiries; returns how many."""
    setting = setting_current()
    enquiries: list[SafeguardingEnquiry] = []
    wanted: list[tuple[int, list[tuple[str, str]]]] = []
    for batch in batches:
        for row in batch.adult_concerns:
            if not (row.s42 or row.other_enquiry) or row.true_person_id not in person_pk:
                continue
            rng = random.Random(f"adults-{row.concern_id}")
            started = row.received_at.astimezone(LONDON).date()
            concluded = row.concluded_on is not None
            outcome = OUTCOMES.get(row.risk_outcome, row.risk_outcome) if concluded else ""
            result = row.risk_result.removeprefix("risk_") if row.risk_result else ""
            if outcome == "inconclusive":
                result = _pick(rng, RESULTS).removeprefix("risk_")
            msp = _pick(rng, MSP)
            lacks = rng.random() < LACKS_CAPACITY
            supported = lacks and rng.random() < SUPPORTED
            enquiry = SafeguardingEnquiry(
                reference=f"SE-{row.concern_id}"[:20],
                person_id=person_pk[row.true_person_id],
                enquiry_type="s42" if row.s42 else "other",
                has_care_and_support_needs=True,
                experiencing_or_at_risk_of_abuse=True,
                unable_to_protect_self=bool(row.s42),
                status="concluded" if concluded else "open",
                started_on=started,
                target_date=target_date_for(started, setting=setting),
                msp_asked=msp,
                msp_not_asked_reason="Too unwell to be asked at the time"
                if msp == "not_asked"
                else "",
                capacity="lacks" if lacks else "has",
                support_kind="imca" if supported else ("none" if lacks else ""),
                support_offered=supported if lacks else None,
                support_involved=supported if lacks else None,
                risk_types=[TYPES.get(t, t) for t in row.risk_types],
                risk_sources=[SOURCES.get(row.source_of_risk, row.source_of_risk)],
                risk_location=row.location,
                risk_outcome=outcome,
                action_taken=(rng.random() < ACTION_TAKEN[outcome]) if outcome else None,
                risk_result=result if outcome in ("identified", "inconclusive") else "",
                concluded_at=datetime.combine(row.concluded_on, time(16, 0), LONDON)
                if row.concluded_on
                else None,
                conclusion="Synthetic enquiry concluded." if concluded else "",
            )
            enquiries.append(enquiry)
            outcomes = []
            if msp == "expressed":
                for words in rng.sample(WORDS, k=rng.randint(1, 3)):
                    outcomes.append((words, _pick(rng, ACHIEVED) if concluded else ""))
            wanted.append((len(enquiries) - 1, outcomes))
    created = SafeguardingEnquiry.objects.bulk_create(enquiries)
    DesiredOutcome.objects.bulk_create(
        DesiredOutcome(enquiry_id=created[i].pk, words=words, achieved=achieved)
        for i, outcomes in wanted
        for words, achieved in outcomes
    )
    return len(created)
