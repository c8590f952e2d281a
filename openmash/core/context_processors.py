from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from openmash.core.navigation import navigation_for


def openmash(request: HttpRequest) -> dict[str, Any]:
    return {
        "council_name": settings.COUNCIL_NAME,
        "mash_phone": settings.MASH_PHONE,
        "edt_phone": settings.EDT_PHONE,
        "service_name": "OpenMASH",
        "demo_mode": settings.DEMO_MODE,
        "phase": "beta",
        "nav_items": navigation_for(request),
    }
