"""Messages to people: GOV.UK Notify when configured, and always a copy in the outbox."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone

from openmash.core.models import OutboxMessage

logger = logging.getLogger(__name__)


def send_message(*, to_email: str, subject: str, body: str) -> OutboxMessage:
    message = OutboxMessage.objects.create(to_email=to_email, subject=subject, body=body)
    if settings.NOTIFY_API_KEY and settings.NOTIFY_TEMPLATE_ID:
        _send_with_notify(message)
    return message


def _send_with_notify(message: OutboxMessage) -> None:
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
    try:
        client.send_email_notification(
            email_address=message.to_email,
            template_id=settings.NOTIFY_TEMPLATE_ID,
            personalisation={"subject": message.subject, "body": message.body},
        )
    except Exception as exc:  # the outbox keeps the message; an operator can resend it
        logger.exception("GOV.UK Notify refused message %s", message.pk)
        message.error = str(exc)[:2000]
        message.save(update_fields=["error"])
        return
    message.sent_at, message.sent_via = timezone.now(), "notify"
    message.save(update_fields=["sent_at", "sent_via"])
