"""How much one contact, one request and one referrer may send (issue 12 finding 10): the same
limits on every channel, each refusal naming what to change, and nothing written."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from openmash.contacts.drafts import referral_draft_create
from openmash.contacts.models import Contact, ContactSubject, ReferralDraft
from openmash.contacts.plausibility import MAX_CATEGORIES, MAX_SUBJECTS, TEXT_LIMITS
from openmash.contacts.services import (
    ContactInput,
    ContactInvalidError,
    SubjectInput,
    contact_create,
)
from openmash.core.errors import RateLimitedError
from openmash.people.models import Person
from tests.conftest import World, client_for, subject_details
from tests.contacts.test_contacts_api import _body, _post
from tests.contacts.test_imports import csv_of, row, run
from tests.contacts.test_referral_form import _complete_draft, _step

pytestmark = pytest.mark.clock


def _counts() -> tuple[int, int, int]:
    return Contact.objects.count(), ContactSubject.objects.count(), Person.objects.count()


def contact_input(world: World, child: Any) -> ContactInput:
    return ContactInput(
        source_agency=world.school,
        channel="portal",
        concern="Bruise on cheek; says he is scared to go home.",
        subjects=[SubjectInput(details=subject_details(child), person=child)],
    )


def _subject(index: int) -> dict[str, Any]:
    return {"given_name": f"Child{index}", "family_name": "Large", "is_child": True}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"concern": "x" * (TEXT_LIMITS["concern"] + 1)},
            "concern",
            "Ensure this field has no more than 50000 characters.",
        ),
        (
            {"subjects": [_subject(i) for i in range(MAX_SUBJECTS + 1)]},
            "subjects",
            f"Ensure this field has no more than {MAX_SUBJECTS} elements.",
        ),
        (
            {"categories": ["neglect"] * 5_000},
            "categories",
            f"Ensure this field has no more than {MAX_CATEGORIES} elements.",
        ),
        (
            {"immediate_risk": True, "immediate_risk_details": "x" * 10_001},
            "immediate_risk_details",
            "Ensure this field has no more than 10000 characters.",
        ),
    ],
)
def test_the_api_refuses_a_contact_over_a_limit_naming_the_field(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    before = _counts()
    response = _post(world.referrer, _body("SCH", **changes))
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][field] == [message]
    assert _counts() == before


def test_the_api_refuses_a_body_over_the_request_limit_before_reading_it(
    world: World, settings: Any
) -> None:
    body = _body("SCH", concern="x" * 1_100_000)
    before = _counts()
    response = _post(world.referrer, body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith(
        f"The request body is {len(json.dumps(body)):,} bytes; the API takes at most 1,048,576"
    )
    assert _counts() == before


def test_a_contact_at_every_free_text_limit_is_taken(world: World) -> None:
    at_limit = {
        "concern": "y" * TEXT_LIMITS["concern"],
        "immediate_risk": True,
        "immediate_risk_details": "y" * TEXT_LIMITS["immediate_risk_details"],
        "consent": {"status": "refused", "reason": "y" * TEXT_LIMITS["consent_reason"]},
        "subjects": [_subject(i) for i in range(MAX_SUBJECTS)],
    }
    response = _post(world.referrer, _body("SCH", **at_limit))
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    assert len(contact.concern) == TEXT_LIMITS["concern"]
    assert contact.contact_subjects.count() == MAX_SUBJECTS


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"referrer_name": "R" * 201}, "referrer_name"),
        ({"referrer_phone": "0" * 41}, "referrer_phone"),
        ({"source_system": "S" * 33, "source_reference": "1"}, "source_system"),
        ({"concern": "z" * (TEXT_LIMITS["concern"] + 1)}, "concern"),
        ({"anonymous_reason": "z" * (TEXT_LIMITS["anonymous_reason"] + 1)}, "anonymous_reason"),
    ],
)
def test_the_service_refuses_what_its_columns_cannot_hold_on_any_database(
    world: World, child: Any, changes: dict[str, Any], field: str
) -> None:
    """A value longer than its column was a database error on PostgreSQL (and stored whole on
    SQLite): now it is the same message on both, before anything is written."""
    data = contact_input(world, child)
    for name, value in changes.items():
        setattr(data, name, value)
    before = _counts()
    with pytest.raises(ContactInvalidError) as refused:
        contact_create(actor=world.contact_officer, data=data)
    assert [name for name, _ in refused.value.problems] == [field]
    assert "characters or fewer" in refused.value.message
    assert _counts() == before


def test_the_referral_form_refuses_a_concern_over_the_limit_and_keeps_the_draft(
    world: World,
) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    before = dict(draft.data)
    response = client.post(
        _step(draft, "concern"),
        {"concern": "x" * 50_001, "categories_abuse_neglect": ["physical_abuse"]},
    )
    assert response.status_code == 200
    assert "Shorten this to 50,000 characters or fewer (it has 50001)" in response.text
    assert 'maxlength="' not in response.text  # a browser would cut a pasted account short
    draft.refresh_from_db()
    assert draft.data == before


def test_an_import_refuses_a_notification_naming_too_many_people(world: World) -> None:
    rows = [
        row(source_reference="BIG-1", given_name=f"Child{i}", nhs_number="")
        for i in range(MAX_SUBJECTS + 1)
    ]
    before = _counts()
    result = run(world, csv_of(*rows, row(source_reference="OK-1")))
    assert (result.batch.created_rows, result.batch.error_rows) == (1, MAX_SUBJECTS + 1)
    first = result.batch.errors[0]
    assert (first["row"], first["ref"]) == (2, "BIG-1")
    assert first["message"].startswith(f"A contact can name up to {MAX_SUBJECTS} people")
    assert _counts()[0] == before[0] + 1


class TestReferrerRate:
    """A referrer may send OPENMASH_REFERRER_CONTACTS_PER_HOUR contacts in any hour."""

    @pytest.fixture(autouse=True)
    def _three_an_hour(self, settings: Any) -> None:
        settings.REFERRER_CONTACTS_PER_HOUR = 3

    def test_the_api_answers_429_with_retry_after_until_the_hour_has_passed(
        self, world: World, clock: Any
    ) -> None:
        for _ in range(3):
            assert _post(world.referrer, _body("SCH")).status_code == 201
            clock.shift(timedelta(minutes=10))
        before = _counts()
        response = _post(world.referrer, _body("SCH"))
        assert response.status_code == 429
        assert response["Content-Type"] == "application/problem+json"
        # The first of the three was sent 30 minutes ago: the window frees in 30 minutes, less
        # the real seconds the requests took (the test's clock ticks; a loaded machine is slow).
        retry_after = int(response["Retry-After"])
        assert 30 * 60 - 30 <= retry_after <= 30 * 60 + 2
        assert "sent 3 contacts in the last hour" in response.json()["detail"]
        assert "Try again in 30 minutes" in response.json()["detail"]
        assert "phone the MASH or the police now" in response.json()["detail"]
        assert _counts() == before

        clock.shift(timedelta(seconds=retry_after))
        assert _post(world.referrer, _body("SCH")).status_code == 201

    def test_each_referrer_has_their_own_count_and_staff_are_not_counted(
        self, world: World, child: Any
    ) -> None:
        for _ in range(3):
            assert _post(world.referrer, _body("SCH")).status_code == 201
        assert _post(world.referrer, _body("SCH")).status_code == 429
        assert _post(world.outsider, _body("SCH2")).status_code == 201
        for _ in range(4):
            assert _post(world.contact_officer, _body("POL")).status_code == 201

    def test_the_portal_says_when_to_send_and_keeps_the_draft(self, world: World) -> None:
        for _ in range(3):
            assert _post(world.referrer, _body("SCH")).status_code == 201
        client = client_for(world.referrer)
        draft = referral_draft_create(actor=world.referrer)
        _complete_draft(client, draft)
        before = _counts()
        response = client.post(reverse("contacts:refer_check", args=[draft.pk]))
        assert response.status_code == 200
        assert "<title>Error: " in response.text
        assert "the most that can be sent in an hour" in response.text
        assert 'href="#send"' in response.text
        assert _counts() == before
        assert ReferralDraft.objects.filter(pk=draft.pk).exists()

    def test_the_service_refuses_whatever_the_channel(self, world: World, child: Any) -> None:
        data = contact_input(world, child)
        data.submitted_by = world.referrer
        for _ in range(3):
            contact_create(actor=world.referrer, data=data)
        with pytest.raises(RateLimitedError):
            contact_create(actor=world.referrer, data=data)
