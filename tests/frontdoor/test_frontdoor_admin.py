"""Administrators' changes to the continuum of need and the RAG timescales: validated, audited with
the values before and after, and listed on the settings history page."""

from __future__ import annotations

import pytest

from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import RagTimescale, ThresholdIndicator, ThresholdLevel
from openmash.frontdoor.services.settings import (
    rag_timescale_update,
    threshold_indicator_delete,
    threshold_indicator_save,
    threshold_level_update,
)
from openmash.frontdoor.services.thresholds import threshold_assess, threshold_suggest
from tests.conftest import client_for


def _changes(verb):
    return AuditEvent.objects.filter(verb=verb).order_by("pk")


def test_renaming_a_level_is_audited_with_before_and_after(world):
    level = ThresholdLevel.objects.get(scale="children", number=2)
    threshold_level_update(
        actor=world.admin,
        level=level,
        label="Early help",
        description=level.description,
        typical_response=level.typical_response,
    )
    level.refresh_from_db()
    assert level.label == "Early help"
    row = _changes("threshold.continuum_changed").get()
    assert row.actor == world.admin
    assert row.summary["changes"] == {
        "label": {"before": "Additional needs / early help", "after": "Early help"}
    }


def test_a_level_needs_a_name(world):
    level = ThresholdLevel.objects.get(scale="children", number=1)
    with pytest.raises(ApplicationError, match="Enter the level's name"):
        threshold_level_update(
            actor=world.admin, level=level, label=" ", description="", typical_response=""
        )
    assert not _changes("threshold.continuum_changed").exists()


def test_an_administrator_adds_an_indicator_that_workers_can_then_tick(world):
    indicator = threshold_indicator_save(
        actor=world.admin,
        code="L3-CD-07",
        level=3,
        domain="child_development",
        subdomain="exploitation_safety",
        text="The child is found in another area with no explanation.",
        sort_order=99,
    )
    assert threshold_suggest([indicator.code]).level == 3
    row = _changes("threshold.continuum_changed").get()
    assert row.summary["setting"] == "Children's continuum of need: indicator L3-CD-07 added"
    assert row.summary["changes"]["text"]["after"].startswith("The child is found")


def test_an_indicator_code_must_be_unique_and_cannot_change(world):
    existing = ThresholdIndicator.objects.get(code="L2-CD-01")
    with pytest.raises(ApplicationError, match="already exists"):
        threshold_indicator_save(
            actor=world.admin, code="L2-CD-01", level=2, domain="child_development", text="x"
        )
    with pytest.raises(ApplicationError, match="code cannot change"):
        threshold_indicator_save(
            actor=world.admin,
            indicator=existing,
            code="L2-CD-99",
            level=2,
            domain="child_development",
            text=existing.text,
        )
    with pytest.raises(ApplicationError, match="Select a level"):
        threshold_indicator_save(
            actor=world.admin, code="L7-CD-01", level=7, domain="child_development", text="x"
        )


def test_retiring_an_indicator_keeps_it_for_old_assessments_and_is_audited(world, contact):
    indicator = ThresholdIndicator.objects.get(code="L2-FE-02")
    threshold_assess(
        contact=contact, actor=world.social_worker, indicator_codes=["L2-FE-02"], chosen_level=2
    )
    threshold_indicator_save(
        actor=world.admin,
        indicator=indicator,
        code=indicator.code,
        level=indicator.level,
        domain=indicator.domain,
        subdomain=indicator.subdomain,
        text=indicator.text,
        sort_order=indicator.sort_order,
        is_active=False,
    )
    indicator.refresh_from_db()
    assert not indicator.is_active
    with pytest.raises(ApplicationError, match="no longer used"):
        threshold_suggest(["L2-FE-02"])
    row = _changes("threshold.continuum_changed").get()
    assert row.summary["setting"] == "Children's continuum of need: indicator L2-FE-02 retired"
    assert row.summary["changes"] == {"is_active": {"before": True, "after": False}}


def test_deleting_an_indicator_used_in_an_assessment_is_refused(world, contact):
    threshold_assess(
        contact=contact, actor=world.social_worker, indicator_codes=["L2-FE-02"], chosen_level=2
    )
    indicator = ThresholdIndicator.objects.get(code="L2-FE-02")
    with pytest.raises(ApplicationError, match=r"cannot be deleted\. Retire it instead"):
        threshold_indicator_delete(actor=world.admin, indicator=indicator)
    assert ThresholdIndicator.objects.filter(code="L2-FE-02").exists()


def test_an_unused_indicator_added_by_mistake_can_be_deleted(world):
    indicator = threshold_indicator_save(
        actor=world.admin, code="L2-XX-01", level=2, domain="family_environment", text="Typo"
    )
    threshold_indicator_delete(actor=world.admin, indicator=indicator)
    assert not ThresholdIndicator.objects.filter(code="L2-XX-01").exists()
    settings = [r.summary["setting"] for r in _changes("threshold.continuum_changed")]
    assert settings == [
        "Children's continuum of need: indicator L2-XX-01 added",
        "Children's continuum of need: indicator L2-XX-01 deleted",
    ]


def test_changing_a_rag_timescale_is_audited_with_before_and_after(world):
    amber = RagTimescale.objects.get(rating="amber")
    rag_timescale_update(
        actor=world.admin, timescale=amber, label=amber.label, amount=6, unit="working_hours"
    )
    amber.refresh_from_db()
    assert (amber.amount, amber.unit, amber.information_return_hours) == (6, "working_hours", 6)
    row = _changes("rag.timescale_changed").get()
    assert row.actor == world.admin
    assert row.summary["changes"] == {
        "amount": {"before": 1, "after": 6},
        "unit": {"before": "working_days", "after": "working_hours"},
    }


def test_red_must_keep_a_timescale(world):
    red = RagTimescale.objects.get(rating="red")
    with pytest.raises(ApplicationError, match="Red must keep a timescale"):
        rag_timescale_update(
            actor=world.admin, timescale=red, label=red.label, amount=None, unit=red.unit
        )
    red.refresh_from_db()
    assert red.amount == 4
    assert not _changes("rag.timescale_changed").exists()


def test_blue_may_have_no_timescale_but_a_zero_is_refused(world):
    green = RagTimescale.objects.get(rating="green")
    with pytest.raises(ApplicationError, match="at least 1"):
        rag_timescale_update(
            actor=world.admin, timescale=green, label=green.label, amount=0, unit=green.unit
        )
    rag_timescale_update(
        actor=world.admin, timescale=green, label=green.label, amount=None, unit=green.unit
    )
    green.refresh_from_db()
    assert green.amount is None


def test_the_settings_history_lists_each_change_for_administrators_only(world):
    amber = RagTimescale.objects.get(rating="amber")
    rag_timescale_update(
        actor=world.admin, timescale=amber, label=amber.label, amount=8, unit="working_hours"
    )
    page = client_for(world.admin).get("/mash/settings/history/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "RAG timescale: Amber" in text
    assert "1 → 8" in text
    assert client_for(world.social_worker).get("/mash/settings/history/").status_code == 403


def test_the_admin_pages_save_through_the_audited_services(world):
    client = client_for(world.admin)
    red = RagTimescale.objects.get(rating="red")
    url = f"/admin/frontdoor/ragtimescale/{red.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "label": red.label,
            "meaning": red.meaning,
            "amount": "",
            "unit": red.unit,
            "information_return_hours": "2",
        },
    )
    assert response.status_code == 200
    assert "Red must keep a timescale" in response.content.decode()
    response = client.post(
        url,
        {
            "label": red.label,
            "meaning": red.meaning,
            "amount": "2",
            "unit": "hours",
            "information_return_hours": "1",
        },
    )
    assert response.status_code == 302
    red.refresh_from_db()
    assert (red.amount, red.unit) == (2, "hours")
    assert _changes("rag.timescale_changed").get().actor == world.admin


def test_the_admin_refuses_to_delete_a_used_indicator(world, contact):
    threshold_assess(
        contact=contact, actor=world.social_worker, indicator_codes=["L1-CD-01"], chosen_level=1
    )
    used = ThresholdIndicator.objects.get(code="L1-CD-01")
    client = client_for(world.admin)
    assert client.get(f"/admin/frontdoor/thresholdindicator/{used.pk}/delete/").status_code == 403
    assert client.get("/admin/frontdoor/thresholdindicator/").status_code == 200


def test_the_admin_lists_link_to_the_history_and_level_edits_are_audited(world):
    client = client_for(world.admin)
    listing = client.get("/admin/frontdoor/thresholdlevel/").content.decode()
    assert "/mash/settings/history/" in listing
    level = ThresholdLevel.objects.get(scale="children", number=3)
    url = f"/admin/frontdoor/thresholdlevel/{level.pk}/change/"
    response = client.post(url, {"label": "", "description": "x", "typical_response": "y"})
    assert response.status_code == 200
    assert "Enter the level&#x27;s name" in response.content.decode()
    response = client.post(
        url,
        {"label": "Targeted early help", "description": "x", "typical_response": "y"},
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.label == "Targeted early help"
    row = _changes("threshold.continuum_changed").get()
    assert row.summary["changes"]["label"]["after"] == "Targeted early help"


def test_an_administrator_adds_an_indicator_in_the_admin(world):
    client = client_for(world.admin)
    response = client.post(
        "/admin/frontdoor/thresholdindicator/add/",
        {
            "scale": "children",
            "code": "L2-FE-09",
            "level": "2",
            "domain": "family_environment",
            "subdomain": "housing",
            "text": "The family has been told to leave their home within a month.",
            "sort_order": "90",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ThresholdIndicator.objects.get(code="L2-FE-09").is_active
    assert _changes("threshold.continuum_changed").get().actor == world.admin
    duplicate = client.post(
        "/admin/frontdoor/thresholdindicator/add/",
        {
            "scale": "children",
            "code": "L2-FE-09",
            "level": "2",
            "domain": "x",
            "text": "y",
            "sort_order": "1",
        },
    )
    assert duplicate.status_code == 200
    assert ThresholdIndicator.objects.filter(code="L2-FE-09").count() == 1


def test_other_staff_cannot_reach_the_settings_admin(world):
    for user in (world.manager, world.auditor):
        response = client_for(user).get("/admin/frontdoor/ragtimescale/")
        assert response.status_code in (302, 403)
        assert "/admin/login/" in response.headers.get("Location", "/admin/login/")
