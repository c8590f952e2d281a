"""Background jobs of accounts (django-tasks): telling the managers about break-glass access,
and the scheduler's check for dormant accounts. Both are registered in `AccountsConfig.ready()`."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from openmash.accounts.models import User
from openmash.accounts.selectors import users_with_capability
from openmash.accounts.services import users_disable_dormant
from openmash.core.dates import govuk_date, govuk_time
from openmash.core.models import BreakGlassAccess
from openmash.core.notify import send_message


def break_glass_tell_managers(grant: BreakGlassAccess) -> None:
    """Registered in `core.registry.break_glass_opened`: the managers hear once it commits."""
    transaction.on_commit(lambda: notify_managers_of_break_glass.enqueue(grant.pk))


@task()
def notify_managers_of_break_glass(grant_id: int) -> int:
    grant = BreakGlassAccess.objects.select_related("user").get(pk=grant_id)
    managers = users_with_capability("authorises_decisions").exclude(pk=grant.user_id)
    body = (
        f"{grant.user.full_name} ({grant.user.email}) used emergency access to a restricted "
        f"record ({grant.target_type} {grant.target_label}) at "
        f"{govuk_time(grant.granted_at)} on {govuk_date(grant.granted_at)}.\n\n"
        f"Their reason: {grant.reason}\n\n"
        f"Review it: {settings.OPENMASH_BASE_URL}{reverse('core:break_glass_list')}"
    )
    for manager in managers:
        send_message(
            to_email=manager.email, subject="Emergency access to a restricted record", body=body
        )
    return managers.count()


def dormant_check_every() -> timedelta:
    return timedelta(hours=6)


@task()
def disable_dormant_accounts() -> int:
    return len(users_disable_dormant())


def refusals_tell_auditors(user: User, count: int) -> None:
    """Registered in `core.registry.access_refusals_repeated`: someone is being refused record
    after record, which may be probing; the auditors look at what they tried."""
    body = (
        f"{user.full_name} ({user.email}) was refused {count} records within a few minutes. "
        "This may be a mistyped link, or someone trying records they should not see.\n\n"
        f"See what they tried: {settings.OPENMASH_BASE_URL}{reverse('core:audit_search')}"
        f"?verb=access.refused&user={user.email}"
    )
    for auditor in users_with_capability("audits").exclude(pk=user.pk):
        send_message(to_email=auditor.email, subject="Repeated refused access", body=body)
