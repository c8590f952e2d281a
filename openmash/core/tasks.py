"""Background jobs (django-tasks). Enqueued by services after commit, or by the scheduler."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from openmash.core.audit import audit_seal
from openmash.core.models import BreakGlassAccess
from openmash.core.notify import send_message


@task()
def seal_audit_log() -> int:
    return audit_seal()


@task()
def notify_managers_of_break_glass(grant_id: int) -> int:
    from openmash.accounts.selectors import users_with_capability

    grant = BreakGlassAccess.objects.select_related("user").get(pk=grant_id)
    managers = users_with_capability("authorises_decisions").exclude(pk=grant.user_id)
    body = (
        f"{grant.user.full_name} ({grant.user.email}) used emergency access to a restricted "
        f"record ({grant.target_type} {grant.target_label}) at "
        f"{grant.granted_at:%H:%M on %d %B %Y}.\n\nTheir reason: {grant.reason}\n\n"
        f"Review it: {settings.OPENMASH_BASE_URL}{reverse('core:break_glass_list')}"
    )
    for manager in managers:
        send_message(
            to_email=manager.email, subject="Emergency access to a restricted record", body=body
        )
    return managers.count()


@task()
def disable_dormant_accounts() -> int:
    from openmash.accounts.services import users_disable_dormant

    return len(users_disable_dormant())
