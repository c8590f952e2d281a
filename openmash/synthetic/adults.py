"""Adults' side: safeguarding concerns, s42 and other enquiries, risk types and locations."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from openmash.synthetic.context import AgencyRecords, EventContext
from openmash.synthetic.names import Weighted
from openmash.synthetic.params import (
    ADULT_CONCERN_RATE,
    ADULT_FOLLOW_UP,
    ADULT_FOLLOW_UP_MEAN_DAYS,
    ADULT_SOURCE_SYSTEM,
    ADULT_SOURCES,
    CARE_NEEDS_RATE_MULTIPLIER,
    HIGH_RISK_MULTIPLIER,
    HIGH_RISK_SHARE,
    OTHER_ENQUIRY,
    RISK_CONCERN_CATEGORY,
    RISK_LOCATIONS,
    RISK_OUTCOMES,
    RISK_RESULTS,
    RISK_TYPES,
    S42_IF_CARE_NEEDS,
    S42_OTHERWISE,
    SECOND_RISK_TYPE,
)
from openmash.synthetic.population import age_on
from openmash.synthetic.records import AdultConcern, HouseholdBatch, Person
from openmash.synthetic.sampling import below, poisson, uniform_int
from openmash.synthetic.workforce import Team, Workforce

ADULT_TIMING = {
    "care_provider": "office",
    "health": "health",
    "la_social_care": "office",
    "police": "public",
    "family_friend": "public",
    "self": "public",
    "other_agency": "office",
    "anonymous": "public",
}
SERVICE_SETTINGS = frozenset(
    {
        "care_home_residential",
        "care_home_nursing",
        "hospital_acute",
        "hospital_mental_health",
        "hospital_community",
        "community_service",
    }
)
SOURCE_OF_RISK = {
    True: {"service_provider": 0.8, "known_to_individual": 0.15, "unknown_to_individual": 0.05},
    False: {"known_to_individual": 0.75, "unknown_to_individual": 0.12, "service_provider": 0.13},
}


def concern_rate(age: int) -> float:
    for limit, rate in ADULT_CONCERN_RATE:
        if age < limit:
            return rate
    return ADULT_CONCERN_RATE[-1][1]


class AdultsSimulator:
    def __init__(self, ctx: EventContext) -> None:
        self.ctx = ctx
        self.sources = Weighted.from_mapping(ADULT_SOURCES)
        self.risk_types = Weighted.from_mapping(RISK_TYPES)
        self.locations = Weighted.from_mapping(RISK_LOCATIONS)
        self.risk_outcomes = Weighted.from_mapping(RISK_OUTCOMES)
        self.risk_results = Weighted.from_mapping(RISK_RESULTS)
        self.source_of_risk = {k: Weighted.from_mapping(v) for k, v in SOURCE_OF_RISK.items()}

    def simulate(
        self, rng: Random, batch: HouseholdBatch, records: AgencyRecords, district: int
    ) -> None:
        years = (self.ctx.end - self.ctx.start).days / 365.25
        team = Workforce.team_for(self.ctx.workforce.adults, district)
        for person in batch.people:
            if person.role == "child":
                continue
            rate = concern_rate(age_on(person.date_of_birth, self.ctx.start))
            if person.care_needs:
                rate *= CARE_NEEDS_RATE_MULTIPLIER
                if rng.random() < HIGH_RISK_SHARE:
                    rate *= HIGH_RISK_MULTIPLIER
            for day in self._concern_days(rng, poisson(rng, rate * years)):
                batch.adult_concerns.append(self._concern(rng, person, day, records, team))

    def _concern_days(self, rng: Random, roots: int) -> list[date]:
        timing = self.ctx.timing
        days: list[date] = []
        for _ in range(roots):
            day: date | None = timing.day(rng, "office")
            while day is not None:
                days.append(day)
                if rng.random() >= ADULT_FOLLOW_UP:
                    break
                day = timing.day_after(rng, "office", day, ADULT_FOLLOW_UP_MEAN_DAYS)
        return sorted(days)

    def _concern(
        self, rng: Random, person: Person, day: date, records: AgencyRecords, team: Team
    ) -> AdultConcern:
        ctx = self.ctx
        source = self.sources.pick(rng)
        received = ctx.timing.moment(rng, ADULT_TIMING[source], day)
        s42 = rng.random() < (S42_IF_CARE_NEEDS if person.care_needs else S42_OTHERWISE)
        other = not s42 and rng.random() < OTHER_ENQUIRY
        risks = [self.risk_types.pick(rng)]
        if rng.random() < SECOND_RISK_TYPE:
            second = self.risk_types.pick(rng)
            if second != risks[0]:
                risks.append(second)
        category = RISK_CONCERN_CATEGORY[risks[0]]
        if category == "financial_abuse" and rng.random() < 0.25:
            category = "scams_fraud"
        location = self.locations.pick(rng)
        source_of_risk = self.source_of_risk[location in SERVICE_SETTINGS].pick(rng)
        concluded, outcome, result = self._conclusion(rng, day, enquiry=s42 or other)
        worker = team.deciders[below(rng, len(team.deciders))]
        return AdultConcern(
            concern_id=ctx.ids.next("J"),
            received_at=received,
            record_id=records.record_id(person, ADULT_SOURCE_SYSTEM[source]),
            true_person_id=person.person_id,
            source=source,
            concern_category=category,
            s42=s42,
            other_enquiry=other,
            risk_types=tuple(risks),
            location=location,
            source_of_risk=source_of_risk,
            concluded_on=concluded,
            risk_outcome=outcome,
            risk_result=result,
            worker_id=worker.worker_id,
        )

    def _conclusion(self, rng: Random, day: date, *, enquiry: bool) -> tuple[date | None, str, str]:
        if not enquiry:
            return None, "", ""
        concluded = day + timedelta(days=uniform_int(rng, 10, 150))
        if concluded >= self.ctx.end:
            return None, "", ""
        outcome = self.risk_outcomes.pick(rng)
        result = self.risk_results.pick(rng) if outcome == "risk_identified" else ""
        return concluded, outcome, result
