"""Annex A's headers and codes equal the reference's (../shared/reference/statutory-returns.md
§1), read from its text: the copy of §1 kept beside these tests, checked against the shared
reference itself when the checkout has it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openmash.returns import annex_a

HERE = Path(__file__).parent
COPY = HERE / "data" / "annex_a_reference.md"
SHARED = HERE.parents[2] / "shared" / "reference" / "statutory-returns.md"
TICKED = re.compile(r"`([^`]+)`")


def section() -> str:
    return COPY.read_text(encoding="utf-8")


def line_starting(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_the_copy_is_the_shared_reference_section() -> None:
    if not SHARED.exists():
        pytest.skip("the shared reference is not beside this checkout")
    shared = SHARED.read_text(encoding="utf-8")
    part = shared[shared.index("## 1. Ofsted ILACS Annex A") : shared.index("## 2. ")]
    assert part.strip() == section().strip()


def _split_cell(cell: str) -> list[str]:
    """Split on commas outside back-ticks."""
    parts, current, ticked = [], "", False
    for ch in cell:
        if ch == "`":
            ticked = not ticked
        if ch == "," and not ticked:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return [p for p in parts if p]


def reference_headers() -> dict[int, list[str]]:
    text = section()
    common_line = line_starting(text, "- **Columns common to every list**")
    common_part, rest = common_line.split("Lists 4\u20137 add", 1)
    common = TICKED.findall(common_part)
    disability = TICKED.findall(rest)[0]
    team, worker = TICKED.findall(rest.split("end with", 1)[1])
    words = {"team": team, "worker": worker, "disability": disability}
    headers = {}
    for line in text.splitlines():
        match = re.match(r"\| (\d+) [^|]+\| (.+) \|$", line)
        if not match:
            continue
        columns = []
        for token in _split_cell(match.group(2)):
            ticked = TICKED.findall(token)
            columns.append(ticked[0] if ticked else words[token])
        headers[int(match.group(1))] = common + columns
    return headers


def test_every_list_has_the_reference_headers_exactly() -> None:
    expected = reference_headers()
    assert sorted(expected) == [1, 2, 3, 4, 5, 6, 7]
    for number, headers in expected.items():
        assert annex_a.LIST_HEADERS[number] == headers, number


def test_gender_codes_are_the_reference_codes() -> None:
    line = line_starting(section(), "- **Gender:**")
    assert TICKED.findall(line) == [*annex_a.GENDER.values(), annex_a.GENDER_NEITHER]


def test_ethnicity_codes_are_the_reference_codes() -> None:
    line = line_starting(section(), "- **Ethnicity:**").split("(D2I also uses")[0]
    assert TICKED.findall(line) == list(annex_a.ETHNICITY.values())


def test_source_codes_are_the_reference_codes() -> None:
    line = line_starting(section(), "- **Contact/Referral Source:**")
    ticked = TICKED.findall(line)
    ours = set(annex_a.SOURCE.values())
    written_out = [t for t in ticked if ": " in t]
    assert written_out, line
    for label in written_out:
        assert label in ours, label
    # The ranges the reference abbreviates: g) 3A ... l) 3F, n) 5A / o) 5B / p) 5C.
    assert [annex_a.SOURCE[c][:2] for c in ("3A", "3B", "3C", "3D", "3E", "3F")] == [
        "g)", "h)", "i)", "j)", "k)", "l)",
    ]  # fmt: skip
    assert [annex_a.SOURCE[c][:2] for c in ("5A", "5B", "5C")] == ["n)", "o)", "p)"]
    assert "`p1) 5D: LA services`" in line
    assert annex_a.SOURCE["5D"] == "p1) 5D: LA services"
    assert len(annex_a.SOURCE) == 22  # 1A-10 and 5D: every CIN ReferralSource code


def test_yes_no_codes_are_the_reference_codes() -> None:
    line = line_starting(section(), "- **Yes/No fields**")
    assert TICKED.findall(line)[:2] == [annex_a.YES, annex_a.NO]


def test_dates_are_day_month_year() -> None:
    from datetime import date

    assert "Dates are `dd/mm/yyyy`" in section()
    assert annex_a.annex_date(date(2026, 3, 4)) == "04/03/2026"
    assert annex_a.annex_date(None) == ""


def test_list6_and_list7_codes_are_the_reference_codes() -> None:
    from openmash.returns import annex_a_cp

    need = line_starting(section(), "- **Primary Need Code (L6):**")
    ticked = TICKED.findall(need)
    # Primary need: the first and last written out, N0; closure: RC1 and RC9 written out.
    assert annex_a_cp.PRIMARY_NEED["N1"] == ticked[0] == "N1 - Abuse or neglect"
    assert annex_a_cp.PRIMARY_NEED["N9"] == ticked[1]
    assert annex_a_cp.PRIMARY_NEED["N0"] == ticked[2]
    assert annex_a_cp.REASON_FOR_CLOSURE["RC1"] == ticked[3]
    assert annex_a_cp.REASON_FOR_CLOSURE["RC9"] == ticked[4]
    assert ticked[5:] == list(annex_a_cp.CASE_STATUS.values())
    category = line_starting(section(), "- **Category of abuse (L7):**")
    assert TICKED.findall(category) == list(annex_a_cp.CATEGORY.values())


def test_the_list5_and_list7_yes_no_and_epo_columns() -> None:
    line = line_starting(section(), "- **Yes/No fields**")
    assert "The EPO/police-powers column is Y/N" in line
    assert (annex_a.YES, annex_a.NO) == ("a) Yes", "b) No")
