"""The threshold page (suggest, then choose), the contact page's threshold panel, and the
threshold API, with allow and deny cases sharing the same set-up."""

from __future__ import annotations

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from openmash.frontdoor.models import ThresholdAssessment
from openmash.frontdoor.services.thresholds import threshold_assess
from openmash.frontdoor.views.thresholds import panel_context
from tests.conftest import client_for

TOXIC = ["L3-FE-01", "L3-FE-02", "L3-CD-03"]


def _url(contact):
    return f"/mash/contacts/{contact.pk}/threshold/"


def test_the_page_lists_every_active_indicator_grouped_by_level(world, contact):
    page = client_for(world.social_worker).get(_url(contact))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('name="indicators"') == 59
    assert "Level 4: Acute / specialist: significant harm" in html
    assert "Parenting capacity" in html


def test_suggest_shows_the_level_and_its_drivers_without_saving(world, contact):
    response = client_for(world.social_worker).post(
        _url(contact), {"action": "suggest", "indicators": TOXIC, "version": contact.version}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Suggested: level 4" in html
    assert "3 indicators at level 3 across 2 domains" in html
    assert "Level 4: Acute / specialist: significant harm (suggested)" in html
    assert "There is a problem" not in html
    assert not ThresholdAssessment.objects.exists()


def test_choosing_a_lower_level_without_a_reason_is_shown_as_an_error(world, contact):
    response = client_for(world.social_worker).post(
        _url(contact),
        {"action": "save", "indicators": TOXIC, "chosen_level": "3", "version": contact.version},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter why you chose a lower level than suggested" in html
    assert 'href="#id_reason"' in html
    assert not ThresholdAssessment.objects.exists()


def test_saving_with_a_reason_records_the_assessment(world, contact):
    response = client_for(world.social_worker).post(
        _url(contact),
        {
            "action": "save",
            "indicators": TOXIC,
            "chosen_level": "3",
            "reason": "Mother has moved to a refuge with the children.",
            "version": contact.version,
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.threshold_level == 3
    assessment = ThresholdAssessment.objects.get(contact=contact)
    assert (assessment.suggested_level, assessment.chosen_level) == (4, 3)


def test_saving_needs_a_level(world, contact):
    response = client_for(world.social_worker).post(
        _url(contact), {"action": "save", "indicators": ["L2-CD-01"], "version": contact.version}
    )
    assert "Select the level you have chosen" in response.content.decode()


def test_the_page_is_for_workers_not_auditors_or_referrers(world, contact):
    assert client_for(world.auditor).get(_url(contact)).status_code == 403
    assert client_for(world.referrer).get(_url(contact)).status_code == 403
    assert client_for(world.contact_officer).get(_url(contact)).status_code == 200


def test_the_panel_shows_suggested_and_chosen_levels_and_the_drivers(world, contact):
    threshold_assess(
        contact=contact, actor=world.social_worker, indicator_codes=["L2-FE-02"], chosen_level=2
    )
    threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=["L4-FE-01", "L2-FE-02"],
        chosen_level=3,
        reason="The abuser is in custody.",
    )
    contact.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        context = panel_context(world.social_worker, contact)
    # The subjects, the levels, the assessments, and the user's roles: the same for any history.
    assert len(queries) <= 4
    [section] = context["threshold_panel"]["sections"]
    assert section.below_suggestion
    assert len(section.earlier) == 1
    assert [d["code"] for d in section.drivers] == ["L4-FE-01"]
    html = render_to_string(
        "frontdoor/partials/_threshold_panel.html", {"contact": contact, **context}
    )
    assert "Why lower than suggested" in html
    assert "The abuser is in custody." in html
    assert "Earlier threshold assessments (1)" in html


# The API.


def test_the_continuum_is_listed_for_any_signed_in_user(world):
    body = client_for(world.referrer).get("/api/v1/thresholds/").json()
    assert [level["number"] for level in body["levels"]] == [1, 2, 3, 4]
    assert len(body["indicators"]) == 59
    assert body["cumulative_rule"] == {"indicators": 3, "domains": 2}


def test_the_dry_run_suggests_without_a_contact(world):
    response = client_for(world.social_worker).post(
        "/api/v1/thresholds/suggest/", {"indicators": TOXIC}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == 4
    assert body["cumulative"] is True
    assert sorted(d["code"] for d in body["drivers"]) == sorted(TOXIC)
    bad = client_for(world.social_worker).post(
        "/api/v1/thresholds/suggest/", {"indicators": ["NOPE"]}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "indicators" in bad.json()["errors"]


def test_the_api_assesses_a_contact_and_returns_the_suggestion(world, contact):
    url = f"/api/v1/contacts/{contact.pk}/threshold/"
    refused = client_for(world.social_worker).post(
        url, {"indicators": TOXIC, "level": 3}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["reason"] == [
        "Enter why you chose a lower level than suggested"
    ]
    response = client_for(world.social_worker).post(
        url,
        {"indicators": TOXIC, "level": 4, "version": contact.version},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["chosen_level"] == 4
    assert body["suggestion"]["level"] == 4
    assert body["suggestion"]["explanation"].startswith("3 indicators at level 3")
    history = client_for(world.auditor).get(url).json()
    assert [row["id"] for row in history] == [body["id"]]


def test_the_api_refuses_a_bad_level_and_non_workers(world, contact):
    url = f"/api/v1/contacts/{contact.pk}/threshold/"
    bad = client_for(world.social_worker).post(
        url, {"indicators": [], "level": 5}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "level" in bad.json()["errors"]
    assert (
        client_for(world.auditor)
        .post(url, {"indicators": [], "level": 1}, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(world.referrer).get(url).status_code == 403
