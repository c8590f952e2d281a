from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from openmash.core.audit import audit_record
from openmash.core.errors import ApplicationError
from openmash.core.models import BreakGlassAccess

if TYPE_CHECKING:
    from openmash.accounts.models import User


@transaction.atomic
def break_glass_review(*, grant: BreakGlassAccess, actor: User) -> BreakGlassAccess:
    if grant.user_id == actor.pk:
        raise ApplicationError("You cannot review your own emergency access.")
    if grant.reviewed_at is not None:
        raise ApplicationError("This emergency access has already been reviewed.")
    grant.reviewed_by, grant.reviewed_at = actor, timezone.now()
    grant.save(update_fields=["reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        verb="record.break_glass_reviewed",
        target_type=grant.target_type,
        target_id=grant.target_id,
        target_label=grant.target_label,
        summary={"grant": grant.pk, "user": grant.user.email},
    )
    return grant
