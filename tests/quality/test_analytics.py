"""Decision analytics on a hand-built set of decisions, against hand-computed figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openmash.accounts.models import User
from openmash.contacts.models import Contact
from openmash.frontdoor.models import ConsentRecord, DecisionState, ThresholdAssessment
from openmash.quality.analytics import (
    Figure,
    authorisation_changes,
    below_suggested,
    consent_on_red,
)
from tests.conftest import World
from tests.quality.audit_helpers import decided
from tests.quality.helpers import identified_contact

pytestmark = pytest.mark.clock

NEGLECT = {"code": "N1", "level": 3, "text": "Neglect of basic care"}
VIOLENCE = {"code": "D1", "level": 4, "text": "Domestic violence with an infant"}


def _period() -> tuple:
    today = timezone.localdate()
    return today - timedelta(days=30), today


def _by_key(figures: list[Figure]) -> dict[str, tuple[int, int]]:
    return {f.key: (f.count, f.total) for f in figures}


def test_levels_below_the_suggested_one_by_worker_team_agency_and_indicator(
    world: World,
) -> None:
    contacts = [identified_contact(world) for _ in range(5)]

    def assess(n: int, by: User, suggested: int | None, chosen: int, ticked: list) -> None:
        ThresholdAssessment.objects.create(
            contact=contacts[n],
            assessed_by=by,
            suggested_level=suggested,
            chosen_level=chosen,
            indicators=ticked,
            reason="Synthetic",
        )

    assess(0, world.social_worker, 3, 2, [NEGLECT])  # below
    assess(1, world.social_worker, 3, 3, [NEGLECT])
    assess(2, world.contact_officer, 4, 2, [NEGLECT, VIOLENCE])  # below
    assess(3, world.contact_officer, None, 1, [])  # no suggestion: not counted
    assess(4, world.police_rep, 2, 2, [VIOLENCE])
    found = below_suggested(*_period())
    assert _by_key(found["worker"]) == {
        str(world.social_worker.pk): (1, 2),
        str(world.contact_officer.pk): (1, 1),
        str(world.police_rep.pk): (0, 1),
    }
    assert _by_key(found["team"]) == {str(world.mash.pk): (2, 3), "none": (0, 1)}
    assert _by_key(found["agency"]) == {str(world.la.pk): (2, 3), str(world.police.pk): (0, 1)}
    assert _by_key(found["indicator"]) == {"N1": (2, 3), "D1": (1, 2)}
    # Each figure names the contacts behind it.
    n1 = next(f for f in found["indicator"] if f.key == "N1")
    assert n1.records == [contacts[0].pk, contacts[2].pk]
    assert n1.rate == pytest.approx(2 / 3)


def test_returned_and_changed_decisions_and_the_managers_reasons(world: World) -> None:
    changed, kept, same = (identified_contact(world) for _ in range(3))
    decided(world, contact=changed, state=DecisionState.RETURNED, days_ago=3)
    decided(world, contact=changed, outcome="early_help", days_ago=2)
    decided(world, contact=kept, days_ago=2)
    decided(world, contact=same, state=DecisionState.RETURNED, days_ago=3)
    decided(world, contact=same, days_ago=2)
    decided(world, contact=kept, days_ago=90)  # before the period
    found = authorisation_changes(*_period())
    assert _by_key(found.returned["team"]) == {str(world.mash.pk): (2, 5)}
    assert _by_key(found.returned["manager"]) == {str(world.manager.pk): (2, 5)}
    assert _by_key(found.changed["team"]) == {str(world.mash.pk): (1, 3)}
    assert found.changed["team"][0].records == [changed.pk]
    assert [d.contact_id for d in found.reasons] == [changed.pk, same.pk]
    assert {d.manager_comment for d in found.reasons} == {"Check with the school first"}


def test_refusal_of_consent_accepted_on_red_contacts(world: World) -> None:
    accepted, given, amber, later_given = (identified_contact(world) for _ in range(4))
    Contact.objects.filter(pk__in=[accepted.pk, given.pk, later_given.pk]).update(rag="red")
    Contact.objects.filter(pk=amber.pk).update(rag="amber")
    now = timezone.now()

    def consent(contact: Contact, decision: str, accepted_refusal: bool | None, hours: int) -> None:
        ConsentRecord.objects.create(
            contact=contact,
            family_told="yes",
            consent=decision,
            refusal_accepted=accepted_refusal,
            recorded_by=world.social_worker,
            recorded_at=now - timedelta(hours=hours),
        )

    consent(accepted, "refused", True, 5)
    consent(given, "given", None, 5)
    consent(amber, "refused", True, 5)
    consent(later_given, "refused", True, 5)
    consent(later_given, "given", None, 1)
    figure = consent_on_red(*_period())
    assert (figure.count, figure.total) == (1, 3)
    assert figure.records == [accepted.pk]
