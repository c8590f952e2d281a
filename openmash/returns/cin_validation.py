"""The DfE's CIN census validation rules that matter for the data OpenMASH holds, applied to the
census before it goes: each failure with the rule's words (the DfE rule number beside ours) and
the record where it is fixed. The official check is csc-validator-be-cin (docs/returns.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from openmash.core.calendar import bank_holidays, is_working_day, working_days_between
from openmash.core.identifiers import is_valid_upn
from openmash.returns.cin_census import (
    FACTORS,
    NEED_CODES,
    REFERRAL_SOURCES,
    CinCensus,
    CinChild,
    CinEpisode,
)
from openmash.returns.validation import Rule

NEED = Rule(
    "CIN01",
    "Primary need code missing",
    "DfE 8610: a referral which led to further action needs a primary need code (N1 to N9, "
    "or N0 not stated). Until one is recorded the census sends N1 when there was a section 47 "
    "enquiry or a child protection plan, otherwise N0.",
)
ETHNICITY = Rule(
    "CIN02",
    "Ethnicity missing",
    "DfE 4220: ethnicity must be a valid census code. A missing code is sent as NOBT "
    "(information not yet obtained).",
)
SEX = Rule(
    "CIN03",
    "Sex not recorded",
    "DfE 4180 and 2886Q: sex must be M, F or U, and U is only for an unborn child or where the "
    "sex is not known. Record the child's sex.",
)
BIRTH = Rule(
    "CIN04",
    "Date of birth missing",
    "DfE 8525Q: either the date of birth or, for an unborn child, the expected date of birth "
    "must be given.",
)
UPN = Rule(
    "CIN05",
    "UPN not valid",
    "DfE 1510 to 1550: a UPN is a letter, twelve characters, and a check letter that must "
    "match. The census leaves an invalid UPN out and gives a reason it is unknown instead.",
)
OPEN_ASSESSMENT = Rule(
    "CIN06",
    "Episode closed with an assessment still open",
    "DfE 8867: a CIN episode is shown as closed, however an assessment is not shown as "
    "completed. Authorise the assessment, or reopen the case.",
)
OPEN_S47 = Rule(
    "CIN07",
    "Episode closed with a section 47 enquiry still open",
    "DfE 8868: a CIN episode is shown as closed, however a section 47 enquiry is not shown as "
    "completed by an ICPC date or the ICPC-not-required flag.",
)
NO_FACTORS = Rule(
    "CIN08",
    "Assessment factors not recorded",
    "DfE 8898Q and 8869: a completed assessment needs the factors identified at assessment "
    "(21 for none). Until they are recorded the census sends 21, no factors identified.",
)
LATE_ASSESSMENT = Rule(
    "CIN09",
    "Assessment open more than 45 working days",
    "DfE 8670Q: an assessment has been open for more than 45 working days at the end of the "
    "census year.",
)
LATE_ICPC = Rule(
    "CIN10",
    "Section 47 enquiry open more than 15 working days with no ICPC",
    "DfE 8675Q: a section 47 enquiry started more than 15 working days before the end of the "
    "year and has no initial child protection conference and no 'not required' decision.",
)
WEEKEND = Rule(
    "CIN11",
    "Conference date on a weekend or bank holiday",
    "DfE 8875 and 8870Q: the initial child protection conference and its target date must be "
    "working days.",
)
PLAN_START = Rule(
    "CIN12",
    "Plan start is not the conference date",
    "DfE 2883 and 2885: a child protection plan starts on the date of the initial child "
    "protection conference that decided it.",
)
OVERLAP = Rule(
    "CIN13",
    "Episodes overlap",
    "DfE 8820: a child's CIN episodes must not overlap: a referral falls while an earlier "
    "episode is still open. Link the referral to the open case, or close the earlier case.",
)
SOURCE = Rule(
    "CIN14",
    "Referral source not known",
    "DfE 8866: the referral source must be a valid census code. Until the contact's source is "
    "recorded the census sends 10 (unknown).",
)
BEFORE_REFERRAL = Rule(
    "CIN15",
    "Work starts before the referral",
    "DfE 1103, 2889 and 1105: an assessment, a section 47 enquiry or a child protection plan "
    "cannot start before the episode's referral date.",
)
REVIEW_DATE = Rule(
    "CIN16",
    "Review on or before the plan start",
    "DfE 8841: a child protection plan's review date cannot be on or before the plan's start.",
)
TWO_OPEN_ASSESSMENTS = Rule(
    "CIN17",
    "Two assessments open at once",
    "DfE 8896: within one CIN episode there are two or more open assessments. A referral "
    "while an assessment is open joins that assessment: authorise the earlier one or remove "
    "the duplicate.",
)
TWO_S47S = Rule(
    "CIN18",
    "A section 47 enquiry starts while another is ongoing",
    "DfE 8890: a section 47 enquiry is shown as starting when there is another section 47 "
    "enquiry ongoing. A further strategy discussion during an enquiry belongs to that enquiry.",
)
CIN_RULES = [
    NEED, ETHNICITY, SEX, BIRTH, UPN, OPEN_ASSESSMENT, OPEN_S47, NO_FACTORS, LATE_ASSESSMENT,
    LATE_ICPC, WEEKEND, PLAN_START, OVERLAP, SOURCE, BEFORE_REFERRAL, REVIEW_DATE,
    TWO_OPEN_ASSESSMENTS, TWO_S47S,
]  # fmt: skip


@dataclass(frozen=True)
class CinFailure:
    rule: Rule
    child_id: str
    child_name: str
    detail: str
    fix_url: str
    fix_label: str


def _person_link(child: CinChild) -> tuple[str, str]:
    return reverse("people:detail", args=[child.person.pk]), "Person record"


def _episode_link(episode: CinEpisode) -> tuple[str, str]:
    if episode.case_id is not None:
        return (
            reverse("protection:case", args=[episode.case_id]),
            f"Protection case CP-{episode.case_id:06d}",
        )
    if episode.referral_id is not None and episode.facts.get("contact_id"):
        return reverse("contacts:detail", args=[episode.facts["contact_id"]]), "Contact"
    return "", ""


def _child_failures(child: CinChild) -> list[tuple[Rule, str]]:
    person = child.person
    found: list[tuple[Rule, str]] = []
    if (person.ethnicity or "").strip().upper() != child.ethnicity:
        found.append((ETHNICITY, "Sent as NOBT"))
    if not person.is_unborn and person.sex not in ("M", "F"):
        found.append((SEX, "Sent as U"))
    if person.is_unborn and person.expected_delivery_date is None:
        found.append((BIRTH, "Unborn child with no expected date of birth"))
    if not person.is_unborn and person.date_of_birth is None:
        found.append((BIRTH, "No date of birth"))
    if person.upn and not is_valid_upn(person.upn):
        found.append((UPN, f"UPN {person.upn} left out"))
    return found


def _episode_failures(
    episode: CinEpisode, census: CinCensus, holidays: frozenset[date]
) -> list[tuple[Rule, str]]:
    end = census.period.end
    found: list[tuple[Rule, str]] = []
    when = f"Episode from {episode.referral_date:%d/%m/%Y}"
    if not episode.nfa and episode.facts.get("need_code_held") not in NEED_CODES:
        found.append((NEED, f"{when}: sent as {episode.need_code}"))
    if episode.facts.get("source_held") not in REFERRAL_SOURCES:
        found.append((SOURCE, f"{when}: sent as 10"))
    for a in episode.assessments:
        if episode.closure is not None and a.authorised is None:
            found.append((OPEN_ASSESSMENT, f"Assessment started {a.start:%d/%m/%Y}"))
        if a.authorised is not None and not [f for f in a.raw_factors if f in FACTORS]:
            found.append((NO_FACTORS, f"Assessment authorised {a.authorised:%d/%m/%Y}"))
        if a.authorised is None and working_days_between(a.start, end, holidays) > 45:
            found.append((LATE_ASSESSMENT, f"Assessment started {a.start:%d/%m/%Y}"))
        if a.start < episode.referral_date:
            found.append((BEFORE_REFERRAL, f"Assessment started {a.start:%d/%m/%Y}"))
    for s in episode.s47s:
        done = s.icpc is not None or s.icpc_not_required
        if episode.closure is not None and not done:
            found.append((OPEN_S47, f"Section 47 enquiry started {s.start:%d/%m/%Y}"))
        if not done and working_days_between(s.start, end, holidays) > 15:
            found.append((LATE_ICPC, f"Section 47 enquiry started {s.start:%d/%m/%Y}"))
        for label, day in (("ICPC", s.icpc), ("ICPC target", s.icpc_target)):
            if day is not None and not is_working_day(day, holidays):
                found.append((WEEKEND, f"{label} {day:%d/%m/%Y}"))
        if s.start < episode.referral_date:
            found.append((BEFORE_REFERRAL, f"Section 47 enquiry started {s.start:%d/%m/%Y}"))
    still_open = [a for a in episode.assessments if a.authorised is None]
    for a in still_open[1:]:
        found.append(
            (TWO_OPEN_ASSESSMENTS, f"Assessments started {still_open[0].start:%d/%m/%Y} and "
             f"{a.start:%d/%m/%Y}, both open")
        )  # fmt: skip
    for earlier, later in zip(episode.s47s, episode.s47s[1:], strict=False):
        ends = earlier.icpc
        if ends is None and earlier.icpc_not_required:
            ends = earlier.start
        if ends is None or earlier.start <= later.start <= ends:
            found.append(
                (TWO_S47S, f"Section 47 enquiry started {later.start:%d/%m/%Y} while the one "
                 f"from {earlier.start:%d/%m/%Y} is ongoing")
            )  # fmt: skip
    icpcs = {s.icpc for s in episode.s47s if s.icpc} | (
        {episode.initial_cpc} if episode.initial_cpc else set()
    )
    for p in episode.cp_plans:
        if p.start in census.period and icpcs and p.start not in icpcs:
            found.append((PLAN_START, f"Plan started {p.start:%d/%m/%Y}"))
        if p.start < episode.referral_date:
            found.append((BEFORE_REFERRAL, f"Plan started {p.start:%d/%m/%Y}"))
        for day in p.reviews:
            if day <= p.start:
                found.append((REVIEW_DATE, f"Review {day:%d/%m/%Y}"))
    return found


def cin_failures(census: CinCensus) -> list[CinFailure]:
    """Each rule a child or episode breaks, with the record where it is fixed."""
    holidays = bank_holidays()
    failures = []
    for child in census.children:
        name = (
            "Restricted record"
            if child.person.is_restricted
            else f"{child.person.given_name} {child.person.family_name}"
        )
        url, label = _person_link(child)
        for rule, detail in _child_failures(child):
            failures.append(CinFailure(rule, child.la_child_id, name, detail, url, label))
        previous: CinEpisode | None = None
        for episode in child.episodes:
            if previous is not None and (
                previous.closure is None or previous.closure >= episode.referral_date
            ):
                failures.append(
                    CinFailure(
                        OVERLAP,
                        child.la_child_id,
                        name,
                        f"Referral {episode.referral_date:%d/%m/%Y} while the episode from "
                        f"{previous.referral_date:%d/%m/%Y} is open",
                        url,
                        label,
                    )
                )
            previous = episode
            e_url, e_label = _episode_link(episode)
            for rule, detail in _episode_failures(episode, census, holidays):
                failures.append(
                    CinFailure(
                        rule, child.la_child_id, name, detail, e_url or url, e_label or label
                    )
                )
    order = {rule.code: i for i, rule in enumerate(CIN_RULES)}
    failures.sort(key=lambda f: (order[f.rule.code], f.child_name, f.child_id))
    return failures
