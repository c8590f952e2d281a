"""Incidents: what happened, who reported it, when it reached the front door, and which
children it names. A household's incidents come as a Poisson number of root incidents over
the window, each followed by further incidents while the family keeps coming back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from random import Random

from openmash.synthetic.context import EventContext
from openmash.synthetic.names import Weighted
from openmash.synthetic.params import (
    CHANNELS,
    CHILD_FACTOR_MIN_AGE,
    CHILD_INCLUDED,
    FOLLOW_UP_MEAN_DAYS,
    FOLLOW_UP_PROBABILITY,
    INCIDENT_RATE,
    INCIDENT_SEVERITY_SD,
    LEAD_FACTORS,
    LEAD_PROFILE,
    POLICE_DUPLICATE,
    POLICE_LAG_DAYS,
    POLICE_SYSTEMS,
    SEVERITY_MEAN,
    TIMING_PROFILE,
    source_group,
)
from openmash.synthetic.population import age_on
from openmash.synthetic.records import Person
from openmash.synthetic.sampling import below, poisson


@dataclass(slots=True)
class Notification:
    received_at: datetime
    system: str  # police system, or "" for other sources
    channel: str


@dataclass(slots=True)
class Incident:
    day: date
    source_code: str
    group: str
    lead: str
    severity: float
    children: list[Person]
    incident_at: datetime | None
    first: Notification
    duplicate: Notification | None


class IncidentMaker:
    def __init__(self, ctx: EventContext) -> None:
        self.ctx = ctx
        self.leads = {k: Weighted.from_mapping(v) for k, v in LEAD_FACTORS.items()}
        self.household_leads = {
            k: Weighted.from_mapping({f: w for f, w in v.items() if f not in CHILD_FACTOR_MIN_AGE})
            for k, v in LEAD_FACTORS.items()
        }
        self.channels = {k: Weighted.from_mapping(v) for k, v in CHANNELS.items()}
        self.police_systems = Weighted.from_mapping(POLICE_SYSTEMS)
        self.police_lag = Weighted.from_mapping(POLICE_LAG_DAYS)

    def household_incidents(
        self, rng: Random, level: int, children: list[Person]
    ) -> list[Incident]:
        years = (self.ctx.end - self.ctx.start).days / 365.25
        incidents: list[Incident] = []
        for _ in range(poisson(rng, INCIDENT_RATE[level] * years)):
            incident = self._incident(rng, level, children, after=None)
            while incident is not None:
                incidents.append(incident)
                if rng.random() >= FOLLOW_UP_PROBABILITY[level]:
                    break
                incident = self._incident(rng, level, children, after=incident.day)
        incidents.sort(key=lambda i: i.first.received_at)
        return incidents

    def _incident(
        self, rng: Random, level: int, children: list[Person], after: date | None
    ) -> Incident | None:
        timing = self.ctx.timing
        code = self.ctx.model.incident_sources.pick(rng)
        group = source_group(code)
        profile = TIMING_PROFILE[group]
        day = (
            timing.day(rng, profile)
            if after is None
            else timing.day_after(rng, profile, after, FOLLOW_UP_MEAN_DAYS)
        )
        if day is None:
            return None
        lead, named = self._lead_and_children(rng, group, children, day)
        if not named:
            return None
        moment = timing.moment(rng, profile, day)
        incident_at: datetime | None = None
        duplicate: Notification | None = None
        if group == "police":
            incident_at = moment
            first, duplicate = self._police_notifications(rng, moment)
        else:
            first = self._notification(rng, profile, moment)
        if first.received_at.date() >= self.ctx.end:
            return None
        if duplicate is not None and duplicate.received_at.date() >= self.ctx.end:
            duplicate = None
        severity = SEVERITY_MEAN[level] + rng.gauss(0.0, INCIDENT_SEVERITY_SD)
        return Incident(day, code, group, lead, severity, named, incident_at, first, duplicate)

    def _notification(self, rng: Random, profile: str, moment: datetime) -> Notification:
        if profile in ("health", "public") and self.ctx.timing.is_out_of_hours(moment):
            return Notification(moment, "", "edt")
        return Notification(moment, "", self.channels[profile].pick(rng))

    def _police_notifications(
        self, rng: Random, moment: datetime
    ) -> tuple[Notification, Notification | None]:
        timing = self.ctx.timing
        system = self.police_systems.pick(rng)
        first = Notification(
            timing.police_batch(moment, system, self.police_lag.pick(rng)),
            system,
            f"police_{system.lower()}",
        )
        if rng.random() >= POLICE_DUPLICATE:
            return first, None
        other = "CARA" if system == "VIST" else "VIST"
        second = Notification(
            timing.police_batch(moment, other, self.police_lag.pick(rng)),
            other,
            f"police_{other.lower()}",
        )
        if second.received_at < first.received_at:
            first, second = second, first
        return first, second

    def _lead_and_children(
        self, rng: Random, group: str, children: list[Person], day: date
    ) -> tuple[str, list[Person]]:
        """The main concern and the children it names (children under 18 on the day)."""
        ages = [(child, age_on(child.date_of_birth, day)) for child in children]
        ages = [(child, age) for child, age in ages if 0 <= age < 18 and child.date_of_birth <= day]
        if not ages:
            return "", []
        profile = LEAD_PROFILE[group]
        lead = self.leads[profile].pick(rng)
        min_age = CHILD_FACTOR_MIN_AGE.get(lead)
        if min_age is not None:
            eligible = [child for child, age in ages if age >= min_age]
            if eligible:
                return lead, [eligible[below(rng, len(eligible))]]
            lead = self.household_leads[profile].pick(rng)  # the concern is about the family
        named = [child for child, _ in ages if rng.random() < CHILD_INCLUDED]
        return lead, named or [ages[below(rng, len(ages))][0]]
