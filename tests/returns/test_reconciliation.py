"""The reconciliation finds a difference put there on purpose and lists the record behind it,
for Annex A (against the children's records) and the SAC (against the adults' enquiries)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from openmash.frontdoor.models import AdultEnquiry, Decision
from openmash.returns.reconciliation import annex_a_reconcile, sac_reconcile
from tests.returns.cp_helpers import adult_enquiry, case, icpc, plan, s47
from tests.returns.helpers import contact, person, referral

INSPECTION = date(2026, 11, 18)  # period 18/05/2026 to 17/11/2026


def by_name(checks):
    return {c.name: c for c in checks}


def test_annex_a_agrees_with_the_records_and_lists_an_icpc_it_leaves_out(world) -> None:
    child = person()
    referral(world, child, date(2026, 6, 1))
    c = case(world, child, date(2026, 4, 1))
    e = s47(c, date(2026, 6, 2), outcome="icpc")
    icpc(c, date(2026, 6, 20), enquiry=e)
    plan(c, date(2026, 6, 21), ended=date(2026, 10, 1))
    # Injected: an enquiry that started before the period, its conference inside it.
    early = s47(c, date(2026, 5, 1), outcome="icpc")
    late_icpc = icpc(c, date(2026, 5, 20), enquiry=early, plan=False)

    checks = by_name(annex_a_reconcile(INSPECTION))

    for name in ("Referrals", "Section 47 enquiries", "Child protection plans started",
                 "Child protection plans ended"):  # fmt: skip
        assert checks[name].agrees, name
        assert checks[name].in_return == checks[name].in_records >= 1
    icpcs = checks["Initial child protection conferences"]
    # The plan's own conference (held the day it starts) has no enquiry linked: records only.
    assert not icpcs.agrees
    assert icpcs.only_return == []
    keys = [r.key for r in icpcs.only_records]
    assert f"icpc:{late_icpc.pk}" in keys
    found = next(r for r in icpcs.only_records if r.key == f"icpc:{late_icpc.pk}")
    assert found.url == reverse("protection:case", args=[c.pk])


def test_the_sac_against_the_front_doors_decisions(world) -> None:
    adult = person("Ann", "Adult", born=date(1950, 6, 1), sex="F")
    made = contact(world, date(2025, 6, 1), adult)
    subject = made.contact_subjects.get()
    subject.is_child = False
    subject.save()
    decision = Decision.objects.create(
        contact=made, rationale="Meets s42.", proposed_by=world.social_worker
    )
    decided = AdultEnquiry.objects.create(
        contact=made, subject=subject, person=adult, decision=decision, enquiry_type="s42",
        started_on=date(2025, 6, 1),
    )  # fmt: skip
    opened = adult_enquiry(adult, date(2025, 6, 1), source=decided)
    # Injected: an enquiry opened without the MASH's decision.
    stray = adult_enquiry(adult, date(2025, 7, 1))

    checks = by_name(sac_reconcile("2025-26"))

    started = checks["Section 42 enquiries started"]
    assert (started.in_return, started.in_records) == (2, 1)
    assert [r.key for r in started.only_return] == [f"enquiry:{stray.pk}"]
    assert started.only_return[0].url == reverse("adults:enquiry", args=[stray.pk])
    assert started.only_records == []
    assert opened.reference not in [r.label for r in started.only_return]
    assert checks["Other enquiries started"].agrees
    assert checks["Section 42 enquiries concluded"].agrees
