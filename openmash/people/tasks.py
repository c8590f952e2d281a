"""Background jobs of the person index, run by the scheduler (openmash.core.scheduler)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from openmash.accounts.models import User
from openmash.people.match_model import match_model_fit
from openmash.people.models import MatchModelTrigger
from openmash.people.pairs import person_pairs_find


@task()
def match_model_refresh(requested_by: int | None = None) -> int:
    """Fit the match model again to the records the council holds now (every
    MATCH_MODEL_REFRESH_DAYS, or when an administrator asks), then look for possible duplicates
    in the index with it: returns the fit's id."""
    actor = User.objects.get(pk=requested_by) if requested_by else None
    trigger = MatchModelTrigger.ADMINISTRATOR if actor else MatchModelTrigger.SCHEDULED
    fit = match_model_fit(actor=actor, trigger=trigger)
    # The review pile of possible duplicates, scored by the new weights.
    person_pairs_find(actor=actor, using=fit.weights())
    return fit.pk


def match_model_refresh_every() -> timedelta:
    return timedelta(days=settings.MATCH_MODEL_REFRESH_DAYS)
