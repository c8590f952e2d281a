"""Writes the record stream as CSV files, row by row (nothing is held back in memory).

Files and columns are documented in docs/synthetic-data.md. UTF-8, "\\n" line endings,
ISO 8601 dates, timestamps with their Europe/London offset, booleans as true/false,
lists joined with ";" and missing values as empty fields.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from openmash.synthetic.dates import iso_datetime
from openmash.synthetic.records import (
    AdultConcern,
    Assessment,
    Batch,
    CalibrationRating,
    Contact,
    CpPlan,
    EarlyHelpEpisode,
    GpPractice,
    Household,
    HouseholdBatch,
    PersonRecord,
    School,
    Section47,
    Worker,
)


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _t(value: datetime | None) -> str:
    return iso_datetime(value) if value else ""


def _b(value: bool) -> str:
    return "true" if value else "false"


def _household(h: Household) -> list[Any]:
    return [
        h.household_id,
        h.household_type,
        h.address_line,
        h.town,
        h.postcode,
        h.district,
        h.previous_address_line,
        h.previous_postcode,
        _d(h.moved_in),
        h.need_level,
    ]


def _person(r: PersonRecord) -> list[Any]:
    return [
        r.record_id,
        r.true_person_id,
        r.given_name,
        r.family_name,
        _d(r.date_of_birth),
        r.sex,
        r.ethnicity,
        r.nhs_number,
        r.postcode,
        _b(r.is_child),
        r.household_id,
        r.source_system,
        r.upn,
        r.address_line,
        r.role,
        r.school_urn,
        r.gp_code,
        ";".join(r.variants),
    ]


def _contact(c: Contact) -> list[Any]:
    return [
        c.contact_id,
        _t(c.received_at),
        c.source_code,
        c.channel,
        c.record_id,
        c.duplicate_of,
        c.rag,
        c.outcome,
        _b(c.is_referral),
        _b(c.referral_nfa),
        c.true_person_id,
        c.household_id,
        c.incident_id,
        _t(c.incident_at),
        c.concern_category,
        c.concern_subject,
        c.worker_id,
        c.authorised_by,
        _t(c.decided_at),
    ]


def _assessment(a: Assessment) -> list[Any]:
    return [
        a.assessment_id,
        a.contact_id,
        a.true_person_id,
        _d(a.start_date),
        _d(a.authorisation_date),
        ";".join(a.factors),
        a.outcome,
        a.closure_reason,
        a.worker_id,
    ]


def _section47(s: Section47) -> list[Any]:
    return [
        s.s47_id,
        s.contact_id,
        s.true_person_id,
        _d(s.strategy_date),
        _d(s.icpc_date),
        _b(s.icpc_not_required),
        _b(s.cpp_started),
    ]


def _plan(p: CpPlan) -> list[Any]:
    return [
        p.plan_id,
        p.true_person_id,
        _d(p.start_date),
        _d(p.end_date),
        p.initial_category,
        p.latest_category,
        p.previous_plans,
        p.s47_id,
    ]


def _early_help(e: EarlyHelpEpisode) -> list[Any]:
    return [
        e.episode_id,
        e.true_person_id,
        e.route,
        e.contact_id,
        e.assessment_id,
        _d(e.start_date),
        _d(e.end_date),
        e.outcome,
    ]


def _adult(a: AdultConcern) -> list[Any]:
    return [
        a.concern_id,
        _t(a.received_at),
        a.true_person_id,
        _b(a.s42),
        ";".join(a.risk_types),
        a.location,
        a.record_id,
        a.source,
        a.concern_category,
        _b(a.other_enquiry),
        a.source_of_risk,
        _d(a.concluded_on),
        a.risk_outcome,
        a.risk_result,
        a.worker_id,
    ]


def _worker(w: Worker) -> list[Any]:
    return [
        w.worker_id,
        w.team_id,
        w.team_name,
        w.service,
        w.role,
        w.given_name,
        w.family_name,
        w.threshold_bias,
    ]


def _school(s: School) -> list[Any]:
    return [s.urn, s.name, s.phase, s.la_code, s.establishment, s.district, s.postcode]


def _practice(g: GpPractice) -> list[Any]:
    return [g.code, g.name, g.district, g.postcode]


def _rating(r: CalibrationRating) -> list[Any]:
    return [r.exercise_id, r.team_id, r.vignette_id, r.source_code, r.worker_id, r.decision]


# fmt: off
FILES: dict[str, tuple[str, ...]] = {
    "households": ("household_id", "household_type", "address_line", "town", "postcode",
                   "district", "previous_address_line", "previous_postcode", "moved_in",
                   "need_level"),
    "persons": ("record_id", "true_person_id", "given_name", "family_name", "date_of_birth", "sex",
                "ethnicity", "nhs_number", "postcode", "is_child", "household_id",
                "source_system", "upn", "address_line", "role", "school_urn", "gp_code",
                "variants"),
    "contacts": ("contact_id", "received_at", "source_code", "channel", "record_id",
                 "duplicate_of", "rag", "outcome", "is_referral", "referral_nfa",
                 "true_person_id", "household_id", "incident_id", "incident_at",
                 "concern_category", "concern_subject", "worker_id", "authorised_by",
                 "decided_at"),
    "assessments": ("assessment_id", "contact_id", "true_person_id", "start_date",
                    "authorisation_date", "factors", "outcome", "closure_reason", "worker_id"),
    "section47": ("s47_id", "contact_id", "true_person_id", "strategy_date", "icpc_date",
                  "icpc_not_required", "cpp_started"),
    "cp_plans": ("plan_id", "true_person_id", "start_date", "end_date", "initial_category",
                 "latest_category", "previous_plans", "s47_id"),
    "early_help": ("episode_id", "true_person_id", "route", "contact_id", "assessment_id",
                   "start_date", "end_date", "outcome"),
    "adult_concerns": ("concern_id", "received_at", "true_person_id", "s42", "risk_types",
                       "location", "record_id", "source", "concern_category", "other_enquiry",
                       "source_of_risk", "concluded_on", "risk_outcome", "risk_result",
                       "worker_id"),
    "workers": ("worker_id", "team_id", "team_name", "service", "role", "given_name",
                "family_name", "threshold_bias"),
    "schools": ("urn", "name", "phase", "la_code", "establishment", "district", "postcode"),
    "gp_practices": ("code", "name", "district", "postcode"),
    "calibration": ("exercise_id", "team_id", "vignette_id", "source_code", "worker_id",
                    "decision"),
}
# fmt: on


class CsvWriter:
    """A consumer of the batch stream; use as a context manager."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._handles: dict[str, TextIO] = {}
        self._writers: dict[str, Any] = {}

    def __enter__(self) -> CsvWriter:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for name, header in FILES.items():
            handle = (self.out_dir / f"{name}.csv").open("w", encoding="utf-8", newline="")
            self._handles[name] = handle
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            self._writers[name] = writer
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for handle in self._handles.values():
            handle.close()

    def _write(self, name: str, rows: Iterable[Any], convert: Callable[[Any], list[Any]]) -> None:
        self._writers[name].writerows([convert(row) for row in rows])

    def consume(self, batch: Batch) -> None:
        if isinstance(batch, HouseholdBatch):
            self._write("households", (batch.household,), _household)
            self._write("persons", batch.records, _person)
            self._write("contacts", batch.contacts, _contact)
            self._write("assessments", batch.assessments, _assessment)
            self._write("section47", batch.section47s, _section47)
            self._write("cp_plans", batch.cp_plans, _plan)
            self._write("early_help", batch.early_help, _early_help)
            self._write("adult_concerns", batch.adult_concerns, _adult)
            return
        self._write("workers", batch.workers, _worker)
        self._write("schools", batch.schools, _school)
        self._write("gp_practices", batch.gp_practices, _practice)
        self._write("calibration", batch.calibration, _rating)
