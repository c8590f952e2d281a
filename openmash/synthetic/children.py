"""Children's side: contacts, decisions, referrals, assessments, s47, ICPC, CP plans, early help."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from openmash.synthetic.context import AgencyRecords, EventContext
from openmash.synthetic.factors import FactorSampler
from openmash.synthetic.incidents import Incident, IncidentMaker, Notification
from openmash.synthetic.names import Weighted
from openmash.synthetic.params import (
    ASSESSMENT_DURATION_QUANTILES,
    ASSESSMENT_START_DELAY,
    CHILD_SEVERITY_SD,
    CPP_CATEGORIES,
    CPP_LATEST_CHANGES,
    CPP_LENGTH,
    CPP_SHARE_OF_ICPC,
    DECISION_HOURS,
    EARLY_HELP_OUTCOMES,
    EARLY_HELP_TAKEN_UP,
    ICPC_DELAY,
    ICPC_SHARE_OF_S47,
    NOT_IN_NEED_IF_S47,
    NOT_IN_NEED_NO_FACTORS,
    NOT_IN_NEED_OTHERWISE,
    NOT_IN_NEED_TO_EARLY_HELP,
    PRIOR_CP_PLANS,
    RECORD_SYSTEM,
    SECOND_ASSESSMENT,
    STRATEGY_DELAY,
)
from openmash.synthetic.population import age_on
from openmash.synthetic.records import (
    Assessment,
    Contact,
    CpPlan,
    EarlyHelpEpisode,
    HouseholdBatch,
    Person,
    Section47,
    Worker,
)
from openmash.synthetic.sampling import below, from_quantiles, uniform_int
from openmash.synthetic.workforce import Team, Workforce


@dataclass(slots=True)
class ChildHistory:
    """What the simulation remembers about a child while it walks through the household."""

    plan_until: dict[str, date | None] = field(default_factory=dict)  # None: still open
    plans: dict[str, int] = field(default_factory=dict)

    def on_plan(self, person_id: str, day: date) -> bool:
        if person_id not in self.plan_until:
            return False
        until = self.plan_until[person_id]
        return until is None or day < until


@dataclass(slots=True)
class _Run:
    """One household's walk: its random stream, output batch, records and teams."""

    rng: Random
    batch: HouseholdBatch
    records: AgencyRecords
    team: Team
    assessment_team: Team
    history: ChildHistory


class ChildrenSimulator:
    def __init__(self, ctx: EventContext) -> None:
        self.ctx = ctx
        self.incidents = IncidentMaker(ctx)
        self.factors = FactorSampler(ctx.model)
        self.assessment_delay = Weighted.from_mapping(ASSESSMENT_START_DELAY)
        self.strategy_delay = Weighted.from_mapping(STRATEGY_DELAY)
        self.icpc_delay = Weighted.from_mapping(ICPC_DELAY)
        self.categories = Weighted.from_mapping(CPP_CATEGORIES)
        self.cpp_length = Weighted(CPP_LENGTH, [bucket[0] for bucket in CPP_LENGTH])
        self.prior_plans = Weighted.from_mapping(PRIOR_CP_PLANS)
        self.early_help_outcomes = Weighted.from_mapping(EARLY_HELP_OUTCOMES)

    def simulate(
        self, rng: Random, batch: HouseholdBatch, records: AgencyRecords, district: int
    ) -> None:
        children = [p for p in batch.people if p.role == "child"]
        if not children:
            return
        incidents = self.incidents.household_incidents(rng, batch.household.need_level, children)
        if not incidents:
            return
        workforce = self.ctx.workforce
        run = _Run(
            rng,
            batch,
            records,
            Workforce.team_for(workforce.mash, district),
            Workforce.team_for(workforce.assessment, district),
            ChildHistory(),
        )
        deciders = run.team.deciders
        for incident in incidents:
            incident_id = self.ctx.ids.next("I")
            decider = deciders[below(rng, len(deciders))]  # one worker screens the whole family
            for child in incident.children:
                self._contact(run, incident, incident_id, child, decider)

    def _contact(
        self, run: _Run, incident: Incident, incident_id: str, child: Person, decider: Worker
    ) -> None:
        ctx = self.ctx
        model = ctx.model
        rng, team = run.rng, run.team
        need = incident.severity + rng.gauss(0.0, CHILD_SEVERITY_SD)
        cuts = model.cuts_for(incident.group, incident.lead)
        score = model.decision_score(rng, need, decider.threshold_bias)
        outcome = model.contact_outcome(cuts, score)
        rag = model.rag(rng, need)
        low, high = DECISION_HOURS[rag]
        received = incident.first.received_at
        concern, subject = self.factors.concern_of(incident.lead)
        contact = Contact(
            contact_id=ctx.ids.next("C"),
            incident_id=incident_id,
            received_at=received,
            incident_at=incident.incident_at,
            source_code=incident.source_code,
            channel=incident.first.channel,
            record_id=run.records.record_id(child, self._system(incident.group, incident.first)),
            true_person_id=child.person_id,
            household_id=child.household_id,
            duplicate_of="",
            concern_category=concern,
            concern_subject=subject,
            rag=rag,
            outcome=outcome,
            is_referral=outcome == "progress_to_referral",
            referral_nfa=False,
            worker_id=decider.worker_id,
            authorised_by=team.manager.worker_id,
            decided_at=ctx.timing.decided_at(received, low + (high - low) * rng.random()),
        )
        run.batch.contacts.append(contact)
        if incident.duplicate is not None:
            run.batch.contacts.append(self._duplicate(run, contact, child, incident.duplicate))
        if contact.is_referral:
            self._referral(run, contact, child, incident.lead, model.referral_path(cuts, score))
        elif outcome == "early_help" and rng.random() < EARLY_HELP_TAKEN_UP:
            self._early_help(run, child, received.date(), contact.contact_id, "", "contact")

    @staticmethod
    def _system(group: str, notification: Notification) -> str:
        if group == "police":
            return f"police_{notification.system.lower()}"
        return RECORD_SYSTEM[group]

    def _duplicate(
        self, run: _Run, original: Contact, child: Person, notice: Notification
    ) -> Contact:
        """The same incident notified again by the other police system, linked by the MASH."""
        rng, team = run.rng, run.team
        officer = team.support[below(rng, len(team.support))] if team.support else team.manager
        return Contact(
            contact_id=self.ctx.ids.next("C"),
            incident_id=original.incident_id,
            received_at=notice.received_at,
            incident_at=original.incident_at,
            source_code=original.source_code,
            channel=notice.channel,
            record_id=run.records.record_id(child, self._system("police", notice)),
            true_person_id=child.person_id,
            household_id=child.household_id,
            duplicate_of=original.contact_id,
            concern_category=original.concern_category,
            concern_subject=original.concern_subject,
            rag="",
            outcome="duplicate_linked",
            is_referral=False,
            referral_nfa=False,
            worker_id=officer.worker_id,
            authorised_by="",
            decided_at=self.ctx.timing.decided_at(notice.received_at, 0.5 + 3 * rng.random()),
        )

    def _referral(self, run: _Run, contact: Contact, child: Person, lead: str, path: str) -> None:
        if path == "referral_nfa":
            contact.referral_nfa = True
            return
        referral_date = contact.received_at.date()
        age = age_on(child.date_of_birth, referral_date)
        self._assessments(run, contact, child, lead, age, s47=path == "s47")
        if path == "s47":
            self._section47(run, contact, child, referral_date)

    def _assessments(
        self, run: _Run, contact: Contact, child: Person, lead: str, age: int, *, s47: bool
    ) -> None:
        cal, rng = self.ctx.calendar, run.rng
        start = cal.add_working_days(contact.received_at.date(), self.assessment_delay.pick(rng))
        if start >= self.ctx.end:
            return  # the assessment starts after the window
        not_in_need = rng.random() < (NOT_IN_NEED_IF_S47 if s47 else NOT_IN_NEED_OTHERWISE)
        first = self._assessment(run, contact, child, (lead, age), start, not_in_need)
        authorised = first.authorisation_date
        if first.outcome != "in_need" or authorised is None or rng.random() >= SECOND_ASSESSMENT:
            return
        again = cal.next_working_day(authorised + timedelta(days=20 + below(rng, 100)))
        if again < self.ctx.end:
            self._assessment(run, contact, child, (lead, age), again, False)

    def _assessment(
        self,
        run: _Run,
        contact: Contact,
        child: Person,
        lead_and_age: tuple[str, int],
        start: date,
        not_in_need: bool,
    ) -> Assessment:
        ctx, rng = self.ctx, run.rng
        days = round(from_quantiles(rng, ASSESSMENT_DURATION_QUANTILES))
        finished = ctx.calendar.add_working_days(start, days)
        authorised = finished if finished < ctx.end else None  # open when the window closes
        if not_in_need and rng.random() < NOT_IN_NEED_NO_FACTORS:
            factors: tuple[str, ...] = ("21",)
        else:
            factors = self.factors.sample(rng, *lead_and_age)
        outcome, closure = "", ""
        if authorised is not None:
            outcome = "not_in_need" if not_in_need else "in_need"
            if not_in_need:
                closure = "RC9" if rng.random() < NOT_IN_NEED_TO_EARLY_HELP else "RC8"
        deciders = run.assessment_team.deciders
        worker = deciders[below(rng, len(deciders))]
        assessment = Assessment(
            ctx.ids.next("A"),
            contact.contact_id,
            child.person_id,
            start,
            authorised,
            factors,
            outcome,
            closure,
            worker.worker_id,
        )
        run.batch.assessments.append(assessment)
        if closure == "RC9" and authorised is not None:
            self._early_help(
                run, child, authorised, contact.contact_id, assessment.assessment_id, "step_down"
            )
        return assessment

    def _section47(self, run: _Run, contact: Contact, child: Person, referral_date: date) -> None:
        ctx, rng = self.ctx, run.rng
        strategy = ctx.calendar.add_working_days(referral_date, self.strategy_delay.pick(rng))
        if strategy >= ctx.end:
            return
        s47 = Section47(
            ctx.ids.next("S"), contact.contact_id, child.person_id, strategy, None, True, False
        )
        run.batch.section47s.append(s47)
        # A child already on a plan is not conferenced again; the plan continues.
        if run.history.on_plan(child.person_id, strategy) or rng.random() >= ICPC_SHARE_OF_S47:
            return
        icpc = ctx.calendar.add_working_days(strategy, self.icpc_delay.pick(rng))
        s47.icpc_not_required = False
        if icpc >= ctx.end:
            return  # conference still to come when the window closes
        s47.icpc_date = icpc
        if rng.random() < CPP_SHARE_OF_ICPC:
            s47.cpp_started = True
            self._plan(run, s47, child, icpc)

    def _plan(self, run: _Run, s47: Section47, child: Person, start: date) -> None:
        rng, history = run.rng, run.history
        _, shortest, longest = self.cpp_length.pick(rng)
        ends = start + timedelta(days=uniform_int(rng, shortest, longest))
        end = ends if ends < self.ctx.end else None  # still open when the window closes
        if child.prior_cp_plans < 0:
            child.prior_cp_plans = self.prior_plans.pick(rng)
        earlier = history.plans.get(child.person_id, 0)
        history.plans[child.person_id] = earlier + 1
        history.plan_until[child.person_id] = end
        initial = self.categories.pick(rng)
        latest = self.categories.pick(rng) if rng.random() < CPP_LATEST_CHANGES else initial
        run.batch.cp_plans.append(
            CpPlan(
                self.ctx.ids.next("K"),
                s47.s47_id,
                child.person_id,
                start,
                end,
                initial,
                latest,
                child.prior_cp_plans + earlier,
            )
        )

    def _early_help(
        self,
        run: _Run,
        child: Person,
        after: date,
        contact_id: str,
        assessment_id: str,
        route: str,
    ) -> None:
        ctx, rng = self.ctx, run.rng
        start = ctx.calendar.add_working_days(after, uniform_int(rng, 3, 15))
        if start >= ctx.end:
            return
        ends = start + timedelta(days=uniform_int(rng, 60, 270))
        end = ends if ends < ctx.end else None
        outcome = self.early_help_outcomes.pick(rng) if end is not None else ""
        run.batch.early_help.append(
            EarlyHelpEpisode(
                ctx.ids.next("E"),
                child.person_id,
                contact_id,
                assessment_id,
                route,
                start,
                end,
                outcome,
            )
        )
