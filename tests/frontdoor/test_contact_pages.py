"""The contact page's front-door sections and the pages that work a contact, through the browser's
HTTP requests: screen, propose, authorise (never one's own), note, close, chronology."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openmash.contacts.models import ContactStatus
from openmash.frontdoor.models import Decision, DecisionState, Referral
from tests.conftest import client_for

pytestmark = pytest.mark.clock


def _post(user, name, contact, data):
    return client_for(user).post(reverse(name, args=[contact.pk]), data)


def test_the_whole_decision_through_the_pages(world, contact):
    page = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk]))
    assert page.status_code == 200
    assert b"Screen and RAG rate" in page.content
    assert b"One working day from receipt" in page.content

    response = _post(
        world.contact_officer, "frontdoor:screen", contact, {"rag": "red", "version": 0}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.status, contact.rag) == (ContactStatus.SCREENING, "red")

    subject = contact.contact_subjects.get()
    response = _post(
        world.social_worker,
        "frontdoor:decision",
        contact,
        {
            f"outcome_{subject.pk}": "strategy_discussion",
            "rationale": "Injury and disclosure.",
            "team": world.assessment.pk,
            "version": contact.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # The manager sees the decision and authorises it.
    page = client_for(world.manager).get(reverse("frontdoor:authorise", args=[contact.pk]))
    assert b"Strategy discussion" in page.content
    contact.refresh_from_db()
    response = _post(
        world.manager,
        "frontdoor:authorise",
        contact,
        {"authorise": "1", "version": contact.version},
    )
    assert response.status_code == 302
    assert Decision.objects.get().state == DecisionState.AUTHORISED
    assert Referral.objects.get().route == "strategy_discussion"

    # The referrer sees the outcome on their page.
    page = client_for(world.referrer).get(reverse("contacts:detail", args=[contact.pk]))
    assert b"agencies will hold a strategy discussion" in page.content

    contact.refresh_from_db()
    response = _post(world.social_worker, "frontdoor:close", contact, {"version": contact.version})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED

    chronology = client_for(world.auditor).get(reverse("frontdoor:chronology", args=[contact.pk]))
    text = chronology.content.decode()
    for line in (
        "Contact received from Test School",
        "Rated red",
        "Decision proposed",
        "Decision authorised",
        "Referrer told the outcome",
        "Moved to closed",
    ):
        assert line in text


def test_a_stale_form_is_refused_with_an_explanation(world, contact):
    _post(world.contact_officer, "frontdoor:screen", contact, {"rag": "amber", "version": 0})
    response = _post(
        world.social_worker,
        "frontdoor:screen",
        contact,
        {"rag": "red", "reason": "x", "version": 0},
    )
    assert response.status_code == 200
    assert "Someone else changed this contact" in response.content.decode()
    contact.refresh_from_db()
    assert contact.rag == "amber"


def test_the_manager_cannot_authorise_their_own_proposal_from_the_page(world, contact):
    _post(world.manager, "frontdoor:screen", contact, {"rag": "amber", "version": 0})
    contact.refresh_from_db()
    subject = contact.contact_subjects.get()
    _post(
        world.manager,
        "frontdoor:decision",
        contact,
        {
            f"outcome_{subject.pk}": "early_help",
            "rationale": "Needs support.",
            "version": contact.version,
        },
    )
    page = client_for(world.manager).get(reverse("frontdoor:authorise", args=[contact.pk]))
    assert b"another manager must authorise it" in page.content
    contact.refresh_from_db()
    response = _post(
        world.manager,
        "frontdoor:authorise",
        contact,
        {"authorise": "1", "version": contact.version},
    )
    assert response.status_code == 200
    assert "cannot authorise their own decision" in response.content.decode()
    assert Decision.objects.get().state == DecisionState.PROPOSED


def test_a_worker_cannot_give_case_direction_but_a_manager_can(world, contact):
    response = _post(
        world.social_worker, "frontdoor:note", contact, {"kind": "direction", "text": "Do X"}
    )
    assert response.status_code == 200
    assert contact.notes.count() == 0
    response = _post(
        world.manager,
        "frontdoor:note",
        contact,
        {"kind": "direction", "text": "Ask health today", "version": 0},
    )
    assert response.status_code == 302
    page = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk]))
    assert b"Ask health today" in page.content
