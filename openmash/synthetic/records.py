"""Typed records the generator yields. The CSV writer and the realism report consume them;
a database loader can consume the same stream later."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class Household:
    household_id: str
    district: str
    household_type: str
    address_line: str
    town: str
    postcode: str
    previous_address_line: str
    previous_postcode: str
    moved_in: date | None
    need_level: int  # the hidden level of family need that drives contacts (0-3); truth data


@dataclass(slots=True)
class Person:
    """A true person. Written out as their clean `register` record plus agency records."""

    person_id: str
    household_id: str
    role: str
    given_name: str
    family_name: str
    sex: str
    date_of_birth: date
    ethnicity: str
    culture: str
    nhs_number: str
    upn: str
    school_urn: str
    gp_code: str
    care_needs: bool = False
    prior_cp_plans: int = -1  # drawn when first needed (-1: not yet)


@dataclass(slots=True)
class PersonRecord:
    record_id: str
    true_person_id: str
    household_id: str
    source_system: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    ethnicity: str
    nhs_number: str
    upn: str
    address_line: str
    postcode: str
    is_child: bool
    role: str
    school_urn: str
    gp_code: str
    variants: tuple[str, ...] = ()


@dataclass(slots=True)
class Contact:
    contact_id: str
    incident_id: str
    received_at: datetime
    incident_at: datetime | None
    source_code: str
    channel: str
    record_id: str
    true_person_id: str
    household_id: str
    duplicate_of: str
    concern_category: str
    concern_subject: str
    rag: str
    outcome: str
    is_referral: bool
    referral_nfa: bool
    worker_id: str
    authorised_by: str
    decided_at: datetime | None


@dataclass(slots=True)
class Assessment:
    assessment_id: str
    contact_id: str
    true_person_id: str
    start_date: date
    authorisation_date: date | None
    factors: tuple[str, ...]
    outcome: str  # in_need / not_in_need ("" while open)
    closure_reason: str
    worker_id: str


@dataclass(slots=True)
class Section47:
    s47_id: str
    contact_id: str
    true_person_id: str
    strategy_date: date
    icpc_date: date | None
    icpc_not_required: bool
    cpp_started: bool


@dataclass(slots=True)
class CpPlan:
    plan_id: str
    s47_id: str
    true_person_id: str
    start_date: date
    end_date: date | None
    initial_category: str
    latest_category: str
    previous_plans: int


@dataclass(slots=True)
class EarlyHelpEpisode:
    episode_id: str
    true_person_id: str
    contact_id: str
    assessment_id: str
    route: str
    start_date: date
    end_date: date | None
    outcome: str


@dataclass(slots=True)
class AdultConcern:
    concern_id: str
    received_at: datetime
    record_id: str
    true_person_id: str
    source: str
    concern_category: str
    s42: bool
    other_enquiry: bool
    risk_types: tuple[str, ...]
    location: str
    source_of_risk: str
    concluded_on: date | None
    risk_outcome: str
    risk_result: str
    worker_id: str


@dataclass(slots=True)
class Worker:
    worker_id: str
    team_id: str
    team_name: str
    service: str
    role: str
    given_name: str
    family_name: str
    threshold_bias: float  # truth data: how much higher or lower this worker rates need


@dataclass(slots=True)
class School:
    urn: str
    name: str
    phase: str
    la_code: int
    establishment: int
    district: str
    postcode: str


@dataclass(slots=True)
class GpPractice:
    code: str
    name: str
    district: str
    postcode: str


@dataclass(slots=True)
class CalibrationRating:
    exercise_id: str
    team_id: str
    vignette_id: str
    source_code: str
    worker_id: str
    decision: str


@dataclass(slots=True)
class HouseholdBatch:
    """Everything about one household: its people, their records and their history."""

    household: Household
    people: list[Person]
    records: list[PersonRecord] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    cp_plans: list[CpPlan] = field(default_factory=list)
    early_help: list[EarlyHelpEpisode] = field(default_factory=list)
    adult_concerns: list[AdultConcern] = field(default_factory=list)


@dataclass(slots=True)
class ReferenceBatch:
    """Reference data: workers and teams, a district's schools and GP practices, calibration."""

    workers: list[Worker] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    gp_practices: list[GpPractice] = field(default_factory=list)
    calibration: list[CalibrationRating] = field(default_factory=list)


Batch = HouseholdBatch | ReferenceBatch
