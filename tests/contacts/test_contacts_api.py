"""POST /api/v1/contacts/ and reading contacts back through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openmash.accounts.services import api_key_create
from openmash.contacts.models import Contact, ContactSubject
from openmash.core.models import AuditEvent
from openmash.people.models import Person
from tests.conftest import World, client_for, make_user
from tests.text import ARABIC_INDIC, in_script

pytestmark = pytest.mark.clock

URL = "/api/v1/contacts/"


def _body(agency_code: str = "POL", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "received_at": "2026-01-05T21:40:00+00:00",
        "channel": "api",
        "source": {"agency_code": agency_code, "name": "PC Ada Brook", "phone": "01632 960002"},
        "subjects": [
            {
                "given_name": "Leo",
                "family_name": "Marsh",
                "date_of_birth": "2018-11-09",
                "sex": "M",
                "nhs_number": "9990000034",
                "address": {"line1": "4 Mill Lane", "postcode": "M1 1AE"},
                "is_child": True,
            }
        ],
        "concern": "Domestic incident; Leo was in the house.",
        "categories": ["neglect"],
        "immediate_risk": False,
        "consent": {"status": "not_sought", "family_told": "no", "reason": "Police investigation"},
    }
    body.update(changes)
    return body


def _post(user: Any, body: dict[str, Any]) -> Any:
    return client_for(user).post(URL, body, content_type="application/json")


def test_staff_post_a_contact_and_get_its_reference_and_matches(world: World, child: Any) -> None:
    body = _body(source_system="VIST", source_reference="V-1001")
    body["subjects"].append(
        {
            "given_name": "Ayaan",
            "family_name": "Rahman",
            "date_of_birth": "2016-03-14",
            "is_child": True,
        }
    )
    response = _post(world.contact_officer, body)
    assert response.status_code == 201, response.json()
    data = response.json()
    contact = Contact.objects.get(pk=data["id"])
    assert data["reference"] == contact.reference
    assert data["status"] == "received"
    assert (data["source_system"], data["source_reference"]) == ("VIST", "V-1001")
    assert (
        data["subjects"][0]["person_id"]
        == ContactSubject.objects.filter(contact=contact).first().person_id
    )
    assert data["subjects"][1]["possible_matches"][0]["person_id"] == child.pk
    assert data["possible_duplicates"] == []
    assert contact.received_at.isoformat() == "2026-01-05T21:40:00+00:00"
    assert AuditEvent.objects.filter(verb="contact.created", target_id=str(contact.pk)).exists()


def test_a_second_report_of_the_same_incident_lists_the_possible_duplicate(world: World) -> None:
    first = _post(world.contact_officer, _body(source_system="VIST", source_reference="V-1")).json()
    second = _post(
        world.contact_officer, _body(source_system="CARA", source_reference="C-1")
    ).json()
    assert second["possible_duplicates"] == [
        {"id": first["id"], "reference": first["reference"], "status": "suspected"}
    ]


def test_a_repeat_post_with_the_same_source_reference_is_a_conflict(world: World) -> None:
    first = _post(world.contact_officer, _body(source_system="VIST", source_reference="V-7"))
    counts = (Contact.objects.count(), Person.objects.count())
    again = _post(world.contact_officer, _body(source_system="VIST", source_reference="V-7"))
    assert again.status_code == 409
    assert again.json()["id"] == first.json()["id"]
    assert (Contact.objects.count(), Person.objects.count()) == counts


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nhs_number": "9990000035"}, "subjects.0.nhs_number", "Enter a valid NHS number"),
        ({"upn": "Z801200001001"}, "subjects.0.upn", "Enter a valid UPN"),
        (
            {"address": {"postcode": "NOPE"}},
            "subjects.0.address.postcode",
            "Enter a full UK postcode",
        ),
        (
            {"date_of_birth": "2999-01-01"},
            "subjects.0.date_of_birth",
            "Date of birth must be in the past",
        ),
        ({"date_of_birth": "not a date"}, "subjects.0.date_of_birth", "Date has wrong format"),
    ],
)
def test_subject_problems_are_400_with_field_paths_and_nothing_is_saved(
    world: World, changes: dict, field: str, message: str
) -> None:
    body = _body()
    body["subjects"][0].update(changes)
    counts = (Contact.objects.count(), Person.objects.count(), ContactSubject.objects.count())
    response = _post(world.contact_officer, body)
    assert response.status_code == 400
    assert message in response.json()["errors"][field][0], response.json()
    assert (
        Contact.objects.count(),
        Person.objects.count(),
        ContactSubject.objects.count(),
    ) == counts


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"immediate_risk": True}, "immediate_risk_details", "Describe the immediate risk"),
        ({"consent": {"status": "refused"}}, "consent.reason", "Enter why consent was not sought"),
        (
            {"is_anonymous": True},
            "anonymous_reason",
            "Enter why this consultation must be anonymous",
        ),
        ({"received_at": "2999-01-01T10:00:00+00:00"}, "received_at", "must be in the past"),
        ({"categories": ["no_such_thing"]}, "categories", "is not a concern category"),
        ({"source_system": "VIST"}, "source_reference", "Give both the source system"),
        ({"subjects": []}, "subjects", "This list may not be empty."),
        (
            {"source": {"agency_code": "NOPE"}},
            "source.agency_code",
            "Enter the code of a known agency",
        ),
    ],
)
def test_contact_problems_are_400_with_field_messages(
    world: World, changes: dict, field: str, message: str
) -> None:
    response = _post(world.contact_officer, _body(**changes))
    assert response.status_code == 400
    assert message in response.json()["errors"][field][0], response.json()
    assert Contact.objects.count() == 0


def test_a_referrer_posts_for_their_own_agency_and_sees_no_index_details(
    world: World, child: Any
) -> None:
    body = _body("SCH", received_at=None, channel="phone")
    body["subjects"][0].update(
        given_name="Ayaan", family_name="Rahman", date_of_birth="2016-03-14", nhs_number=""
    )
    response = _post(world.referrer, body)
    assert response.status_code == 201, response.json()
    data = response.json()
    contact = Contact.objects.get(pk=data["id"])
    assert contact.submitted_by == world.referrer
    assert contact.channel == "api"
    assert data["subjects"][0]["person_id"] is None
    assert data["subjects"][0]["possible_matches"] == []
    assert data["possible_duplicates"] == []


def test_a_referrer_cannot_post_for_another_agency(world: World) -> None:
    response = _post(world.referrer, _body("POL"))
    assert response.status_code == 403
    assert Contact.objects.count() == 0
    # The same body for their own agency is accepted.
    assert _post(world.referrer, _body("SCH")).status_code == 201


def test_those_who_neither_refer_nor_record_cannot_post(world: World) -> None:
    for user in (world.police_rep, world.auditor, world.admin):
        assert _post(user, _body()).status_code == 403
    assert Client().post(URL, _body(), content_type="application/json").status_code in (401, 403)
    assert Contact.objects.count() == 0


def test_another_agencys_source_reference_is_neither_a_conflict_nor_revealed(world: World) -> None:
    police = _post(world.contact_officer, _body(source_system="VIST", source_reference="S-1"))
    school = _post(world.referrer, _body("SCH", source_system="VIST", source_reference="S-1"))
    # The same body as the police's, from a school: a contact of the school's, not a 409 saying
    # that the police have already used the reference.
    assert school.status_code == 201
    assert school.json()["id"] != police.json()["id"]
    assert school.json()["source_agency"] == "SCH"
    keys = Contact.objects.values_list("source_agency__code", "source_system", "source_reference")
    assert sorted(keys) == [("POL", "VIST", "S-1"), ("SCH", "VIST", "S-1")]


def test_a_referrer_re_sending_its_own_reference_is_told_of_its_own_contact(world: World) -> None:
    other = _post(world.outsider, _body("SCH2", source_system="MIS", source_reference="S-1"))
    first = _post(world.referrer, _body("SCH", source_system="MIS", source_reference="S-1"))
    counts = (Contact.objects.count(), Person.objects.count())
    again = _post(world.referrer, _body("SCH", source_system="MIS", source_reference="S-1"))
    assert (other.status_code, first.status_code, again.status_code) == (201, 201, 409)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["reference"] == first.json()["reference"]
    assert (Contact.objects.count(), Person.objects.count()) == counts


def test_a_colleagues_contact_with_the_reference_is_a_conflict_not_named(world: World) -> None:
    colleague = make_user("colleague@school.test", world.school, "referrer")
    _post(colleague, _body("SCH", source_system="MIS", source_reference="S-1"))
    again = _post(world.referrer, _body("SCH", source_system="MIS", source_reference="S-1"))
    assert again.status_code == 409
    assert "id" not in again.json()
    assert Contact.objects.count() == 1


def test_staff_sending_for_two_agencies_may_use_one_reference_once_each(world: World) -> None:
    police = _post(world.contact_officer, _body("POL", source_system="MIS", source_reference="S-1"))
    school = _post(world.contact_officer, _body("SCH", source_system="MIS", source_reference="S-1"))
    again = _post(world.contact_officer, _body("POL", source_system="MIS", source_reference="S-1"))
    assert (police.status_code, school.status_code, again.status_code) == (201, 201, 409)
    assert again.json()["id"] == police.json()["id"]


def test_a_referrer_reads_the_status_and_outcome_by_reference(world: World) -> None:
    created = _post(world.referrer, _body("SCH")).json()
    Contact.objects.filter(pk=created["id"]).update(outcome_for_referrer="Early help offered")
    listing = client_for(world.referrer).get(URL, {"reference": created["reference"]}).json()
    assert listing["count"] == 1
    assert listing["results"][0]["outcome_for_referrer"] == "Early help offered"
    detail = client_for(world.referrer).get(f"{URL}{created['id']}/").json()
    assert detail["status"] == "received"
    assert detail["outcome_for_referrer"] == "Early help offered"
    assert client_for(world.outsider).get(f"{URL}{created['id']}/").status_code == 404
    assert (
        client_for(world.outsider).get(URL, {"reference": created["reference"]}).json()["count"]
        == 0
    )


def test_an_api_key_can_post_contacts(world: World) -> None:
    _, secret = api_key_create(actor=None, user=world.contact_officer, name="Police gateway")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(URL, _body(), content_type="application/json")
    assert response.status_code == 201
    row = AuditEvent.objects.get(verb="contact.created")
    assert row.via.startswith("api:")


def test_an_nhs_number_in_arabic_indic_digits_is_stored_as_digits_and_matches(
    world: World, child: Any
) -> None:
    body = _body()
    body["subjects"][0].update(
        given_name="Ayaan",
        family_name="Rahman",
        date_of_birth="2016-03-14",
        nhs_number=in_script("9990000018", ARABIC_INDIC),
    )
    response = _post(world.contact_officer, body)
    assert response.status_code == 201, response.json()
    subject = ContactSubject.objects.get(contact_id=response.json()["id"])
    assert subject.nhs_number == "9990000018"
    assert subject.person_id == child.pk
