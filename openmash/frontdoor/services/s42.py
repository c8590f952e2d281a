"""The Care Act 2014 s42(1) tests at adult screening: the council has a duty to make (or cause
others to make) enquiries when it has reasonable cause to suspect that an adult
(a) has needs for care and support (whether or not it is meeting them),
(b) is experiencing, or is at risk of, abuse or neglect, and
(c) as a result of those needs is unable to protect themselves against it.

At screening each test is yes, no or not yet known, with a note; a "no" needs the note, because a
"no" is what takes a concern out of the s42 duty. The finding only advises: the decision records
the tests again, as the manager authorises them (services/decisions.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from openmash.core.errors import ApplicationError
from openmash.frontdoor.models import S42Answer

# (field, the question as a worker reads it, the short name used in explanations)
S42_TESTS: tuple[tuple[str, str, str], ...] = (
    (
        "has_care_and_support_needs",
        "Does the adult have needs for care and support (whether or not the council is meeting "
        "them)?",
        "care and support needs",
    ),
    (
        "experiencing_or_at_risk_of_abuse",
        "Is the adult experiencing, or at risk of, abuse or neglect?",
        "abuse or neglect",
    ),
    (
        "unable_to_protect_self",
        "Because of those needs, is the adult unable to protect themselves from the abuse or "
        "neglect, or the risk of it?",
        "unable to protect themselves",
    ),
)
S42_FIELDS = tuple(name for name, _, _ in S42_TESTS)
_SHORT = {name: short for name, _, short in S42_TESTS}
# The note beside each answer, as the page labels it.
S42_NOTE_LABELS = {
    "has_care_and_support_needs": "Note on care and support needs",
    "experiencing_or_at_risk_of_abuse": "Note on abuse or neglect",
    "unable_to_protect_self": "Note on whether they can protect themselves",
}
# What is still to find out, for a test not yet known.
_TO_FIND_OUT = {
    "has_care_and_support_needs": "whether the adult has care and support needs",
    "experiencing_or_at_risk_of_abuse": "whether they are experiencing, or at risk of, abuse "
    "or neglect",
    "unable_to_protect_self": "whether they can protect themselves",
}

Duty = Literal["met", "not_met", "not_yet_known"]


@dataclass(frozen=True)
class S42Test:
    answer: str = S42Answer.NOT_KNOWN
    note: str = ""


@dataclass(frozen=True)
class S42Tests:
    """The three answers; any left out are 'not yet known'."""

    tests: Mapping[str, S42Test] = field(default_factory=dict)

    def get(self, name: str) -> S42Test:
        return self.tests.get(name) or S42Test()

    @classmethod
    def of(cls, **answers: tuple[str, str] | str) -> S42Tests:
        """S42Tests.of(has_care_and_support_needs="yes", unable_to_protect_self=("no", "why"))."""
        tests = {}
        for name, value in answers.items():
            answer, note = (value, "") if isinstance(value, str) else value
            tests[name] = S42Test(answer=answer, note=note)
        return cls(tests)


@dataclass
class S42Finding:
    duty: Duty
    explanation: str
    unmet: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def s42_tests_check(tests: S42Tests) -> S42Tests:
    """Every answer is yes, no or not yet known; a 'no' says why. Returns the tidied answers."""
    unknown_names = set(tests.tests) - set(S42_FIELDS)
    if unknown_names:
        raise ApplicationError(
            f"Unknown section 42 tests: {', '.join(sorted(unknown_names))}", field="s42"
        )
    tidied = {}
    for name in S42_FIELDS:
        test = tests.get(name)
        answer = (test.answer or S42Answer.NOT_KNOWN).strip()
        if answer not in S42Answer.values:
            raise ApplicationError("Select yes, no or not yet known", field=name)
        note = test.note.strip()
        if answer == S42Answer.NO and not note:
            raise ApplicationError(
                f"Enter why the test is not met ({_SHORT[name]})", field=f"{name}_note"
            )
        tidied[name] = S42Test(answer=answer, note=note)
    return S42Tests(tidied)


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _listed(names: list[str]) -> str:
    return _joined([f"“{_SHORT[name]}”" for name in names])


def s42_finding(tests: S42Tests) -> S42Finding:
    """Whether the s42(1) duty appears met: all three yes (met), any no (not met), otherwise
    not yet known."""
    answers = {name: tests.get(name).answer for name in S42_FIELDS}
    unmet = [name for name, answer in answers.items() if answer == S42Answer.NO]
    unknown = [name for name, answer in answers.items() if answer == S42Answer.NOT_KNOWN]
    if unmet:
        return S42Finding(
            duty="not_met",
            unmet=unmet,
            unknown=unknown,
            explanation=(
                f"The section 42 duty does not appear to apply (answered no: {_listed(unmet)}). "
                "Consider an other safeguarding enquiry, a care needs assessment, or advice and "
                "information."
            ),
        )
    if unknown:
        return S42Finding(
            duty="not_yet_known",
            unknown=unknown,
            explanation=(
                "Not yet known whether the section 42 duty applies. Before deciding, find out "
                f"{_joined([_TO_FIND_OUT[name] for name in unknown])}."
            ),
        )
    return S42Finding(
        duty="met",
        explanation=(
            "All three section 42(1) tests are met: the council must make, or cause others to "
            "make, whatever enquiries it thinks necessary (a section 42 enquiry)."
        ),
    )
