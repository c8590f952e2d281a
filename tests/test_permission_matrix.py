"""Every route in the URL configuration x every persona gives the expected allow or deny.

The routes are read from the URL resolver, so a new route without a rule here fails
`test_every_route_has_a_rule`. A rule names who is allowed; everyone else must be refused
(anonymous users sent to sign in, signed-in users given 403 or 404). Rules marked `reads` also
feed `test_every_read_path_writes_an_access_row`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openmash.accounts.services import api_key_create
from openmash.core.access import break_glass_open
from openmash.core.models import AuditEvent
from openmash.people.services import person_create, person_restrict
from tests.conftest import World, client_for
from tests.permission_rules import EVERYONE, PERSONAS, Rule, all_rules

RULES = all_rules()

# Third-party route families, ruled as a whole.
ADMIN = Rule(frozenset({"admin"}))
ALLAUTH_PREFIXES = ("account_", "mfa_", "socialaccount_", "openid_connect_", "headless")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]


def _walk(
    resolver: URLResolver, prefix: str = "", ns: str = "", params: tuple[str, ...] = ()
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        own = params + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            child_ns = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from _walk(entry, pattern, child_ns, own)
        elif isinstance(entry, URLPattern):
            name = f"{ns}{entry.name}" if entry.name else f"{ns}<unnamed {pattern}>"
            yield Route(name, pattern, own)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver()))


def rule_for(route: Route) -> Rule | None:
    if route.name in RULES:
        return RULES[route.name]
    if route.name.startswith("openmash_admin:"):
        return ADMIN
    if route.name.startswith(ALLAUTH_PREFIXES) or route.pattern.startswith("accounts/"):
        return Rule(EVERYONE)
    return None


def test_every_route_has_a_rule() -> None:
    missing = [f"{r.name} ({r.pattern})" for r in all_routes() if rule_for(r) is None]
    assert not missing, "Routes with no permission rule: " + ", ".join(missing)


def test_every_rule_names_a_route() -> None:
    names = {r.name for r in all_routes()}
    assert not set(RULES) - names


class Fixtures:
    """The objects a route's URL needs, made once per test."""

    def __init__(self, world: World, contact: Any, child: Any) -> None:
        self.world, self.contact, self.child = world, contact, child
        self.key, _ = api_key_create(actor=None, user=world.referrer, name="School MIS")
        secret = person_create(actor=None, given_name="Jordan", family_name="Staffmember")
        self.restricted = person_restrict(actor=None, person=secret, named_users=[])
        other = person_create(actor=None, given_name="Riley", family_name="Staffmember")
        person_restrict(actor=None, person=other, named_users=[])
        self.grant = break_glass_open(
            user=world.social_worker, target=other, reason="Child may be at risk tonight"
        )

    def kwargs(self, route: Route) -> dict[str, Any]:
        values: dict[str, Any] = {
            "contact_id": self.contact.pk,
            "person_id": self.child.pk,
            "key_id": self.key.pk,
            "grant_id": self.grant.pk,
            "target_type": "person",
            "target_id": self.restricted.pk,
            "object_id": str(self.world.referrer.pk),
            "app_label": "accounts",
            "content_type_id": "1",
            "uidb36": "1",
            "key": "bad-key",
            "url": "x",
            "provider_id": "sso",
        }
        return {p: values[p] for p in route.params}

    def data(self, route: Route) -> dict[str, Any]:
        if route.name == "api:break_glass":
            return {
                "target_type": "person",
                "target_id": self.restricted.pk,
                "reason": "Police report a child missing from this address",
            }
        return {}


def _sample_url(route: Route, fx: Fixtures) -> str:
    if route.name.startswith("<unnamed") or "<unnamed" in route.name:
        # Admin's catch-all and similar: build from the pattern itself.
        return "/" + re.sub(r"[\^$]|\(\?P<[^>]+>[^)]*\)", "x", route.pattern).lstrip("/")
    rule = RULES.get(route.name)
    kwargs = rule.kwargs(fx) if rule and rule.kwargs else fx.kwargs(route)
    return reverse(route.name, kwargs=kwargs or None)


def _is_denied(response: Any, persona: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        # Admin's logout bounces anonymous users to its index, which asks them to sign in.
        return (
            "/accounts/login/" in location
            or location.startswith("/admin/login/")
            or location == "/admin/"
        )
    return False


def _is_allowed(response: Any) -> bool:
    if response.status_code >= 400:
        return False
    location = response.headers.get("Location", "")
    return not ("/accounts/login/" in location or "/2fa/totp/activate" in location)


MATRIX = [(name, persona) for name in sorted(RULES) for persona in PERSONAS]


def _request(route: Route, persona: str, world: World, fx: Fixtures) -> Any:
    rule = rule_for(route)
    assert rule is not None
    client = client_for(world.personas()[persona])
    url = _sample_url(route, fx) + rule.query
    send: Callable[..., Any] = getattr(client, rule.method)
    if rule.method == "post":
        body = rule.body(fx) if rule.body else fx.data(route)
        if rule.content_type == "multipart":
            return send(url, data=body)
        return send(url, data=body, content_type=rule.content_type)
    return send(url)


@pytest.mark.parametrize(("route_name", "persona"), MATRIX)
def test_route_allows_or_denies_persona(
    route_name: str, persona: str, world: World, contact: Any, child: Any
) -> None:
    route = next(r for r in all_routes() if r.name == route_name)
    fx = Fixtures(world, contact, child)
    response = _request(route, persona, world, fx)
    if persona in RULES[route_name].allowed:
        assert _is_allowed(response), (response.status_code, response.headers.get("Location"))
    else:
        assert _is_denied(response, persona), (
            response.status_code,
            response.headers.get("Location"),
        )


THIRD_PARTY = sorted({r.name for r in all_routes() if r.name not in RULES}, key=str)


@pytest.mark.parametrize("route_name", THIRD_PARTY)
def test_admin_and_sign_in_routes(route_name: str, world: World, contact: Any, child: Any) -> None:
    """Administration is for administrators only; allauth's pages never fail with a server error."""
    route = next(r for r in all_routes() if r.name == route_name)
    fx = Fixtures(world, contact, child)
    rule = rule_for(route)
    for persona in PERSONAS:
        client = client_for(world.personas()[persona])
        response = client.get(_sample_url(route, fx))
        assert response.status_code < 500, (persona, response.status_code)
        if rule is ADMIN and persona != "admin":
            assert _is_denied(response, persona), (persona, response.status_code)


READS = [name for name, rule in sorted(RULES.items()) if rule.reads]


@pytest.mark.parametrize("route_name", READS)
def test_every_read_path_writes_an_access_row(
    route_name: str, world: World, contact: Any, child: Any
) -> None:
    route = next(r for r in all_routes() if r.name == route_name)
    fx = Fixtures(world, contact, child)
    rule = RULES[route_name]
    persona = sorted(rule.allowed)[0]
    actor = world.personas()[persona]
    before = AuditEvent.objects.filter(actor=actor).count()

    response = _request(route, persona, world, fx)

    assert response.status_code == 200
    new_rows = AuditEvent.objects.filter(actor=actor).order_by("id")[before:]
    verbs = {row.verb for row in new_rows}
    assert verbs & {"record.viewed", "record.listed", "record.searched", "audit.viewed"}, verbs
