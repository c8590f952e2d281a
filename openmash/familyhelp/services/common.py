"""What the Family Help services share: locking a case, the settings row, reviews' dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openmash.core.calendar import LONDON
from openmash.core.errors import ApplicationError, ConflictError
from openmash.familyhelp.models import FamilyHelpCase, FamilyHelpSettings

MAX_TEXT = 20_000


def settings_row() -> FamilyHelpSettings:
    row, _ = FamilyHelpSettings.objects.get_or_create(pk=1)
    return row


def case_lock(case: FamilyHelpCase, *, expected_version: int | None = None) -> FamilyHelpCase:
    """The case, locked for the caller's transaction; a stale version is a conflict."""
    locked = FamilyHelpCase.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            "Someone else changed this family's case while you were working on it. "
            "Reload the page to see what changed, then try again."
        )
    return locked


def case_touch(case: FamilyHelpCase, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])


def require_open(case: FamilyHelpCase, doing: str) -> None:
    if not case.is_open:
        raise ApplicationError(
            f"This case is {case.get_status_display().lower()}, so you cannot {doing}."
        )


def require_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    if len(value) > MAX_TEXT:
        raise ApplicationError(
            f"{message.removeprefix('Enter ')[:1].upper()}{message.removeprefix('Enter ')[1:]} "
            f"must be {MAX_TEXT:,} characters or fewer",
            field=field,
        )
    return value


def optional_text(value: str, *, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ApplicationError(f"This must be {MAX_TEXT:,} characters or fewer", field=field)
    return value


def end_of_day(day: date) -> datetime:
    """A review due on `day` is overdue from the start of the next day, London time."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=LONDON)


def today() -> date:
    return timezone.localdate()
