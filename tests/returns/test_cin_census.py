"""The DfE Children in Need census built from the records: schema order, codes, the year's
boundaries, LAchildID, and the tricky cases (re-referral, s47 without an ICPC, two plans in the
year, an assessment over 31 March, an ICPC target over Easter, an unborn child).

Data are built relative to the fixed census year 2025-26 (1 April 2025 to 31 March 2026): the
census does not read "now" apart from the header's DateTime."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openmash.core.models import AuditEvent
from openmash.people.models import Person
from openmash.protection import clocks
from openmash.returns.cin_census import (
    CinPeriod,
    cin_census_build,
    cin_census_xml,
    cin_period,
    period_for,
)
from tests.conftest import World
from tests.returns.cin_helpers import END, PERIOD, START, assessment, case, cin_plan, cp_plan, s47
from tests.returns.helpers import contact, person, referral

CHILD_ORDER = ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"]
IDENTIFIER_ORDER = [
    "LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
    "ExpectedPersonBirthDate", "Sex", "GenderCurrent", "PersonDeathDate",
]  # fmt: skip
DETAILS_ORDER = [
    "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
    "ReasonForClosure", "DateOfInitialCPC", "Assessments", "CINPlanDates", "Section47",
    "ReferralNFA", "ChildProtectionPlans",
]  # fmt: skip
ASSESSMENT_ORDER = [
    "AssessmentActualStartDate", "AssessmentInternalReviewDate",
    "AssessmentAuthorisationDate", "FactorsIdentifiedAtAssessment",
]  # fmt: skip
S47_ORDER = ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]
CPP_ORDER = [
    "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
    "NumberOfPreviousCPP", "Reviews",
]  # fmt: skip


def census_xml(period: CinPeriod = PERIOD) -> ET.Element:
    return ET.fromstring(cin_census_xml(cin_census_build(period)))


def children(root: ET.Element) -> dict[str, ET.Element]:
    return {c.findtext("ChildIdentifiers/LAchildID") or "": c for c in root.iter("Child")}


def in_order(element: ET.Element | None, order: list[str]) -> bool:
    assert element is not None
    tags = [child.tag for child in element]
    positions = [order.index(tag) for tag in tags]
    return positions == sorted(positions)


def details(child: ET.Element) -> list[ET.Element]:
    return child.findall("CINdetails")


def full_child(world: World) -> Person:
    """A child with everything: referral, assessment, s47 with ICPC, plan with a review."""
    child = person("Leila", "Haddad", born=date(2015, 6, 2), sex="F", ethnicity="AOTH")
    made_referral = referral(world, child, date(2025, 5, 6), source="3A")
    made = case(world, child, date(2025, 5, 6), referral=made_referral)
    assessment(made, date(2025, 5, 7), authorised=date(2025, 6, 20), factors=["3A", "16A"])
    enquiry = s47(made, date(2025, 5, 8), icpc=date(2025, 5, 27))
    cp_plan(made, enquiry, reviews=(date(2025, 8, 27),))
    return child


def test_header_and_schema_order(world) -> None:
    child = full_child(world)
    root = census_xml()

    assert root.tag == "Message"
    assert [e.tag for e in root] == ["Header", "Children"]
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/Year") == "2026"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert [e.tag for e in root.find("Header/Source")] == [
        "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime",
    ]  # fmt: skip
    assert root.findtext("Header/Source/LEA").isdigit()
    element = children(root)[str(child.pk)]
    assert [e.tag for e in element] == CHILD_ORDER
    assert in_order(element.find("ChildIdentifiers"), IDENTIFIER_ORDER)
    (episode,) = details(element)
    assert in_order(episode, DETAILS_ORDER)
    assert [e.tag for e in episode] == [
        "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "Assessments", "Section47",
        "ReferralNFA", "ChildProtectionPlans",
    ]  # fmt: skip
    assert in_order(episode.find("Assessments"), ASSESSMENT_ORDER)
    assert in_order(episode.find("Section47"), S47_ORDER)
    assert in_order(episode.find("ChildProtectionPlans"), CPP_ORDER)
    assert episode.findtext("ReferralSource") == "3A"
    assert episode.findtext("PrimaryNeedCode") == "N1"  # s47 and a plan; none recorded
    assert [f.text for f in episode.iter("AssessmentFactors")] == ["3A", "16A"]
    assert episode.findtext("Section47/DateOfInitialCPC") == "2025-05-27"
    assert episode.findtext("Section47/ICPCnotRequired") == "false"
    assert episode.findtext("ChildProtectionPlans/CPPstartDate") == "2025-05-27"
    assert episode.findtext("ChildProtectionPlans/NumberOfPreviousCPP") == "0"
    assert [d.text for d in episode.iter("CPPreviewDate")] == ["2025-08-27"]


def test_codes_of_the_child(world) -> None:
    child = person("Sam", "Okoro", born=date(2012, 1, 9), sex="M", ethnicity="ZZZZ")
    referral(world, child, date(2025, 7, 1), source="99")
    root = census_xml()

    element = children(root)[str(child.pk)]
    assert element.findtext("ChildIdentifiers/Sex") == "M"
    assert element.findtext("ChildIdentifiers/PersonBirthDate") == "2012-01-09"
    assert element.findtext("ChildCharacteristics/Ethnicity") == "NOBT"  # not a census code
    episode = details(element)[0]
    assert episode.findtext("ReferralSource") == "10"  # not a census code: unknown
    assert episode.findtext("PrimaryNeedCode") == "N0"  # none recorded, not NFA
    assert element.find("ChildIdentifiers/UPN") is None
    assert element.findtext("ChildIdentifiers/UPNunknown") == "UN5"


def test_gender_current_before_2024_25_and_sex_from_then(world) -> None:
    child = person("Ivy", "Stone", born=date(2014, 2, 2), sex="F")
    referral(world, child, date(2023, 6, 1))
    referral(world, child, date(2024, 6, 1))

    old = children(census_xml(cin_period("2023-24")))[str(child.pk)]
    new = children(census_xml(cin_period("2024-25")))[str(child.pk)]

    assert old.findtext("ChildIdentifiers/GenderCurrent") == "2"
    assert old.find("ChildIdentifiers/Sex") is None
    assert new.findtext("ChildIdentifiers/Sex") == "F"
    assert new.find("ChildIdentifiers/GenderCurrent") is None


def test_la_child_id_is_short_alphanumeric_and_one_per_child(world) -> None:
    child = person("Noah", "Price")
    referral(world, child, date(2025, 4, 10), nfa=True)
    referral(world, child, date(2025, 10, 10), nfa=True)
    other = person("Mia", "Price", born=date(2018, 3, 3), sex="F")
    referral(world, other, date(2025, 9, 9), nfa=True)
    root = census_xml()

    ids = [c.findtext("ChildIdentifiers/LAchildID") for c in root.iter("Child")]
    assert len(ids) == len(set(ids)) == 2
    assert all(i and i.isalnum() and len(i) <= 20 for i in ids)
    assert len(details(children(root)[str(child.pk)])) == 2  # two episodes, one Child


def test_period_boundaries(world) -> None:
    before = person("Before", "Year")
    closed_before = case(world, before, START - timedelta(days=60), closed=START - timedelta(1))
    assessment(closed_before, START - timedelta(days=59), authorised=START - timedelta(days=2))
    last_day = person("Last", "Day")
    closed_first_day = case(world, last_day, START - timedelta(days=30), closed=START)
    assessment(closed_first_day, START - timedelta(days=29), authorised=START)
    after = person("After", "Year")
    referral(world, after, END + timedelta(days=1))
    on_end = person("On", "End")
    referral(world, on_end, END)
    open_on = person("Open", "Over")
    over = case(world, open_on, END - timedelta(days=10), closed=END + timedelta(days=5))
    assessment(over, END - timedelta(days=9), authorised=END + timedelta(days=3))

    found = children(census_xml())

    assert str(before.pk) not in found  # closed the day before the year began
    assert str(after.pk) not in found  # referred the day after it ended
    assert details(found[str(last_day.pk)])[0].findtext("CINclosureDate") == "2025-04-01"
    assert details(found[str(on_end.pk)])[0].findtext("CINreferralDate") == "2026-03-31"
    over_episode = details(found[str(open_on.pk)])[0]
    assert over_episode.find("CINclosureDate") is None  # closed after the ReferenceDate
    assert over_episode.find("ReasonForClosure") is None


def test_re_referral_within_12_months(world) -> None:
    child = person("Aria", "Khan", born=date(2013, 9, 1), sex="F", ethnicity="APKN")
    referral(world, child, date(2025, 5, 1), nfa=True)
    second = referral(world, child, date(2025, 9, 15), source="6")
    made = case(world, child, date(2025, 9, 15), referral=second)
    assessment(made, date(2025, 9, 16), authorised=date(2025, 10, 30), needs_support=True)
    cin_plan(made, date(2025, 11, 3))

    element = children(census_xml())[str(child.pk)]
    first, again = details(element)

    assert first.findtext("CINreferralDate") == "2025-05-01"
    assert first.findtext("ReferralNFA") == "true"
    assert first.findtext("CINclosureDate") == "2025-05-01"
    assert first.findtext("ReasonForClosure") == "RC8"
    assert first.find("Assessments") is None  # no activity on an NFA referral (8831)
    assert again.findtext("CINreferralDate") == "2025-09-15"
    assert again.findtext("ReferralNFA") == "false"
    assert again.findtext("ReferralSource") == "6"
    assert again.findtext("CINPlanDates/CINPlanStartDate") == "2025-11-03"
    # Not NFA on any episode: no UN7.
    assert element.findtext("ChildIdentifiers/UPNunknown") != "UN7"


def test_s47_without_an_icpc(world) -> None:
    child = person("Theo", "Walsh", born=date(2011, 4, 4))
    made = case(world, child, date(2025, 6, 2), closed=date(2025, 8, 29))
    assessment(made, date(2025, 6, 2), authorised=date(2025, 7, 10), needs_support=True)
    s47(made, date(2025, 6, 3), not_required=True)
    cin_plan(made, date(2025, 7, 14), ended=date(2025, 8, 29), reason="RC7")

    episode = details(children(census_xml())[str(child.pk)])[0]
    section = episode.find("Section47")

    assert section.findtext("S47ActualStartDate") == "2025-06-03"
    assert section.findtext("ICPCnotRequired") == "true"
    assert section.find("DateOfInitialCPC") is None
    assert section.findtext("InitialCPCtarget") == clocks.icpc_target(date(2025, 6, 3)).isoformat()
    assert episode.find("ChildProtectionPlans") is None
    assert episode.findtext("CINclosureDate") == "2025-08-29"
    assert episode.findtext("ReasonForClosure") == "RC7"


def test_a_child_with_two_plans_in_the_year(world) -> None:
    child = person("Ruby", "Ellis", born=date(2016, 11, 20), sex="F")
    made = case(world, child, date(2025, 4, 14))
    first_s47 = s47(made, date(2025, 4, 15), icpc=date(2025, 5, 6))
    cp_plan(made, first_s47, ended=date(2025, 9, 30), reviews=(date(2025, 8, 6),))
    second_s47 = s47(made, date(2025, 12, 1), icpc=date(2025, 12, 18))
    cp_plan(made, second_s47, category="EMO")

    plans = details(children(census_xml())[str(child.pk)])[0].findall("ChildProtectionPlans")

    assert [p.findtext("CPPstartDate") for p in plans] == ["2025-05-06", "2025-12-18"]
    assert [p.findtext("CPPendDate") for p in plans] == ["2025-09-30", None]
    assert [p.findtext("NumberOfPreviousCPP") for p in plans] == ["0", "1"]
    assert [p.findtext("LatestCategoryOfAbuse") for p in plans] == ["NEG", "EMO"]
    # The review belongs to the first plan only.
    assert [[d.text for d in p.iter("CPPreviewDate")] for p in plans] == [["2025-08-06"], []]


def test_an_assessment_spanning_31_march(world) -> None:
    child = person("Finn", "Hart", born=date(2010, 8, 8))
    made = case(world, child, date(2026, 3, 9))
    assessment(made, date(2026, 3, 10), authorised=date(2026, 4, 20), factors=["4A"])

    this_year = details(children(census_xml())[str(child.pk)])[0].find("Assessments")
    next_year = details(children(census_xml(cin_period("2026-27")))[str(child.pk)])[0]

    assert this_year.findtext("AssessmentActualStartDate") == "2026-03-10"
    assert this_year.find("AssessmentAuthorisationDate") is None  # not yet on 31 March
    assert this_year.find("FactorsIdentifiedAtAssessment") is None  # only when complete (8614)
    again = next_year.find("Assessments")
    assert again.findtext("AssessmentActualStartDate") == "2026-03-10"
    assert again.findtext("AssessmentAuthorisationDate") == "2026-04-20"
    assert [f.text for f in again.iter("AssessmentFactors")] == ["4A"]
    assert next_year.findtext("CINreferralDate") == "2026-03-09"  # still open at 1 April


def test_an_icpc_target_over_easter(world) -> None:
    # Thursday 10 April 2025: Good Friday (18 April), Easter Monday (21 April) and the early
    # May bank holiday (5 May) all fall in the next 15 working days.
    child = person("Ezra", "Cole", born=date(2019, 1, 1))
    made = case(world, child, date(2025, 4, 9))
    enquiry = s47(made, date(2025, 4, 10), icpc=date(2025, 5, 6))

    assert enquiry.icpc_target_on == date(2025, 5, 6)  # weekdays alone would give 1 May
    section = details(children(census_xml())[str(child.pk)])[0].find("Section47")
    assert section.findtext("InitialCPCtarget") == "2025-05-06"


def test_an_unborn_child(world) -> None:
    unborn = person(
        "Baby", "Morgan", born=None, sex="U", is_unborn=True,
        expected_delivery_date=date(2026, 5, 20),
    )  # fmt: skip
    made = case(world, unborn, date(2026, 1, 12))
    assessment(made, date(2026, 1, 12), authorised=date(2026, 2, 20), needs_support=True)
    cin_plan(made, date(2026, 2, 23))

    ids = children(census_xml())[str(unborn.pk)].find("ChildIdentifiers")

    assert ids.find("PersonBirthDate") is None
    assert ids.findtext("ExpectedPersonBirthDate") == "2026-05-20"
    assert ids.findtext("Sex") == "U"  # rule 8750
    assert ids.findtext("UPNunknown") == "UN1"


def test_a_case_without_a_referral_takes_the_childs_latest_referral(world) -> None:
    child = person("Zara", "Lowe", born=date(2014, 5, 5), sex="F")
    made_from = contact(world, date(2025, 6, 1), child)
    referral(world, child, date(2025, 6, 2), source="2B", made_from=made_from)
    made = case(world, child, date(2025, 6, 3))
    assessment(made, date(2025, 6, 3), authorised=date(2025, 7, 1), needs_support=False)

    (episode,) = details(children(census_xml())[str(child.pk)])
    assert episode.findtext("CINreferralDate") == "2025-06-02"
    assert episode.findtext("ReferralSource") == "2B"


def test_the_period_must_be_two_years_in_a_row() -> None:
    assert cin_period("2025-26") == CinPeriod("2025-26", date(2025, 4, 1), date(2026, 3, 31))
    assert period_for(date(2026, 3, 31)).label == "2025-26"
    assert period_for(date(2026, 4, 1)).label == "2026-27"
    for bad in ("2025-27", "2025", "25-26", "2025/26", ""):
        with pytest.raises(ValueError, match="period"):
            cin_period(bad)


def test_the_command_writes_the_census_and_audits_it(world, tmp_path: Path) -> None:
    full_child(world)
    out = tmp_path / "cin.xml"

    call_command("returns", "cin-census", "--period", "2025-26", "--out", str(out))

    root = ET.fromstring(out.read_bytes())
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert len(list(root.iter("Child"))) == 1
    event = AuditEvent.objects.get(verb="returns.cin_written")
    assert event.summary["period"] == "2025-26"
    with pytest.raises(CommandError):
        call_command("returns", "cin-census", "--period", "2025-27", "--out", str(out))


def test_validation_names_concurrent_work_the_dfe_refuses(world) -> None:
    from openmash.returns.cin_validation import cin_failures

    child = person("Jude", "Marsh", born=date(2012, 2, 2))
    made = case(world, child, date(2026, 3, 2))
    assessment(made, date(2026, 3, 10))
    assessment(made, date(2026, 3, 25))  # a second assessment while the first is open (8896)
    s47(made, date(2025, 9, 2), icpc=date(2025, 9, 22), plan_needed=False)
    s47(made, date(2025, 9, 3), not_required=True)  # during the first enquiry (8890)

    codes = sorted(f.rule.code for f in cin_failures(cin_census_build(PERIOD)))

    assert "CIN17" in codes
    assert "CIN18" in codes
