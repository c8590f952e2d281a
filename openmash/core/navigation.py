"""The service navigation: each item shown only to users with the capability it needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    url_name: str
    text: str
    capability: str | tuple[str, ...] | None  # None: every signed-in user; a tuple: any of them


NAV_ITEMS = [
    NavItem("home", "Home", None),
    NavItem("frontdoor:queue", "MASH queue", "sees_front_door"),
    NavItem("contacts:list", "Contacts", "sees_front_door"),
    NavItem("people:search", "People", "sees_front_door"),
    NavItem("contacts:mine", "Your referrals", "submits_contacts"),
    NavItem("frontdoor:request_inbox", "Information requests", "answers_agency_requests"),
    NavItem("chronology:agency_people", "People asked about", "answers_agency_requests"),
    NavItem("frontdoor:breaches", "Breaches", "sees_front_door"),
    NavItem("outofhours:queue", "Out of hours", "sees_front_door"),
    NavItem("exploitation:home", "Missing", "sees_front_door"),
    NavItem("imports:list", "Imports", "records_contacts"),
    NavItem("core:audit_search", "Audit log", "audits"),
    NavItem("returns:index", "Statutory returns", "audits"),
    NavItem("insights:index", "Dashboards", ("authorises_decisions", "audits")),
    NavItem("privacy:requests", "Information governance", "handles_privacy"),
    NavItem("openmash_admin:index", "Administration", "administers"),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    visible = [(item, reverse(item.url_name)) for item in NAV_ITEMS if _may_see(user, item)]
    # The longest matching link is the current section: /contacts/imports/ is Imports.
    matches = [href for _, href in visible if _is_within(request.path, href)]
    current = max(matches, key=len, default=None)
    return [{"href": href, "text": item.text, "active": href == current} for item, href in visible]


def _may_see(user: object, item: NavItem) -> bool:
    if not item.capability:
        return True
    wanted = (item.capability,) if isinstance(item.capability, str) else item.capability
    return any(user.has_capability(name) for name in wanted)  # type: ignore[attr-defined]


def _is_within(path: str, href: str) -> bool:
    return path == href if href == "/" else path.startswith(href)
