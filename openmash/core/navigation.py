"""The service navigation: each item shown only to users with the capability it needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    url_name: str
    text: str
    capability: str | None  # None: every signed-in user


NAV_ITEMS = [
    NavItem("home", "Home", None),
    NavItem("contacts:list", "Contacts", "sees_front_door"),
    NavItem("people:search", "People", "sees_front_door"),
    NavItem("contacts:mine", "Your referrals", "submits_contacts"),
    NavItem("core:audit_search", "Audit log", "audits"),
    NavItem("openmash_admin:index", "Administration", "administers"),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if item.capability and not user.has_capability(item.capability):
            continue
        href = reverse(item.url_name)
        active = request.path == href if href == "/" else request.path.startswith(href)
        items.append({"href": href, "text": item.text, "active": active})
    return items
