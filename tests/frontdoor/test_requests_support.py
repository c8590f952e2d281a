"""Shared set-up for the information request tests (no tests here): a screened contact, a
health trust with its own MASH representative, and a request sent the usual way."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from openmash.accounts.models import AgencyType
from openmash.accounts.services import agency_create
from openmash.frontdoor.models import InformationRequest
from openmash.frontdoor.services.rag import contact_screen
from openmash.frontdoor.services.requests import information_request_send
from tests.conftest import make_user

pytestmark = pytest.mark.clock

QUESTIONS = "Is the family known to you? Any incidents at the address in the last 12 months?"
SHARED = "School reports a bruise on a 10-year-old's cheek; he says he is scared to go home."


def screened(world: Any, contact: Any, rag: str = "amber") -> Any:
    return contact_screen(contact=contact, actor=world.social_worker, rag=rag)


def health_with_rep(world: Any) -> tuple[Any, Any]:
    health = agency_create(
        actor=None, code="NHS", name="Test Health Trust", agency_type=AgencyType.HEALTH
    )
    rep = make_user("health.rep@health.test", health, "agency_representative")
    return health, rep


def send(
    world: Any,
    contact: Any,
    *,
    agency: Any = None,
    actor: Any = None,
    due_at: datetime | None = None,
    **extra: Any,
) -> InformationRequest:
    contact.refresh_from_db()
    return information_request_send(
        contact=contact,
        actor=actor or world.social_worker,
        agency=agency or world.police,
        subjects=extra.pop("subjects", list(contact.contact_subjects.all())),
        questions=extra.pop("questions", QUESTIONS),
        shared_summary=extra.pop("shared_summary", SHARED),
        lawful_basis=extra.pop("lawful_basis", "children_act_1989_s47"),
        due_at=due_at,
        **extra,
    )


def make_overdue(request: InformationRequest, hours: float = 3) -> InformationRequest:
    """Move a request's due time into the past (as if it had been sent days ago)."""
    InformationRequest.objects.filter(pk=request.pk).update(
        due_at=timezone.now() - timedelta(hours=hours)
    )
    request.refresh_from_db()
    return request
