"""Decisions checked against what is known (issue 13 item 1): each rule of the table in
docs/frontdoor-decision-checks.md, through the service and the API, and the rules as a local
setting with history."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openmash.contacts.duplicates import contact_duplicate_reject
from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import DecisionCheck, DecisionState
from openmash.frontdoor.services.checks import decision_check_update
from openmash.frontdoor.services.consent import consent_record
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.thresholds import threshold_assess
from openmash.people.matching import SubjectDetails
from tests.conftest import World, client_for, subject_details

pytestmark = pytest.mark.clock


def _rated(world: World, contact: Contact, rag: str, level: int | None = None) -> Contact:
    contact = contact_screen(contact=contact, actor=world.contact_officer, rag=rag)
    if level is not None:
        threshold_assess(
            contact=contact,
            actor=world.social_worker,
            indicator_codes=[],
            chosen_level=level,
            reason="A judgement on the whole picture.",
        )
        contact.refresh_from_db()
    return contact


def _propose(world: World, contact: Contact, outcome: str, reason: str = "", **tests: Any):
    subject = contact.contact_subjects.get(role="subject")
    return decision_propose(
        contact=contact,
        actor=world.social_worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome=outcome, **tests)],
        rationale="What we found.",
        team=world.assessment,
        check_reason=reason,
    )


def _adult_contact(world: World) -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="Neighbour says Mr Hale's carer takes his pension.",
            subjects=[
                SubjectInput(
                    details=SubjectDetails(given_name="Albert", family_name="Hale"),
                    is_child=False,
                )
            ],
        ),
    )


WARNINGS = [
    ("red", None, "early_help", "low_outcome_on_high_risk", "early help on a contact rated red"),
    ("amber", 4, "nfa", "low_outcome_on_high_risk", "assessed at level 4"),
    ("green", 2, "strategy_discussion", "high_outcome_on_low_level", "assessed at level 2"),
    ("amber", 1, "immediate_protection", "high_outcome_on_low_level", "assessed at level 1"),
]


@pytest.mark.parametrize(("rag", "level", "outcome", "code", "words"), WARNINGS)
def test_a_warning_needs_a_reason_and_the_managers_acknowledgement(
    world: World, contact: Contact, rag: str, level: int | None, outcome: str, code: str, words: str
) -> None:
    contact = _rated(world, contact, rag, level)
    with pytest.raises(ApplicationError) as asked:
        _propose(world, contact, outcome)
    assert asked.value.field == "check_reason"
    assert words in asked.value.message
    contact.refresh_from_db()
    assert contact.status == "screening"  # nothing proposed

    decision = _propose(world, contact, outcome, reason="The family moved away yesterday.")
    assert [w["code"] for w in decision.check_warnings] == [code]
    assert decision.check_reason == "The family moved away yesterday."

    with pytest.raises(ApplicationError) as refused:
        decision_authorise(decision=decision, actor=world.manager)
    assert refused.value.field == "acknowledge_checks"
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED

    decision_authorise(decision=decision, actor=world.manager, acknowledge_checks=True)
    decision.refresh_from_db()
    assert decision.state == DecisionState.AUTHORISED
    assert decision.checks_acknowledged_by == world.manager
    audit = AuditEvent.objects.get(verb="decision.authorised", target_id=str(decision.pk))
    assert audit.summary["checks_acknowledged"] == [code]


def test_an_adults_advice_on_a_red_contact_warns(world: World) -> None:
    contact = _rated(world, _adult_contact(world), "red")
    with pytest.raises(ApplicationError, match="advice and information on a contact rated red"):
        _propose(world, contact, "advice")


def test_an_outcome_in_keeping_with_the_contact_is_not_checked(
    world: World, contact: Contact
) -> None:
    contact = _rated(world, contact, "red", 4)
    decision = _propose(world, contact, "strategy_discussion")
    assert decision.check_warnings == []
    decision_authorise(decision=decision, actor=world.manager)


def test_early_help_after_consent_was_refused_is_refused(world: World, contact: Contact) -> None:
    contact = _rated(world, contact, "amber")
    consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="yes",
        consent="refused",
        reason="Father refused any contact with services.",
        refusal_accepted=True,
    )
    contact.refresh_from_db()
    with pytest.raises(ApplicationError, match="early help needs the family's agreement") as no:
        _propose(world, contact, "early_help", reason="We think they will agree later.")
    assert no.value.field == "outcomes[0]"
    _propose(world, contact, "assessment")  # a statutory assessment does not need agreement


def test_the_referrers_word_counts_until_the_mash_records_consent(world: World, child) -> None:
    contact = contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Tired and hungry at school.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=world.referrer,
            family_told="yes",
            consent="refused",
            consent_reason="Mum said no.",
        ),
    )
    contact = _rated(world, contact, "green")
    with pytest.raises(ApplicationError, match="they refused consent"):
        _propose(world, contact, "early_help")


def test_no_decision_while_a_duplicate_is_unresolved(world: World, contact: Contact, child) -> None:
    second = contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="The same bruise, reported by the police.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
        ),
    )
    assert second.duplicate_status == "suspected"
    second = _rated(world, second, "amber")
    with pytest.raises(ApplicationError, match="may be a duplicate of another"):
        _propose(world, second, "assessment")
    second = contact_duplicate_reject(actor=world.contact_officer, contact=second)
    _propose(world, second, "assessment")


def test_a_duplicate_flagged_after_the_proposal_stops_authorisation(
    world: World, contact: Contact
) -> None:
    decision = _propose(world, _rated(world, contact, "amber"), "assessment")
    Contact.objects.filter(pk=contact.pk).update(
        duplicate_of=Contact.objects.create(
            reference="C26-9999999", channel="phone", source_agency=world.police, concern="x"
        ),
        duplicate_status="suspected",
    )
    with pytest.raises(ApplicationError, match="may be a duplicate"):
        decision_authorise(decision=decision, actor=world.manager, acknowledge_checks=True)


def test_no_decision_while_a_person_match_is_unresolved(world: World, contact: Contact) -> None:
    ContactSubject.objects.filter(contact=contact).update(match_status="possible", person=None)
    contact = _rated(world, contact, "amber")
    with pytest.raises(ApplicationError, match="Choose who Ayaan Rahman is in the person index"):
        _propose(world, contact, "advice")


def test_each_check_is_a_local_setting_with_history(world: World, contact: Contact) -> None:
    check = DecisionCheck.objects.get(code="low_outcome_on_high_risk")
    decision_check_update(actor=world.admin, check=check, action="off")
    contact = _rated(world, contact, "red")
    decision = _propose(world, contact, "early_help")  # no longer checked
    assert decision.check_warnings == []
    decision_check_update(actor=world.admin, check=check, action="refuse")
    audit = AuditEvent.objects.filter(verb="decision.check_changed").order_by("pk")
    assert [e.summary["changes"]["action"] for e in audit] == [
        {"before": "warn", "after": "off"},
        {"before": "off", "after": "refuse"},
    ]
    history = client_for(world.admin).get(reverse("frontdoor:settings_history")).text
    assert "Decision check: A child&#x27;s outcome of no further action" in history
    with pytest.raises(ApplicationError, match="Select what happens when the rule applies"):
        decision_check_update(actor=world.admin, check=check, action="sometimes")


def test_the_api_asks_for_the_reason_and_the_acknowledgement(
    world: World, contact: Contact
) -> None:
    contact = _rated(world, contact, "red")
    subject = contact.contact_subjects.get()
    url = reverse("api:contact_decision", args=[contact.pk])
    body = {"outcomes": [{"subject_id": subject.pk, "outcome": "advice"}], "rationale": "Low."}
    worker = client_for(world.social_worker)
    response = worker.post(url, body, content_type="application/json")
    assert response.status_code == 400
    [message] = response.json()["errors"]["check_reason"]
    assert "advice and signposting on a contact rated red" in message

    body["check_reason"] = "Police have removed the risk: the adult is in custody."
    response = worker.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert [w["code"] for w in response.json()["check_warnings"]] == ["low_outcome_on_high_risk"]

    authorise = reverse("api:contact_authorise", args=[contact.pk])
    manager = client_for(world.manager)
    response = manager.post(authorise, {}, content_type="application/json")
    assert response.status_code == 400
    assert "acknowledge_checks" in response.json()["errors"]
    response = manager.post(
        authorise, {"acknowledge_checks": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["checks_acknowledged_by"] == world.manager.pk


def test_the_pages_show_the_warning_to_the_proposer_and_the_manager(
    world: World, contact: Contact
) -> None:
    contact = _rated(world, contact, "red")
    subject = contact.contact_subjects.get()
    worker = client_for(world.social_worker)
    url = reverse("frontdoor:decision", args=[contact.pk])
    form = {
        f"outcome_{subject.pk}": "universal",
        "rationale": "Universal services are enough.",
        "version": str(contact.version),
    }
    page = worker.post(url, form)
    assert page.status_code == 200
    assert "goes against the decision checks" in page.text
    assert "universal services on a contact rated red" in page.text
    assert worker.post(url, {**form, "check_reason": "Risk removed."}).status_code == 302

    manager = client_for(world.manager)
    authorise = reverse("frontdoor:authorise", args=[contact.pk])
    shown = manager.get(authorise).text
    assert "This decision goes against the decision checks" in shown
    assert "Risk removed." in shown
    contact.refresh_from_db()
    refused = manager.post(authorise, {"authorise": "1", "version": str(contact.version)})
    assert refused.status_code == 200
    assert "Confirm you have read the reason given" in refused.text
    done = manager.post(
        authorise,
        {"authorise": "1", "version": str(contact.version), "acknowledge_checks": "on"},
    )
    assert done.status_code == 302
    detail = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk]))
    assert "Acknowledged by" in detail.text


def _refused_consent(world: World, contact: Contact) -> Contact:
    consent_record(
        contact=contact,
        actor=world.social_worker,
        family_told="yes",
        consent="refused",
        reason="Father refused any contact with services.",
        refusal_accepted=True,
    )
    contact.refresh_from_db()
    return contact


def _suspected_duplicate(world: World, contact: Contact) -> Contact:
    child = contact.contact_subjects.get().person
    second = contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="The same bruise, reported by the police.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
        ),
    )
    return _rated(world, second, "amber")


def _unresolved_match(world: World, contact: Contact) -> Contact:
    ContactSubject.objects.filter(contact=contact).update(match_status="possible", person=None)
    return _rated(world, contact, "amber")


# Each rule of docs/frontdoor-decision-checks.md through the API: (arrange, outcome, code, field).
API_RULES = [
    (lambda w, c: _rated(w, c, "red"), "nfa", "low_outcome_on_high_risk", "check_reason"),
    (
        lambda w, c: _rated(w, _adult_contact(w), "red"),
        "nfa",
        "adult_low_outcome_on_red",
        "check_reason",
    ),
    (
        lambda w, c: _rated(w, c, "green", 1),
        "strategy_discussion",
        "high_outcome_on_low_level",
        "check_reason",
    ),
    (
        lambda w, c: _refused_consent(w, _rated(w, c, "amber")),
        "early_help",
        "agreement_after_refusal",
        "outcomes.0",
    ),
    (_suspected_duplicate, "assessment", "duplicate_unresolved", None),
    (_unresolved_match, "advice", "match_unresolved", None),
]


API_WORDS = {
    "low_outcome_on_high_risk": "no further action on a contact rated red",
    "adult_low_outcome_on_red": "no further action on a contact rated red",
    "high_outcome_on_low_level": "on a contact assessed at level 1",
    "agreement_after_refusal": "early help needs the family's agreement",
    "duplicate_unresolved": "may be a duplicate of another",
    "match_unresolved": "there are possible matches",
}


@pytest.mark.parametrize(
    ("arrange", "outcome", "code", "field"), API_RULES, ids=[r[2] for r in API_RULES]
)
def test_each_rule_through_the_api(
    world: World, contact: Contact, arrange: Any, outcome: str, code: str, field: str | None
) -> None:
    contact = arrange(world, contact)
    subject = contact.contact_subjects.get(role="subject")
    body = {
        "outcomes": [{"subject_id": subject.pk, "outcome": outcome}],
        "rationale": "What we found.",
        "team": world.assessment.pk,
    }
    url = reverse("api:contact_decision", args=[contact.pk])
    response = client_for(world.social_worker).post(url, body, content_type="application/json")
    assert response.status_code == 400, response.json()
    problem = response.json()
    assert API_WORDS[code] in problem["detail"]
    if field is None:
        assert "errors" not in problem or not problem["errors"]
        assert problem["detail"]
    else:
        assert list(problem["errors"]) == [field]
    contact.refresh_from_db()
    assert not contact.decisions.exists()
