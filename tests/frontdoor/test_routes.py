"""Onward referrals and actions (issue 13 item 11): MARAC, Prevent, NRM and police protection,
each about one person named in the contact, with its date and reference, through the service, the
page and the API alike."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openmash.contacts.models import ContactSubject
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.errors import ApplicationError
from openmash.core.models import AuditEvent
from openmash.frontdoor.models import ContactEvent, RouteAction, RouteKind
from openmash.frontdoor.services.routes import RouteInput, route_record
from tests.conftest import World, client_for, subject_details

pytestmark = pytest.mark.clock


@pytest.fixture
def mother(contact: Any) -> ContactSubject:
    return ContactSubject.objects.create(
        contact=contact,
        role="household",
        relationship_to_subject="Mother",
        is_child=False,
        given_name="Amira",
        family_name="Rahman",
        match_status="new",
    )


@pytest.fixture
def other_contact(world: World, child: Any) -> Any:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="A second family altogether.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
        ),
    )


def _route(contact: Any, subject: ContactSubject, kind: str, **changes: Any) -> RouteInput:
    values: dict[str, Any] = {
        "subject": subject,
        "kind": kind,
        "made_on": timezone.localdate(),
        "reference": "",
        "note": "",
    }
    values.update(changes)
    return RouteInput(**values)


@pytest.mark.parametrize("kind", RouteKind.values)
def test_each_route_is_recorded_with_its_date_reference_chronology_and_audit(
    world: World, contact: Any, mother: ContactSubject, kind: str
) -> None:
    subject = (
        contact.contact_subjects.get(role="subject") if kind == "police_protection" else mother
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    route = route_record(
        contact=contact,
        actor=world.social_worker,
        data=_route(contact, subject, kind, made_on=yesterday, reference="REF-42", note="Agreed"),
    )
    assert (route.kind, route.made_on, route.reference) == (kind, yesterday, "REF-42")
    event = ContactEvent.objects.get(contact=contact, kind="route")
    assert event.summary.startswith(RouteKind(kind).label)
    assert f"{yesterday.day} {yesterday:%B %Y}, reference REF-42" in event.summary
    audit = AuditEvent.objects.get(verb="contact.route_recorded")
    assert audit.summary == {"route": route.pk, "kind": kind, "subject": subject.pk}
    contact.refresh_from_db()
    assert contact.version == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "made_up"}, "kind", "Select the onward referral or action"),
        ({"made_on": date(2099, 1, 1)}, "made_on", "The date must be today or in the past"),
        ({"made_on": date(2020, 1, 1)}, "made_on", "a month before the contact was received"),
        ({"reference": "R" * 101}, "reference", "Shorten this to 100 characters or fewer"),
        ({"reference": "A\x00B"}, "reference", "Remove the control characters"),
        ({"kind": "police_protection"}, "subject", "Police protection is for a child"),
    ],
)
def test_a_route_that_breaks_a_rule_is_refused_naming_the_field(
    world: World,
    contact: Any,
    mother: ContactSubject,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    with pytest.raises(ApplicationError) as refused:
        route_record(
            contact=contact,
            actor=world.social_worker,
            data=_route(contact, mother, **{"kind": "marac", **changes}),
        )
    assert refused.value.field == field
    assert message in refused.value.message
    assert not RouteAction.objects.exists()
    assert not ContactEvent.objects.filter(kind="route").exists()


def test_the_same_referral_twice_is_refused_and_a_person_of_another_contact_too(
    world: World, contact: Any, mother: ContactSubject, other_contact: Any
) -> None:
    route_record(
        contact=contact,
        actor=world.social_worker,
        data=_route(contact, mother, "marac", reference="M-1"),
    )
    with pytest.raises(ApplicationError, match="This MARAC referral is already recorded"):
        route_record(
            contact=contact,
            actor=world.social_worker,
            data=_route(contact, mother, "marac", reference="m-1"),
        )
    stranger = other_contact.contact_subjects.get()
    with pytest.raises(ApplicationError, match="Select a person named in this contact"):
        route_record(
            contact=contact, actor=world.social_worker, data=_route(contact, stranger, "prevent")
        )


def test_only_front_door_workers_record_routes(world: World, contact: Any, mother: Any) -> None:
    for user in (world.referrer, world.auditor, world.police_rep):
        with pytest.raises(ApplicationError):
            route_record(contact=contact, actor=user, data=_route(contact, mother, "nrm"))


def test_the_page_records_a_route_and_the_contact_page_lists_it(
    world: World, contact: Any, mother: ContactSubject
) -> None:
    client = client_for(world.social_worker)
    url = reverse("frontdoor:route_add", args=[contact.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Amira Rahman (adult)" in page.text
    assert "Reference (optional)" in page.text
    assert "(optional) (optional)" not in page.text

    refused = client.post(url, {"kind": "prevent", "subject": str(mother.pk), "version": "0"})
    assert refused.status_code == 200
    assert "<title>Error: " in refused.text
    assert "Enter the date it was made" in refused.text

    today = timezone.localdate()
    response = client.post(
        url,
        {
            "kind": "prevent",
            "subject": str(mother.pk),
            "made_on_day": str(today.day),
            "made_on_month": str(today.month),
            "made_on_year": str(today.year),
            "reference": "PR-2026-17",
            "version": "0",
        },
    )
    assert response.status_code == 302, response.text[response.text.find("error-summary__list") :][
        :400
    ]
    detail = client.get(reverse("contacts:detail", args=[contact.pk])).text
    assert "Onward referrals and actions" in detail
    assert "Prevent referral (risk of radicalisation)" in detail
    assert "PR-2026-17" in detail


def test_the_api_records_and_lists_routes(world: World, contact: Any, mother: Any) -> None:
    client = client_for(world.social_worker)
    url = reverse("api:contact_routes", args=[contact.pk])
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    body = {"subject_id": mother.pk, "kind": "nrm", "made_on": yesterday, "reference": "NRM-9"}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["kind_label"].startswith("National Referral Mechanism")

    response = client.post(url, {**body, "subject_id": 999_999}, content_type="application/json")
    assert response.status_code == 400
    assert "subject_id" in response.json()["errors"]
    response = client.post(
        url, {**body, "kind": "police_protection"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["subject_id"] == [
        "Police protection is for a child: select a child"
    ]

    listed = client_for(world.manager).get(url).json()
    assert [(r["kind"], r["reference"]) for r in listed] == [("nrm", "NRM-9")]
    assert client_for(world.referrer).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
