"""Every API error is an RFC 9457 problem (application/problem+json), whatever raised it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from rest_framework.throttling import BaseThrottle

from openmash.accounts.apis import MeApi
from openmash.accounts.middleware import SESSION_LAST_SEEN
from openmash.accounts.services import api_key_create, api_key_revoke
from openmash.api.problems import (
    ALREADY_RECEIVED,
    REFUSED,
    RESTRICTED,
    STALE_VERSION,
    VALIDATION,
    ProblemType,
    about_blank,
    flatten_errors,
)
from openmash.people.services import person_restrict
from tests.conftest import World, client_for, make_user

if TYPE_CHECKING:
    # What the test client returns: a response with .json() and the request it answered.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.clock  # a session's idle limit, and a contact's clocks as it is screened

BREAK_GLASS = "/api/v1/break-glass/"
INVALID_BREAK_GLASS = {"target_type": "user", "target_id": "six"}
REPEATED = {
    "source": {"agency_code": "POL"},
    "subjects": [{"given_name": "Leo", "family_name": "Marsh"}],
    "concern": "Domestic incident.",
    "source_system": "VIST",
    "source_reference": "V-7",
}


@dataclass
class Setting:
    world: World
    child: Any
    contact: Any
    monkeypatch: pytest.MonkeyPatch
    settings: Any


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _post(user: Any, url: str, body: Any) -> TestResponse:
    return client_for(user).post(url, body, content_type="application/json")


def _invalid_fields(s: Setting) -> TestResponse:
    return _post(s.world.social_worker, BREAK_GLASS, INVALID_BREAK_GLASS)


def _unreadable_json(s: Setting) -> TestResponse:
    return _post(s.world.social_worker, BREAK_GLASS, "{not json")


def _no_credentials(s: Setting) -> TestResponse:
    return Client().get("/api/v1/me/")


def _a_wrong_key(s: Setting) -> TestResponse:
    return _bearer("om_deadbeef_not-a-real-key").get("/api/v1/me/")


def _an_expired_session(s: Setting) -> TestResponse:
    client = client_for(s.world.social_worker)
    client.get("/api/v1/me/")
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - s.settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    return client.get("/api/v1/me/")


def _the_wrong_role(s: Setting) -> TestResponse:
    return client_for(s.world.referrer).get("/api/v1/users/")


def _no_mfa(s: Setting) -> TestResponse:
    newcomer = make_user("new@council.test", s.world.la, "social_worker", mfa=False)
    return client_for(newcomer).get("/api/v1/me/")


def _a_restricted_record(s: Setting) -> TestResponse:
    person_restrict(actor=s.world.manager, person=s.child, named_users=[s.world.manager])
    return client_for(s.world.social_worker).get(f"/api/v1/persons/{s.child.pk}/")


def _a_record_out_of_sight(s: Setting) -> TestResponse:
    return client_for(s.world.outsider).get(f"/api/v1/contacts/{s.contact.pk}/")


def _no_such_key(s: Setting) -> TestResponse:
    return client_for(s.world.referrer).post("/api/v1/api-keys/999999/revoke/")


def _a_page_past_the_end(s: Setting) -> TestResponse:
    return client_for(s.world.referrer).get("/api/v1/agencies/?page=99")


def _page_zero(s: Setting) -> TestResponse:
    return client_for(s.world.referrer).get("/api/v1/agencies/?page=0")


def _page_size_not_a_number(s: Setting) -> TestResponse:
    return client_for(s.world.referrer).get("/api/v1/agencies/?page_size=null")


def _no_such_url(s: Setting) -> TestResponse:
    return client_for(s.world.social_worker).get("/api/v1/contacts/abc/")


def _the_wrong_method(s: Setting) -> TestResponse:
    return client_for(s.world.social_worker).get(BREAK_GLASS)


def _not_json(s: Setting) -> TestResponse:
    client = client_for(s.world.social_worker)
    return client.post(BREAK_GLASS, "reason=urgent", content_type="text/plain")


def _a_form(s: Setting) -> TestResponse:
    client = client_for(s.world.social_worker)
    return client.post(BREAK_GLASS, {"reason": "urgent"})  # multipart/form-data


def _xml_wanted(s: Setting) -> TestResponse:
    return client_for(s.world.referrer).get("/api/v1/me/", headers={"Accept": "application/xml"})


class _Refuse(BaseThrottle):
    def allow_request(self, request: Any, view: Any) -> bool:
        return False

    def wait(self) -> float:
        return 7


def _too_many_requests(s: Setting) -> TestResponse:
    s.monkeypatch.setattr(MeApi, "throttle_classes", [_Refuse])
    return client_for(s.world.referrer).get("/api/v1/me/")


def _a_revoked_key_revoked_again(s: Setting) -> TestResponse:
    key, _ = api_key_create(actor=None, user=s.world.referrer, name="School MIS")
    api_key_revoke(actor=s.world.referrer, key=key)
    return client_for(s.world.referrer).post(f"/api/v1/api-keys/{key.pk}/revoke/")


def _a_service_rule_on_a_field(s: Setting) -> TestResponse:
    person_restrict(actor=s.world.manager, person=s.child, named_users=[s.world.manager])
    body = {"target_type": "person", "target_id": s.child.pk, "reason": "urgent"}
    return _post(s.world.social_worker, BREAK_GLASS, body)


def _a_stale_version(s: Setting) -> TestResponse:
    url = f"/api/v1/contacts/{s.contact.pk}/screen/"
    _post(s.world.contact_officer, url, {"rag": "amber", "version": 0})
    return _post(s.world.social_worker, url, {"rag": "red", "reason": "Worse", "version": 0})


def _a_repeated_source_reference(s: Setting) -> TestResponse:
    _post(s.world.contact_officer, "/api/v1/contacts/", REPEATED)
    return _post(s.world.contact_officer, "/api/v1/contacts/", REPEATED)


@dataclass(frozen=True)
class Case:
    call: Callable[[Setting], TestResponse]
    status: int
    type: ProblemType | None  # None: about:blank
    detail: str


CASES = {
    "ValidationError": Case(_invalid_fields, 400, VALIDATION, '"user" is not a valid choice.'),
    "ParseError": Case(
        _unreadable_json,
        400,
        None,
        "JSON parse error - Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
    ),
    "NotAuthenticated": Case(
        _no_credentials, 401, None, "Authentication credentials were not provided."
    ),
    "AuthenticationFailed": Case(
        _a_wrong_key, 401, None, "The API key is not valid or has been revoked."
    ),
    "session expired": Case(
        _an_expired_session,
        401,
        None,
        "You were signed out because you had not done anything for 30 minutes.",
    ),
    "PermissionDenied": Case(_the_wrong_role, 403, None, "Only administrators can list users."),
    "MFA not set up": Case(
        _no_mfa, 403, None, "Set up two-factor authentication before using the API."
    ),
    "RecordRestricted": Case(
        _a_restricted_record,
        403,
        RESTRICTED,
        "This record is restricted. Ask for emergency access with a reason: "
        "POST /api/v1/break-glass/ with target_type, target_id and reason.",
    ),
    "Http404": Case(_a_record_out_of_sight, 404, None, "Not found."),
    "NotFound": Case(_no_such_key, 404, None, "Not found."),
    "NotFound (page)": Case(_a_page_past_the_end, 404, None, "Invalid page."),
    "ValidationError (page)": Case(
        _page_zero, 400, VALIDATION, "Enter a page number: a whole number from 1."
    ),
    "ValidationError (page size)": Case(
        _page_size_not_a_number, 400, VALIDATION, "Enter a page size: a whole number from 1."
    ),
    "no such API URL": Case(_no_such_url, 404, None, "Not found."),
    "MethodNotAllowed": Case(_the_wrong_method, 405, None, 'Method "GET" not allowed.'),
    "NotAcceptable": Case(_xml_wanted, 406, None, "Could not satisfy the request Accept header."),
    "UnsupportedMediaType": Case(
        _not_json, 415, None, 'Unsupported media type "text/plain" in request.'
    ),
    "UnsupportedMediaType (a form)": Case(
        _a_form,
        415,
        None,
        'Unsupported media type "multipart/form-data; boundary=BoUnDaRyStRiNg" in request.',
    ),
    "Throttled": Case(
        _too_many_requests, 429, None, "Request was throttled. Expected available in 7 seconds."
    ),
    "ApplicationError": Case(
        _a_revoked_key_revoked_again, 400, REFUSED, "This API key is already revoked."
    ),
    "ApplicationError on a field": Case(
        _a_service_rule_on_a_field,
        400,
        VALIDATION,
        "Enter the reason you need emergency access, in at least 10 characters.",
    ),
    "ConflictError": Case(
        _a_stale_version,
        409,
        STALE_VERSION,
        "Someone else changed this contact while you were working on it. "
        "Reload the page to see their change, then make yours again.",
    ),
    "source reference repeated": Case(
        _a_repeated_source_reference,
        409,
        ALREADY_RECEIVED,
        "This agency has already sent a contact with this source system and reference.",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_every_kind_of_error_is_a_problem_with_its_status(
    world: World, child: Any, contact: Any, monkeypatch: Any, settings: Any, case: Case
) -> None:
    response = case.call(Setting(world, child, contact, monkeypatch, settings))
    assert response.status_code == case.status, response.content
    assert response["Content-Type"] == "application/problem+json"
    kind = case.type or about_blank(case.status)
    body = response.json()
    assert body["type"] == kind.uri
    assert body["title"] == kind.title
    assert body["status"] == case.status
    assert body["detail"] == case.detail


def test_an_unknown_page_outside_the_api_is_still_the_sites_own_404(world: World) -> None:
    response = client_for(world.social_worker).get("/contacts/abc/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_about_blank_problems_are_titled_with_the_status_phrase() -> None:
    assert about_blank(404).title == "Not Found" == HTTPStatus.NOT_FOUND.phrase
    assert about_blank(404).uri == "about:blank"


def test_field_errors_are_listed_by_field_and_the_first_is_the_detail(world: World) -> None:
    response = _post(world.social_worker, BREAK_GLASS, INVALID_BREAK_GLASS)
    assert response.json()["errors"] == {
        "target_type": ['"user" is not a valid choice.'],
        "target_id": ["A valid integer is required."],
        "reason": ["This field is required."],
    }


def test_a_service_rule_on_a_field_names_that_field(world: World, child: Any) -> None:
    person_restrict(actor=world.manager, person=child, named_users=[world.manager])
    response = _post(
        world.social_worker,
        BREAK_GLASS,
        {"target_type": "person", "target_id": child.pk, "reason": "urgent"},
    )
    message = "Enter the reason you need emergency access, in at least 10 characters."
    assert response.json()["errors"] == {"reason": [message]}


def test_a_rule_without_a_field_and_the_other_problems_have_no_errors(world: World) -> None:
    key, _ = api_key_create(actor=None, user=world.referrer, name="School MIS")
    api_key_revoke(actor=world.referrer, key=key)
    again = client_for(world.referrer).post(f"/api/v1/api-keys/{key.pk}/revoke/")
    assert "errors" not in again.json()
    assert "errors" not in client_for(world.referrer).get("/api/v1/users/").json()


def test_a_401_still_says_how_to_authenticate(world: World) -> None:
    assert Client().get("/api/v1/me/")["WWW-Authenticate"] == "Bearer"


def test_a_throttled_request_is_told_when_to_retry(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(MeApi, "throttle_classes", [_Refuse])
    assert client_for(world.referrer).get("/api/v1/me/")["Retry-After"] == "7"


def test_a_restricted_record_names_itself_for_break_glass(world: World, child: Any) -> None:
    person_restrict(actor=world.manager, person=child, named_users=[world.manager])
    body = client_for(world.social_worker).get(f"/api/v1/persons/{child.pk}/").json()
    assert (body["target_type"], body["target_id"]) == ("person", str(child.pk))


def test_a_repeated_source_reference_says_what_to_do_and_names_the_contact(world: World) -> None:
    first = _post(world.contact_officer, "/api/v1/contacts/", REPEATED).json()
    body = _post(world.contact_officer, "/api/v1/contacts/", REPEATED).json()
    assert body["errors"] == {
        "source_reference": [
            "Do not send this contact again. A new contact needs a source reference of its own"
        ]
    }
    assert (body["id"], body["reference"]) == (first["id"], first["reference"])


def test_nested_field_errors_are_flattened_to_dotted_paths(world: World) -> None:
    body = {
        "source": {"name": "PC Ada Brook"},
        "subjects": [
            {"given_name": "Leo", "family_name": "Marsh"},
            {
                "given_name": "Mia",
                "family_name": "Marsh",
                "date_of_birth": "not a date",
                "address": {"postcode": "M1 1AE M1 1AE"},
            },
        ],
        "concern": "Domestic incident.",
        "consent": "refused",
    }
    errors = _post(world.contact_officer, "/api/v1/contacts/", body).json()["errors"]
    assert set(errors) == {
        "source.agency_code",
        "subjects.1.date_of_birth",
        "subjects.1.address.postcode",
        "consent",
    }
    assert errors["source.agency_code"] == ["This field is required."]
    assert errors["consent"] == ["Invalid data. Expected a dictionary, but got str."]


def test_a_body_that_is_not_an_object_is_a_problem_at_the_empty_path(world: World) -> None:
    response = _post(world.contact_officer, "/api/v1/contacts/", ["not", "an", "object"])
    assert response.json()["errors"] == {"": ["Invalid data. Expected a dictionary, but got list."]}


def test_service_field_names_become_api_field_paths(world: World, child: Any) -> None:
    body = {
        "source": {"agency_code": "POL"},
        "subjects": [
            {"given_name": "Leo", "family_name": "Marsh"},
            {"given_name": "Mia", "family_name": "Marsh", "address": {"postcode": "NOPE"}},
        ],
        "concern": "Domestic incident.",
        "consent": {"status": "refused"},
    }
    errors = _post(world.contact_officer, "/api/v1/contacts/", body).json()["errors"]
    assert errors == {
        "subjects.1.address.postcode": ["Enter a full UK postcode, like SW1A 1AA"],
        "consent.reason": ["Enter why consent was not sought or what was said"],
    }


@pytest.mark.parametrize(
    ("errors", "flat"),
    [
        ({"name": ["Enter a name"]}, {"name": ["Enter a name"]}),
        (
            {"ids": {0: ["A valid integer is required."]}},
            {"ids.0": ["A valid integer is required."]},
        ),
        (
            {"subjects": [{}, {"address": {"postcode": ["Too long"]}}]},
            {"subjects.1.address.postcode": ["Too long"]},
        ),
        ({"source": {"non_field_errors": ["Not an object"]}}, {"source": ["Not an object"]}),
        ({"non_field_errors": ["Not an object"]}, {"": ["Not an object"]}),
        (["Invalid input."], {"": ["Invalid input."]}),
    ],
)
def test_flatten_errors(errors: Any, flat: dict[str, list[str]]) -> None:
    assert flatten_errors(errors) == flat


def test_a_number_where_a_string_belongs_is_refused_not_made_a_string(world: World) -> None:
    """The schema says string: `0` is not "0" (schemathesis found `"note": 0` taken)."""
    body = {
        "source": {"agency_code": "SCH"},
        "subjects": [{"given_name": "Leo", "family_name": "Marsh"}],
        "concern": 0,
    }
    client = client_for(world.referrer)
    response = client.post("/api/v1/contacts/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"concern": ["Not a valid string."]}
    suggest = client.post(
        "/api/v1/thresholds/suggest/",
        {"scale": "adults", "indicators": [], "s42": {"unable_to_protect_self": {"note": 0}}},
        content_type="application/json",
    )
    assert suggest.status_code == 400
    assert list(suggest.json()["errors"]) == ["s42.unable_to_protect_self.note"]
