"""Routes of information requests: workers send and withdraw them, the agency's representative
(police_rep, for requests to the police) reads and answers them, front-door staff and auditors
read them and the response-time report."""

from __future__ import annotations

from typing import Any

from tests.permission_rules import FRONT_DOOR, Rule

WORKERS = frozenset({"contact_officer", "social_worker", "manager"})
READERS = FRONT_DOOR | {"police_rep"}
POLICE_REP = frozenset({"police_rep"})


def _police_request(fx: Any) -> Any:
    """An open request to the police about the fixture contact (screened first)."""
    from openmash.frontdoor.services.rag import contact_screen
    from openmash.frontdoor.services.requests import information_request_send

    contact = contact_screen(contact=fx.contact, actor=fx.world.social_worker, rag="amber")
    return information_request_send(
        contact=contact,
        actor=fx.world.social_worker,
        agency=fx.world.police,
        subjects=list(contact.contact_subjects.all()),
        questions="Is the family known to you?",
        shared_summary="A child was seen with a bruise.",
        lawful_basis="children_act_1989_s47",
    )


def _open(fx: Any) -> dict[str, Any]:
    return {"request_id": _police_request(fx).pk}


def _answered(fx: Any) -> dict[str, Any]:
    from openmash.frontdoor.services.requests import information_request_respond

    request = _police_request(fx)
    information_request_respond(request=request, actor=fx.world.police_rep, response="Not known.")
    return {"request_id": request.pk}


RULES: dict[str, Rule] = {
    "frontdoor:request_new": Rule(WORKERS),
    "frontdoor:request_inbox": Rule(READERS, reads=True),
    "frontdoor:request_report": Rule(FRONT_DOOR),
    "frontdoor:request_detail": Rule(READERS, reads=True, kwargs=_open),
    "frontdoor:request_respond": Rule(
        POLICE_REP,
        method="post",
        kwargs=_open,
        body=lambda fx: {"response": "Two call-outs in March.", "version": "0"},
        content_type="multipart",
    ),
    "frontdoor:request_answered": Rule(READERS, reads=True, kwargs=_answered),
    "frontdoor:request_withdraw": Rule(WORKERS, kwargs=_open),
    "api:contact_information_requests": Rule(FRONT_DOOR, reads=True),
    "api:information_request_list": Rule(READERS, reads=True),
    "api:information_request_report": Rule(FRONT_DOOR),
    "api:information_request_detail": Rule(READERS, reads=True, kwargs=_open),
    "api:information_request_respond": Rule(
        POLICE_REP, method="post", kwargs=_open, body=lambda fx: {"response": "Not known."}
    ),
    "api:information_request_withdraw": Rule(
        WORKERS, method="post", kwargs=_open, body=lambda fx: {"reason": "Asked in error"}
    ),
}
