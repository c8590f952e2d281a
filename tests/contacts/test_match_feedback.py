"""Workers' resolutions of possible matches teach the match model (issue 14): each becomes a
labelled pair, the next fit chooses its threshold on them, and the review pile puts first the
subjects whose decision would teach it most."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from openmash.contacts.models import Contact, ContactSubject
from openmash.contacts.selectors import match_review_pile, subjects_as_recorded
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.match_model import match_model_fit
from openmash.people.matching import SubjectDetails, weights
from openmash.people.models import MatchLabel
from tests.conftest import World, client_for

pytestmark = pytest.mark.clock


@pytest.fixture(autouse=True)
def _weights_reset(settings: Any) -> Iterator[None]:
    settings.MATCH_AUTO_LINK_THRESHOLD = 1.01  # a worker checks every match
    weights.reset()
    yield
    weights.reset()


def _contact(world: World, details: SubjectDetails) -> Contact:
    return contact_create(
        actor=world.contact_officer,
        data=ContactInput(
            source_agency=world.police,
            channel="phone",
            concern="Domestic incident; child present.",
            subjects=[SubjectInput(details=details)],
        ),
    )


def test_a_workers_resolution_becomes_a_label_for_the_next_fit(world: World, child: Any) -> None:
    contact = _contact(world, SubjectDetails("Ayaan", "Rahman", date(2016, 3, 14)))
    subject = contact.contact_subjects.get()
    assert subject.match_status == "possible"
    url = reverse("contacts:subject_resolve", args=[contact.pk, subject.pk])
    client_for(world.contact_officer).post(url, {f"s{subject.pk}-person": str(child.pk)})
    label = MatchLabel.objects.get()
    assert label.is_match is True
    assert label.levels["family"] == "exact"
    assert label.levels["dob"] == "exact"
    assert label.source == f"resolution of contact {contact.reference}"
    # The contact's subject, as recorded, is among the records the model learns from.
    assert SubjectDetails("Ayaan", "Rahman", date(2016, 3, 14)) in subjects_as_recorded(10)
    fit = match_model_fit(actor=world.admin)
    assert fit.labels == 1
    assert fit.threshold_basis.startswith("labelled pairs")
    assert fit.label_precision in (1.0, None)


def test_the_review_pile_puts_the_most_informative_decisions_first(
    world: World, child: Any
) -> None:
    subjects = []
    for given in ("Ayaan", "Ayan", "Ayaaan"):
        contact = _contact(world, SubjectDetails(given, "Rahman", date(2016, 3, 14)))
        subjects.append(contact.contact_subjects.get())
    # Scores far above, near and far below the automatic-link threshold (0.9 until fitted).
    for subject, score in zip(subjects, (0.999999, 0.9, 0.56), strict=True):
        ContactSubject.objects.filter(pk=subject.pk).update(match_score=score)
    settings_threshold = 0.9
    weights.activate(weights.MatchWeights(weights.DEFAULT_BITS, -14.0, settings_threshold))
    pile = match_review_pile(user=world.contact_officer)
    assert pile[0].pk == subjects[1].pk
    assert {s.pk for s in pile} == {s.pk for s in subjects}
