"""The Safeguarding Adults Collection on a small hand-built year: every count equals the one
worked out by hand below, the year's edges, and the command's workbook."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from openmash.adults.models import DesiredOutcome
from openmash.contacts.models import ContactSubject, MatchStatus, SubjectRole
from openmash.core.models import AuditEvent
from openmash.returns.sac import Sac, age_band, ethnic_group, sac_build, sac_period
from openmash.returns.xlsx import read_workbook
from tests.returns.cp_helpers import adult_enquiry
from tests.returns.helpers import contact, person

S42, OTHER = "Section 42 enquiries", "Other enquiries"


def cell(sac: Sac, table_id: str, label: str, column: str) -> object:
    table = sac.table(table_id)
    row = next(r for r in table.rows if r[0] == label)
    return row[table.headers.index(column)]


def adult_concern(world, received, adult=None, *, hour=10, **extra):
    made = contact(world, received, hour=hour, **extra)
    made.contact_subjects.all().delete()
    ContactSubject.objects.create(
        contact=made, person=adult, role=SubjectRole.SUBJECT, is_child=False,
        given_name=adult.given_name if adult else "Unknown", family_name="Adult",
        match_status=MatchStatus.LINKED if adult else MatchStatus.NEW,
    )  # fmt: skip
    return made


def test_the_year_and_its_bands() -> None:
    period = sac_period("2025-26")
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))
    for bad in ("2025-27", "2025", "25-26", "2025/26"):
        with pytest.raises(ValueError, match="period must"):
            sac_period(bad)
    assert [age_band(a) for a in (18, 64, 65, 74, 75, 94, 95, None, 17)] == [
        "18-64", "18-64", "65-74", "65-74", "75-84", "85-94", "95+", "Age unknown",
        "Age unknown",
    ]  # fmt: skip
    assert [ethnic_group(c) for c in ("WBRI", "MWBA", "CHNE", "BAFR", "OOTH", "REFU", "")] == [
        "White", "Mixed / Multiple", "Asian / Asian British",
        "Black / African / Caribbean / Black British", "Other ethnic group", "Refused",
        "Undeclared / Not known",
    ]  # fmt: skip


@pytest.fixture
def year(world):
    a = person("Ann", "Adult", born=date(1950, 6, 1), sex="F", ethnicity="WBRI")
    b = person("Ben", "Adult", born=date(1990, 1, 1), sex="M", ethnicity="BAFR")
    c = person("Cal", "Adult", born=None, sex="U", ethnicity="")
    d = person("Dee", "Adult", born=date(1960, 1, 1), sex="F", ethnicity="WBRI")
    first = adult_enquiry(
        a, date(2025, 5, 1), concluded=date(2025, 7, 1),
        risk_types=["physical", "financial"], risk_sources=["service_provider", "known"],
        risk_location="care_home_residential", risk_outcome="identified", action_taken=True,
        risk_result="reduced", msp_asked="expressed", capacity="lacks", support_kind="imca",
        support_offered=True, support_involved=True,
    )  # fmt: skip
    DesiredOutcome.objects.create(enquiry=first, words="Feel safe", achieved="fully")
    DesiredOutcome.objects.create(enquiry=first, words="Keep my money", achieved="partly")
    adult_enquiry(a, date(2025, 9, 1))  # open; Ann is 75 by then
    adult_enquiry(
        b, date(2025, 4, 1), kind="other", concluded=date(2026, 3, 31),
        risk_types=["self_neglect"], risk_location="own_home", risk_outcome="no_risk",
        action_taken=False, msp_asked="not_asked", capacity="has",
    )  # fmt: skip
    adult_enquiry(c, date(2025, 3, 31), concluded=date(2025, 4, 2))  # started before the year
    adult_enquiry(d, date(2026, 4, 1))  # after the year
    adult_enquiry(d, date(2025, 3, 1), concluded=date(2025, 3, 31))  # concluded before it
    adult_concern(world, date(2025, 6, 1), a)
    adult_concern(world, date(2026, 3, 31), hour=23)  # the last evening: in, not yet linked
    adult_concern(world, date(2026, 4, 1), a, hour=0)  # the next year: out
    adult_concern(world, date(2025, 6, 2), a, is_consultation=True)  # advice: out
    contact(world, date(2025, 6, 3), person("Kid"))  # a child: not a SAC concern
    return sac_build(sac_period("2025-26"))


def test_sg1_individuals_once_and_cases_per_enquiry(year: Sac) -> None:
    # SG1a: Ann (75 on the concern's day) and the unlinked adult (nothing known).
    assert cell(year, "SG1a", "75-84", "Female") == 1
    assert cell(year, "SG1a", "Age unknown", "Sex unknown") == 1
    assert cell(year, "SG1a", "White", "Total") == 1
    assert cell(year, "SG1a", "Undeclared / Not known", "Total") == 1
    assert year.table("SG1a").total("Total") == 4  # two people, counted by age and ethnicity
    # SG1b: Ann once, 74 at her first enquiry of the year.
    assert cell(year, "SG1b", "65-74", "Female") == 1
    assert cell(year, "SG1b", "75-84", "Total") == 0
    assert year.table("SG1b").total("Total") == 2
    # SG1c: Ben, 35, Black.
    assert cell(year, "SG1c", "18-64", "Male") == 1
    assert cell(year, "SG1c", "Black / African / Caribbean / Black British", "Male") == 1
    # SG1d and SG1e: cases.
    assert cell(year, "SG1d", "Safeguarding concerns raised", "Cases") == 2
    assert cell(year, "SG1d", "Section 42 enquiries started", "Cases") == 2
    assert cell(year, "SG1d", "Other enquiries started", "Cases") == 1
    assert cell(year, "SG1e", "65-74", S42) == 1
    assert cell(year, "SG1e", "75-84", S42) == 1
    assert cell(year, "SG1e", "18-64", OTHER) == 1


def test_sg2_to_sg4_concluded_enquiries(year: Sac) -> None:
    assert [len(year.concluded["s42"]), len(year.concluded["other"])] == [2, 1]
    assert cell(year, "SG2a", "Physical abuse", S42) == 1
    assert cell(year, "SG2a", "Financial or material abuse", S42) == 1
    assert cell(year, "SG2a", "Self-neglect", OTHER) == 1
    assert year.table("SG2a").total(S42) == 2
    assert cell(year, "SG2b", "Service provider", S42) == 1
    assert cell(year, "SG2b", "Other: known to the individual", S42) == 1
    assert cell(year, "SG2c", "Care home: residential", S42) == 1
    assert cell(year, "SG2c", "Not recorded", S42) == 1
    assert cell(year, "SG2c", "Own home", OTHER) == 1
    assert cell(year, "SG2d", "Risk identified: action taken", S42) == 1
    assert cell(year, "SG2d", "Not recorded", S42) == 1
    assert cell(year, "SG2d", "No risk identified: no action taken", OTHER) == 1
    assert year.table("SG2d").total(S42) == 2
    assert cell(year, "SG2e", "Risk reduced", S42) == 1
    assert year.table("SG2e").total(OTHER) == 0
    assert cell(year, "SG3a", "Yes, and they expressed outcomes", S42) == 1
    assert cell(year, "SG3a", "Not recorded", S42) == 1
    assert cell(year, "SG3a", "No, they were not asked", OTHER) == 1
    assert cell(year, "SG3b", "Partly achieved", S42) == 1
    assert year.table("SG3b").total(S42) == 1
    assert cell(year, "SG4a", "Yes, they lacked capacity", S42) == 1
    assert cell(year, "SG4a", "Not recorded", S42) == 1
    assert cell(year, "SG4a", "No, they did not lack capacity", OTHER) == 1
    assert cell(year, "SG4b", "Yes, they were supported", S42) == 1


def test_the_sac_command_writes_the_tables_and_is_audited(world, year: Sac, tmp_path) -> None:
    out = tmp_path / "sac.xlsx"
    call_command(
        "returns", "sac", "--period", "2025-26", "--out", str(out), "--user", world.auditor.email
    )
    book = read_workbook(out)
    assert list(book)[:5] == ["SG1a", "SG1b", "SG1c", "SG1d", "SG1e"]
    assert book["SG1d"][2:] == [
        ["", "Cases"],
        ["Safeguarding concerns raised", "2"],
        ["Section 42 enquiries started", "2"],
        ["Other enquiries started", "1"],
    ]
    assert book["About"][1] == ["Period", "2025-26"]
    event = AuditEvent.objects.get(verb="returns.sac_written")
    assert event.actor == world.auditor
    assert event.summary["counts"]["s42_concluded"] == 2
    with pytest.raises(CommandError):
        call_command("returns", "sac", "--period", "2025-27", "--out", str(out))
