"""A referrer sees what they sent and the outcome, never the MASH's work on it (issue 13 item 8).

Their contact is worked in full (rated red, allocated, noted, asked about, consent recorded with the
MASH's reasoning, an onward referral, a decision proposed and authorised). Then every route in the
URL configuration is requested as the referrer, with their own contact, draft and key wherever a
route names one: no page or API answer that reaches them may carry any of the MASH's words, and
every field of every API answer must be on the allow-list, or one the referrer always gets empty.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import timezone

from openmash.contacts.drafts import referral_draft_create
from openmash.frontdoor.services.consent import consent_record, consent_sign_off
from openmash.frontdoor.services.decisions import (
    OutcomeInput,
    decision_authorise,
    decision_propose,
)
from openmash.frontdoor.services.lifecycle import contact_allocate
from openmash.frontdoor.services.notes import case_note_add
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.requests import information_request_send
from openmash.frontdoor.services.routes import RouteInput, route_record
from tests.conftest import World, client_for
from tests.test_permission_matrix import Fixtures, all_routes

pytestmark = pytest.mark.clock

# Words only the MASH wrote: none may reach the referrer.
MASH_WORDS = {
    "note": "Dad known to police for violence QX7",
    "consent": "Not asked: would alert the stepfather QX7",
    "question": "Any call-outs to the home this year QX7",
    "shared": "A concern about a child at this school QX7",
    "rationale": "Injury and an inconsistent account QX7",
    "route": "Mum referred to MARAC for her own safety QX7",
    "rag": "Bruising on a non-mobile sibling QX7",
}

# Every field a referrer may be given, anywhere in the API.
ALLOWED = {
    # their contact, as they sent it, and its outcome
    "id",
    "reference",
    "received_at",
    "channel",
    "status",
    "source_agency",
    "outcome_for_referrer",
    "outcome_sent_at",
    "restricted",
    "completeness",
    "missing_items",
    "source_system",
    "source_reference",
    "subjects",
    "given_name",
    "family_name",
    "role",
    "is_child",
    "is_unborn",
    "expected_delivery_date",
    "immediate_risk",  # what they told us
    # pagination
    "count",
    "next",
    "previous",
    "results",
    # themselves, their agency, their keys, the published thresholds
    "email",
    "full_name",
    "job_title",
    "agency",
    "code",
    "name",
    "agency_type",
    "cin_referral_source",  # the agency's code in the CIN census, published
    "roles",
    "capabilities",
    "teams",
    "prefix",
    "created_at",
    "last_used_at",
    "expires_at",
    "revoked_at",
    "is_active",
    "label",
    "number",
    "description",
    "typical_response",
    "levels",
    "indicators",
    "scale",
    "scales",
    "cumulative_rule",  # the published thresholds' rule for several lower-level indicators
    "domains",
    "domain",
    "subdomain",
    "text",
    "level",
    "title",
    "detail",
    "type",
}
# Fields the contact resource carries for staff: a referrer always gets them empty.
EMPTY_FOR_REFERRER = {
    "decision_due_at",
    "decided_at",
    "clocks_running",
    "rag_margin_seconds",
    "decision_margin_seconds",
    "rag",
    "rag_due_at",
    "rag_paused_at",
    "threshold_level",
    "allocated_to",
    "team",
    "version",
    "person_id",
    "match_status",
    "possible_matches",
    "possible_duplicates",
    "second_reports",
}


@pytest.fixture
def worked(world: World, contact: Any) -> Any:
    """The referrer's contact after a full day of the MASH's work."""
    officer, worker, manager = world.contact_officer, world.social_worker, world.manager
    contact = contact_screen(contact=contact, actor=officer, rag="red", reason=MASH_WORDS["rag"])
    contact = contact_allocate(contact=contact, actor=manager, to=worker)
    case_note_add(contact=contact, actor=worker, kind="note", text=MASH_WORDS["note"])
    subject = contact.contact_subjects.get()
    information_request_send(
        contact=contact,
        actor=worker,
        agency=world.police,
        subjects=[subject],
        questions=MASH_WORDS["question"],
        shared_summary=MASH_WORDS["shared"],
        lawful_basis="children_act_1989_s47",
    )
    record = consent_record(
        contact=contact,
        actor=worker,
        family_told="no",
        consent="not_sought",
        reason=MASH_WORDS["consent"],
        authorised_by=manager,
    )
    consent_sign_off(record=record, actor=manager, note="")
    route_record(
        contact=contact,
        actor=worker,
        data=RouteInput(
            subject=subject, kind="marac", made_on=timezone.localdate(), note=MASH_WORDS["route"]
        ),
    )
    decision = decision_propose(
        contact=contact,
        actor=worker,
        outcomes=[OutcomeInput(subject_id=subject.pk, outcome="strategy_discussion")],
        rationale=MASH_WORDS["rationale"],
        team=world.assessment,
    )
    decision_authorise(decision=decision, actor=world.manager)
    contact.refresh_from_db()
    assert contact.outcome_for_referrer
    return contact


def _fields_reaching(data: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every (dotted key, value) in a JSON answer, nested objects and lists included."""
    found: list[tuple[str, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((f"{path}{key}", value))
            found += _fields_reaching(value, f"{path}{key}.")
    elif isinstance(data, list):
        for item in data:
            found += _fields_reaching(item, path)
    return found


def test_no_page_or_api_answer_gives_a_referrer_the_mashs_work(
    world: World, worked: Any, child: Any
) -> None:
    fx = Fixtures(world, worked, child)
    draft = referral_draft_create(actor=world.referrer)
    client = client_for(world.referrer)
    reached, leaks, fields = [], [], []
    own = {
        "draft_id": draft.pk,
        "step": "concern",
        "index": 0,
        "request_id": worked.information_requests.get().pk,
        "record_id": worked.consent_records.get().pk,
        "subject_id": worked.contact_subjects.get().pk,
        "second_id": worked.pk,
        "other_id": child.pk,
    }
    for route in all_routes():
        if route.name.startswith(("openmash_admin:", "account_", "mfa_", "<unnamed")):
            continue
        try:
            url = _url(route, fx, own)
        except KeyError:  # a route naming a record the referrer has none of (a merge, a batch)
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        reached.append(route.name)
        body = response.content.decode()
        leaks += [(route.name, k) for k, words in MASH_WORDS.items() if words in body]
        if response["Content-Type"].startswith("application/json"):
            for key, value in _fields_reaching(json.loads(body)):
                name = key.rsplit(".", 1)[-1]
                if name in ALLOWED:
                    continue
                if name in EMPTY_FOR_REFERRER and value in (None, "", [], {}):
                    continue
                fields.append((route.name, key, value))
    assert not leaks, f"The MASH's words reached the referrer: {leaks}"
    assert not fields, f"Fields not on the referrer's allow-list: {fields}"
    # The walk reached the referrer's own pages and resources (so it can fail).
    for name in ("contacts:detail", "api:contact_detail", "api:contact_list", "contacts:mine"):
        assert name in reached, (name, sorted(reached))


def _url(route: Any, fx: Fixtures, own: dict[str, Any]) -> str:
    from django.urls import NoReverseMatch, reverse

    from tests.test_permission_matrix import RULES, Route

    others = Route(route.name, route.pattern, tuple(p for p in route.params if p not in own))
    kwargs = {**fx.kwargs(others), **{p: own[p] for p in route.params if p in own}}
    try:
        return reverse(route.name, kwargs=kwargs or None)
    except NoReverseMatch:
        # A parameter the defaults fill for another route (allauth's provider_id "sso" on a care
        # provider's page): the route's permission rule makes the object it names.
        rule = RULES[route.name]
        assert rule.kwargs is not None, route.name
        return reverse(route.name, kwargs={**kwargs, **rule.kwargs(fx)})
