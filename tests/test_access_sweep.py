"""The cross-agency access sweep: every route with a record in its URL x every persona x a record
of agency A (the school, its referrer, the police) gives those who must not see it the same 404
as a record that does not exist, and writes `access.refused` naming them, the record and the route.

The routes are read from the URL resolver (the HTML pages and `/api/v1/`), so a new route with a
record in its URL fails `test_every_object_route_has_a_factory` until `FACTORIES` knows how to
make that record. Those who may see the record are checked too, so the sweep fails both ways:
they pass the gate (a page, a redirect or a form's or the API's own 400/409) and write no refusal,
or, when their role may not do what the route does, a 403 (they know the record exists anyway).
The matrix in `test_permission_matrix.py` checks who may use each route; this checks what the
ones who may not see a particular record are told.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from openmash.accounts.models import AgencyType, User
from openmash.accounts.services import agency_create, api_key_create
from openmash.contacts.models import ContactSubject
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.core.audit import AuditVerb, audit_seal, audit_verify
from openmash.core.models import AuditEvent
from tests.clock import fixed_now
from tests.conftest import World, build_world, client_for, make_user, subject_details
from tests.permission_rules import Rule, all_rules
from tests.test_permission_matrix import Route, all_routes

RULES = all_rules()
MISSING_ID = 987_654_321
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Every role, the second school's referrer and a second police force's representative.
FRONT_DOOR_ROLES = {
    "contact_officer": "contact_officer",
    "social_worker": "social_worker",
    "adults_social_worker": "adults_social_worker",
    "manager": "team_manager",
    "lado": "lado",
    "edt": "edt",
    "exploitation": "exploitation",
    "early_help": "early_help",
    "auditor": "quality_lead",
}
RECORDERS = frozenset(
    {"contact_officer", "social_worker", "adults_social_worker", "manager", "lado", "edt"}
)
FRONT_DOOR = frozenset(FRONT_DOOR_ROLES)
PERSONAS = [
    "referrer",
    "outsider",
    "police_rep",
    "other_police_rep",
    *FRONT_DOOR_ROLES,
    "admin",
]
# Those who call the API with a key: partner agencies' systems, and staff and auditors' scripts.
KEYED = [
    "referrer",
    "outsider",
    "police_rep",
    "other_police_rep",
    "social_worker",
    "auditor",
    "admin",
]
# The persona of the permission matrix whose rules a role shares: the sweep expects a seer to be
# let through where the matrix lets its twin through. Exploitation and early help workers read
# the front door without recording contacts or auditing: no persona of the matrix is like them.
TWIN = {
    "referrer": "referrer",
    "police_rep": "police_rep",
    "contact_officer": "contact_officer",
    "social_worker": "social_worker",
    "adults_social_worker": "contact_officer",
    "manager": "manager",
    "lado": "contact_officer",
    "edt": "contact_officer",
    "auditor": "auditor",
    "admin": "admin",
}


@dataclass
class Records:
    """Agency A's records, one per kind, and the users and keys of the sweep."""

    world: World
    users: dict[str, User]
    keys: dict[str, str]
    objects: dict[str, Any]


# --- Factories: the record behind each URL parameter ----------------------------------------


@dataclass(frozen=True)
class Factory:
    """How to make agency A's record for a URL parameter, and who may see it."""

    model: str  # the audit log's target_type
    make: Callable[[Records], Any]
    seen_by: frozenset[str]
    # A restricted record: these personas could see it but for its restriction, so they get the
    # break-glass page (403) and an `access.refused` row saying "restricted".
    restricted_for: frozenset[str] = frozenset()


def _contact(r: Records, concern: str = "Bruise on cheek; says he is scared to go home.") -> Any:
    child = r.objects["child"]
    return contact_create(
        actor=r.world.referrer,
        data=ContactInput(
            source_agency=r.world.school,
            channel="portal",
            concern=concern,
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=r.world.referrer,
        ),
    )


def _person(given: str, family: str, *, restricted: bool = False) -> Any:
    from openmash.people.services import person_create, person_restrict

    person = person_create(
        actor=None, given_name=given, family_name=family, date_of_birth=date(2015, 5, 1)
    )
    return person_restrict(actor=None, person=person, named_users=[]) if restricted else person


def _draft(r: Records) -> Any:
    from openmash.contacts.drafts import referral_draft_create, referral_draft_update

    draft = referral_draft_create(actor=r.world.referrer)
    child = {"kind": "child", "given_name": "Maisie", "family_name": "Okafor"}
    return referral_draft_update(actor=r.world.referrer, draft=draft, answers={"subjects": [child]})


def _batch(r: Records) -> Any:
    from openmash.contacts.models import ImportBatch

    return ImportBatch.objects.create(
        file_name="vist.csv",
        source_system="VIST",
        uploaded_by=r.world.contact_officer,
        status="done",
        errors=[{"row": 2, "field": "DOB", "message": "Enter the date of birth", "ref": "V-1"}],
    )


def _police_request(r: Records) -> Any:
    from openmash.frontdoor.services.rag import contact_screen
    from openmash.frontdoor.services.requests import information_request_send

    contact = contact_screen(
        contact=_contact(r, "Police called to the house twice."),
        actor=r.world.social_worker,
        rag="amber",
    )
    return information_request_send(
        contact=contact,
        actor=r.world.social_worker,
        agency=r.world.police,
        subjects=list(contact.contact_subjects.all()),
        questions="Is the family known to you?",
        shared_summary="A child was seen with a bruise.",
        lawful_basis="children_act_1989_s47",
    )


def _consent_awaiting_sign_off(r: Records) -> Any:
    from openmash.frontdoor.services.consent import consent_record
    from openmash.frontdoor.services.rag import contact_screen

    contact = contact_screen(
        contact=_contact(r, "Mother says her partner hits her."),
        actor=r.world.social_worker,
        rag="red",
    )
    return consent_record(
        contact=contact,
        actor=r.world.social_worker,
        family_told="yes",
        consent="refused",
        reason="Father refused: he says the school is exaggerating.",
        refusal_accepted=True,
    )


def _merge(r: Records) -> Any:
    from openmash.people.services import person_merge

    return person_merge(
        actor=r.world.manager,
        survivor=_person("Ayan", "Rahman"),
        merged=_person("Ayaan", "Rahman"),
        reason="Same child: the school confirmed the date of birth",
    )


def _person_pair(r: Records) -> Any:
    from openmash.people.models import PersonPair

    return PersonPair.objects.create(
        person=r.objects["child"],
        other=_person("Ayan", "Rahman"),
        levels={"family": "exact", "given": "close"},
        score=0.9,
    )


def _edt_record(r: Records) -> Any:
    from tests.outofhours.helpers import edt_record_for

    return edt_record_for(r.world)


def _missing_episode(r: Records) -> Any:
    """Reported by the world's police force: its representative sees it, another force does not."""
    from tests.exploitation.helpers import episode_for

    return episode_for(r.world)


def _screening(r: Records) -> Any:
    from tests.exploitation.helpers import screening_for

    return screening_for(r.world)


def _meeting(r: Records) -> Any:
    from tests.exploitation.helpers import meeting_for

    return meeting_for(r.world)


def _grant(r: Records) -> Any:
    from openmash.core.access import break_glass_open

    return break_glass_open(
        user=r.world.social_worker,
        target=_person("Riley", "Staffmember", restricted=True),
        reason="Child may be at risk tonight",
    )


def _allegation(r: Records) -> Any:
    """An allegation the school's referrer made (restricted: named LADO staff only)."""
    from tests.lado.helpers import allegation_for

    return allegation_for(r.world)


def _household(r: Records) -> Any:
    from openmash.people.models import Household

    household = Household.objects.create(address_line1="1 Test Street", postcode="TE1 1ST")
    household.members.add(r.objects["child"])
    return household


def _family_help_case(r: Records) -> Any:
    """A family the school's designated safeguarding lead (the referrer) leads."""
    from tests.familyhelp.helpers import fh_setup, open_case

    return open_case(fh_setup(r.world), r.objects["child"])


def _annex_a_run(r: Records) -> Any:
    """An Annex A built by the quality lead: theirs alone to download."""
    from tests.returns.factories import built_run

    return built_run(r.users["auditor"])


def _sac_run(r: Records) -> Any:
    """A Safeguarding Adults Collection built by the quality lead: theirs alone to download."""
    from tests.returns.factories import built_sac_run

    return built_sac_run(r.users["auditor"])


def _cin_census_run(r: Records) -> Any:
    """A CIN census built by the quality lead: theirs alone to download."""
    from tests.returns.factories import built_cin_run

    return built_cin_run(r.users["auditor"])


def _protection_chain(r: Records) -> dict[str, Any]:
    """A child on a child protection plan, led by the social worker, with the police MASH
    representative as the police member of the child's child protection team."""
    from tests.protection.helpers import chain

    if "protection_chain" not in r.objects:
        r.objects["protection_chain"] = chain(r.world, _person("Maya", "Okafor"))
    return r.objects["protection_chain"]


PROTECTION_TEAM = frozenset({"social_worker", "police_rep", "auditor"})


def _adult_enquiry(r: Records) -> Any:
    """An adult's s42 enquiry held by the MASH team (its contact officer, social worker and
    manager are members)."""
    from tests.adults.helpers import enquiry_for

    return enquiry_for(r.world, 1)


def _plan_action(r: Records) -> Any:
    """An action of the safeguarding plan of the sweep's adult enquiry."""
    from openmash.adults.services import plan_action_add

    return plan_action_add(
        enquiry=r.objects["enquiry_id"],
        actor=r.world.social_worker,
        text="Unannounced visit",
        owner="Quality team",
        due_on=date(2099, 1, 1),
    )


def _lado_meeting(r: Records) -> Any:
    """A strategy discussion about the sweep's allegation, with one action."""
    from django.utils import timezone

    from openmash.lado.services import ActionInput, meeting_record
    from tests.lado.helpers import lado_officer

    return meeting_record(
        allegation=r.objects["allegation_id"],
        actor=lado_officer(r.world),
        kind="strategy",
        held_at=timezone.now(),
        attendees="LADO",
        minutes="Strategy discussion",
        actions=[ActionInput("Suspend pending enquiries", "Head teacher", date(2099, 1, 1))],
    )


def _care_provider(r: Records) -> Any:
    from tests.adults.helpers import provider

    return provider(r.world, "Sweep Care Home")


def _calibration_exercise(r: Records) -> Any:
    """A closed exercise: a quality lead ran it; the social worker, the manager and the police
    representative took part."""
    from tests.quality.helpers import exercise_for

    return exercise_for(r.world, closed=True)


def _audit(r: Records) -> Any:
    """A completed case audit of the social worker's decision, with an action they own."""
    from tests.quality.audit_helpers import sweep_audit

    return sweep_audit(r.world)


def _dip_sample(r: Records) -> Any:
    from tests.quality.audit_helpers import sweep_sample

    return sweep_sample(r.world)


NOBODY: frozenset[str] = frozenset()


def _privacy(name: str, r: Records) -> Any:
    from tests.privacy import helpers

    return getattr(helpers, name)(r.world)


FACTORIES: dict[str, Factory] = {
    "contact_id": Factory("contact", _contact, FRONT_DOOR | {"referrer"}),
    "subject_id": Factory("contactsubject", lambda r: None, FRONT_DOOR | {"referrer"}),
    # A second report of contact A's incident (the route's record is contact A).
    "second_id": Factory(
        "contact", lambda r: _contact(r, "The same bruise, told again."), FRONT_DOOR | {"referrer"}
    ),
    "person_id": Factory("person", lambda r: r.objects["child"], FRONT_DOOR),
    "other_id": Factory("person", lambda r: _person("Ayan", "Rahmen"), FRONT_DOOR),
    "merge_id": Factory("personmerge", _merge, FRONT_DOOR),
    "pair_id": Factory("personpair", _person_pair, FRONT_DOOR),
    "household_id": Factory("household", _household, FRONT_DOOR),
    "draft_id": Factory("referraldraft", _draft, frozenset({"referrer"})),
    "batch_id": Factory("importbatch", _batch, RECORDERS),
    "request_id": Factory("informationrequest", _police_request, FRONT_DOOR | {"police_rep"}),
    "record_id": Factory("consentrecord", _consent_awaiting_sign_off, FRONT_DOOR),
    "key_id": Factory(
        "apikey", lambda r: r.objects["referrer_key"], frozenset({"referrer", "admin"})
    ),
    "grant_id": Factory("breakglassaccess", _grant, frozenset({"manager", "auditor"})),
    # Family Help: its lead practitioner and quality leads; its team has no persona here.
    "case_id": Factory("familyhelpcase", _family_help_case, frozenset({"referrer", "auditor"})),
    # A contact received on a Saturday night, with the EDT, and its hand-over.
    "edt_record_id": Factory("edtrecord", _edt_record, FRONT_DOOR),
    "handover_id": Factory("handover", lambda r: _edt_record(r).handover, FRONT_DOOR),
    # Statutory returns: the quality and performance lead's files of children's records.
    "run_id": Factory("annexarun", _annex_a_run, frozenset({"auditor"})),
    "sac_run_id": Factory("sacrun", _sac_run, frozenset({"auditor"})),
    "cin_run_id": Factory("cincensusrun", _cin_census_run, frozenset({"auditor"})),
    # Child protection: the lead, the police member of the child's team, quality leads.
    "protection_case_id": Factory(
        "protectioncase", lambda r: _protection_chain(r)["case"], PROTECTION_TEAM
    ),
    "sd_id": Factory("strategydiscussion", lambda r: _protection_chain(r)["sd"], PROTECTION_TEAM),
    "s47_id": Factory(
        "section47enquiry", lambda r: _protection_chain(r)["enquiry"], PROTECTION_TEAM
    ),
    "cfa_id": Factory("assessment", lambda r: _protection_chain(r)["assessment"], PROTECTION_TEAM),
    "cpc_id": Factory("conference", lambda r: _protection_chain(r)["conference"], PROTECTION_TEAM),
    "cpp_id": Factory(
        "childprotectionplan", lambda r: _protection_chain(r)["plan"], PROTECTION_TEAM
    ),
    "fnm_id": Factory(
        "familynetworkmeeting", lambda r: _protection_chain(r)["meeting"], PROTECTION_TEAM
    ),
    # Adults' safeguarding enquiries: the holding team's members and quality leads.
    "enquiry_id": Factory("safeguardingenquiry", _adult_enquiry, FRONT_DOOR),
    "provider_id": Factory("careprovider", _care_provider, FRONT_DOOR),
    "plan_action_id": Factory("planaction", _plan_action, FRONT_DOOR),
    # An allegation (LADO): its referrer reads it in outline; front-door staff who are not named
    # LADO staff (none of the sweep's) get the break-glass page.
    "allegation_id": Factory(
        "allegation", _allegation, frozenset({"referrer"}), restricted_for=FRONT_DOOR
    ),
    "lado_meeting_id": Factory(
        "allegationmeeting", _lado_meeting, frozenset({"referrer"}), restricted_for=FRONT_DOOR
    ),
    "lado_action_id": Factory(
        "meetingaction",
        lambda r: r.objects["lado_meeting_id"].actions.get(),
        frozenset({"referrer"}),
        restricted_for=FRONT_DOOR,
    ),
    # A calibration exercise: its quality lead and participants; its vignette is the exercise's.
    "exercise_id": Factory(
        "calibrationexercise",
        _calibration_exercise,
        frozenset({"auditor", "social_worker", "manager", "police_rep"}),
    ),
    "vignette_id": Factory(
        "vignette", lambda r: _calibration_exercise(r).vignettes.first(), frozenset({"auditor"})
    ),
    # Case audits: quality leads, and the worker whose case it is (who owns its action).
    "audit_id": Factory("caseaudit", _audit, frozenset({"auditor", "social_worker"})),
    "action_id": Factory(
        "auditaction", lambda r: _audit(r).actions.get(), frozenset({"auditor", "social_worker"})
    ),
    "template_id": Factory(
        "audittemplate",
        lambda r: _audit(r).template_version.template,
        frozenset({"auditor"}),
    ),
    "sample_id": Factory(
        "dipsample",
        _dip_sample,
        frozenset({"auditor"}),
    ),
    # A missing episode the police reported, a screening and a meeting about its child.
    "episode_id": Factory("missingepisode", _missing_episode, FRONT_DOOR | {"police_rep"}),
    "screening_id": Factory("exploitationscreening", _screening, FRONT_DOOR),
    "meeting_id": Factory("exploitationmeeting", _meeting, FRONT_DOOR),
    # Subject access and retention: the privacy officer's only (no persona of the sweep is one).
    "sar_id": Factory("subjectaccessrequest", lambda r: _privacy("sample_request", r), NOBODY),
    "redaction_id": Factory("redaction", lambda r: _privacy("sample_redaction", r), NOBODY),
    "hold_id": Factory("legalhold", lambda r: _privacy("sample_hold", r), NOBODY),
    # The break-glass page of a restricted person: the front door may ask, no one else.
    "target_id": Factory(
        "person", lambda r: _person("Jordan", "Staffmember", restricted=True), FRONT_DOOR
    ),
}
# Routes whose parameter must name a record of a particular kind: {route: {param: object}}.
ROUTE_OBJECTS = {"frontdoor:threshold_adult": {"subject_id": "adult_subject"}}
# Routes on which a persona sees the record through another relation than its factory's: the
# police representative reads the chronology of the child the police were asked about (it holds
# only what the police shared); another force was not asked and gets the 404.
ASKED_AGENCY = FRONT_DOOR | {"police_rep"}
ROUTE_SEEN_BY = dict.fromkeys(
    (
        "chronology:person",
        "chronology:person_pdf",
        "api:person_chronology",
        "api:person_chronology_pdf",
    ),
    ASKED_AGENCY,
)
# URL parameters that name no record.
PLAIN_PARAMS = {
    "step": "you",
    "index": 0,
    "target_type": "person",
    "strand": "police",
    "figure": "contacts",  # insights: a dashboard figure's name
    "record_type": "contact_nfa",
}
# Third-party routes (administration, sign-in) are the matrix's business.
THIRD_PARTY = ("openmash_admin:", "account_", "mfa_", "socialaccount_", "openid_connect_", "<")


def object_routes() -> list[Route]:
    return [
        r
        for r in all_routes()
        # A route whose parameters name no record (an insights figure) is not an object route.
        if any(p not in PLAIN_PARAMS for p in r.params)
        and not r.name.startswith(THIRD_PARTY)
        and "<unnamed" not in r.name
    ]


def _primary(route: Route) -> str:
    """The parameter naming the record the route is about (a subject is its contact's)."""
    return next(p for p in route.params if p not in PLAIN_PARAMS and p != "subject_id")


def test_every_object_route_has_a_factory() -> None:
    missing = [
        f"add a factory for route {r.name} ({p})"
        for r in object_routes()
        for p in r.params
        if p not in FACTORIES and p not in PLAIN_PARAMS
    ]
    assert not missing, "; ".join(missing)


# --- The records, made once for the module ---------------------------------------------------


@pytest.fixture(scope="module")
def records(django_db_setup: None, django_db_blocker: Any) -> Iterator[Records]:
    """Agency A's records and the sweep's users, made once and rolled back after the module;
    each test runs in its own savepoint inside, as usual."""
    with (
        django_db_blocker.unblock(),
        time_machine.travel(fixed_now(), tick=False),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield _build_records()
        transaction.set_rollback(True)


def _build_records() -> Records:
    world = build_world()
    other_police = agency_create(
        actor=None, code="POL2", name="Other Police", agency_type=AgencyType.POLICE
    )
    users: dict[str, User] = {
        name: user for name, user in world.personas().items() if user is not None
    }
    users["other_police_rep"] = make_user(
        "police.rep@otherpolice.test", other_police, "agency_representative"
    )
    for persona, role in FRONT_DOOR_ROLES.items():
        if persona not in users:
            users[persona] = make_user(f"{persona}@council.test", world.la, role)
            assert world.mash is not None
            users[persona].teams.add(world.mash)
    keys = {
        name: api_key_create(actor=None, user=user, name="MIS")[1] for name, user in users.items()
    }
    r = Records(world=world, users=users, keys=keys, objects={})
    r.objects["child"] = _person("Ayaan", "Rahman")
    r.objects["referrer_key"] = api_key_create(actor=None, user=world.referrer, name="Revocable")[0]
    for param, factory in FACTORIES.items():
        r.objects[param] = factory.make(r)
    r.objects["subject_id"] = r.objects["contact_id"].contact_subjects.first()
    # An adult the contact is also about, for the adults' screening page.
    r.objects["adult_subject"] = ContactSubject.objects.create(
        contact=r.objects["contact_id"],
        role="subject",
        is_child=False,
        given_name="Edith",
        family_name="Rahman",
        match_status="new",
    )
    return r


@pytest.fixture(scope="module")
def clients(records: Records) -> dict[str, Client]:
    """A signed-in session per persona, and for API routes a client sending each one's key."""
    with time_machine.travel(fixed_now(), tick=False):
        sessions = {name: client_for(user) for name, user in records.users.items()}
    keyed = {
        f"key:{name}": Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        for name, key in records.keys.items()
    }
    return sessions | keyed


# --- One request, and what the audit log says about it ---------------------------------------


@dataclass
class Outcome:
    status: int
    shape: Any
    refusals: list[AuditEvent]


def _send(client: Client, method: str, url: str) -> Outcome:
    """Send and roll back: no request changes the records, or the session (a message left for
    the next page), that the next one sees."""
    cookies = SimpleCookie(client.cookies)
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        if method == "get":
            response = client.get(url)
        elif method == "delete":
            response = client.delete(url)
        elif url.startswith("/api/"):
            response = client.post(url, data={}, content_type="application/json")
        else:
            response = client.post(url, data={})
        refusals = list(
            AuditEvent.objects.filter(id__gt=last, verb=AuditVerb.ACCESS_REFUSED).order_by("id")
        )
        if refusals:  # what the probing wrote seals into an intact chain
            audit_seal()
            verified = audit_verify()
            assert verified.ok, (url, verified.reason)
        transaction.set_rollback(True)
    client.cookies = cookies
    return Outcome(response.status_code, _shape(response, url), refusals)


TOKENS = re.compile(r'"[A-Za-z0-9+/=_-]{24,}"')


def _shape(response: Any, url: str) -> Any:
    """What a user could compare between two answers: the body, less its per-request tokens and
    the URL asked for."""
    body = response.content.decode(errors="replace").replace(url, "<url>")
    if response.headers.get("Content-Type", "").endswith("json"):
        data = json.loads(body)
        return (
            {k: v for k, v in data.items() if k != "instance"} if isinstance(data, dict) else data
        )
    return TOKENS.sub('"<token>"', body)


def _url(route: Route, r: Records, *, missing: bool) -> str:
    primary = _primary(route)
    kwargs: dict[str, Any] = {}
    for param in route.params:
        if param in PLAIN_PARAMS:
            kwargs[param] = PLAIN_PARAMS[param]
        elif missing and param == primary:
            kwargs[param] = MISSING_ID
        else:
            name = ROUTE_OBJECTS.get(route.name, {}).get(param, param)
            kwargs[param] = r.objects[name].pk
    return reverse(route.name, kwargs=kwargs)


def _clients_for(route: Route) -> list[str]:
    personas = list(PERSONAS)
    if route.name.startswith("api:"):
        personas += [f"key:{p}" for p in KEYED]
    return personas


def _passed_gate(status: int, method: str) -> bool:
    if method == "get":
        return 200 <= status < 400
    # An empty form or body: the page again, a redirect, or a 400/409 naming what is missing.
    return status < 400 or status in (400, 409)


OBJECT_ROUTES = sorted(r.name for r in object_routes())


@pytest.mark.parametrize("route_name", OBJECT_ROUTES)
def test_record_of_another_agency_is_the_same_404_as_a_missing_one(
    route_name: str, records: Records, clients: dict[str, Client], db: None
) -> None:
    route = next(r for r in object_routes() if r.name == route_name)
    factory = FACTORIES[_primary(route)]
    target = records.objects[_primary(route)]
    rule: Rule | None = RULES.get(route_name)
    checked = 0
    for client_name in _clients_for(route):
        persona = client_name.removeprefix("key:")
        user = records.users[persona]
        answered = False
        for method in ("get", "post", "delete"):
            if method == "delete" and answered:
                continue  # DELETE only for a route that answers neither GET nor POST
            url = _url(route, records, missing=False)
            outcome = _send(clients[client_name], method, url)
            where = f"{method.upper()} {url} as {client_name}"
            assert outcome.status < 500, where
            if outcome.status == 405:
                continue  # the route does not answer this method, whoever asks
            answered = method != "delete"
            checked += 1
            if persona in factory.restricted_for:
                assert outcome.status == 403, (where, outcome.status)
                assert [(e.target_type, e.summary["why"]) for e in outcome.refusals] == [
                    (factory.model, "restricted")
                ], where
                continue
            if persona in ROUTE_SEEN_BY.get(route_name, factory.seen_by):
                assert not outcome.refusals, f"{where}: refused a record they may see"
                twin = TWIN.get(persona)
                if rule is not None and twin in rule.allowed and method == rule.method:
                    assert _passed_gate(outcome.status, method), (where, outcome.status)
                else:
                    assert _passed_gate(outcome.status, method) or outcome.status == 403, (
                        where,
                        outcome.status,
                    )
                continue
            missing = _send(clients[client_name], method, _url(route, records, missing=True))
            assert (outcome.status, outcome.shape) == (404, missing.shape), (
                f"{where}: {outcome.status}, not the 404 a missing record gets ({missing.status})"
            )
            assert [(e.actor_id, e.target_type, e.target_id) for e in outcome.refusals] == [
                (user.pk, factory.model, str(target.pk))
            ], f"{where}: no access.refused row naming them and the record"
            assert outcome.refusals[0].summary["route"] == f"{method.upper()} {url}", where
    assert checked, f"{route_name}: no request was checked"
