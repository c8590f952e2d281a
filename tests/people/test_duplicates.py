"""The review pile of possible duplicates in the person index (issue 14): found by the fitted
model, shown side by side, decided by a worker (merge, or not the same person), and every decision
a labelled pair the next fit learns from."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.people.match_model import match_model_fit
from openmash.people.matching import learning, weights
from openmash.people.models import (
    Address,
    MatchLabel,
    Person,
    PersonIdentifier,
    PersonPair,
    PersonPairRejection,
)
from openmash.people.pairs import person_pair_reject, person_pairs_find
from openmash.people.selectors import person_pair_pile
from openmash.people.services import person_create, person_unmerge
from tests.conftest import World, client_for

REASON = "Twins: the school confirmed two children"


@pytest.fixture
def pair(world: World, child: Person) -> PersonPair:
    """The child, and a second record that may be them (a police spelling, no NHS number)."""
    other = person_create(
        actor=None,
        given_name="Ayan",
        family_name="Rahmen",
        date_of_birth=date(2016, 3, 14),
        postcode="LS6 2AB",
        source="police",
    )
    PersonIdentifier.objects.create(person=other, kind="police", value="WY/1")
    Address.objects.create(person=other, line1="1 High Street", town="Leeds", postcode="LS6 2AB")
    person_create(actor=None, given_name="Daniel", family_name="Whitaker")
    assert person_pairs_find(actor=None) == 1
    found = PersonPair.objects.get()
    assert (found.person_id, found.other_id) == (child.pk, other.pk)
    return found


def test_possible_duplicates_are_found_with_their_comparison(
    world: World, pair: PersonPair
) -> None:
    assert pair.levels["dob"] == "exact"
    assert pair.levels["family"] != "none"
    assert 0.55 <= pair.score < 1
    event = AuditEvent.objects.filter(verb="person.duplicates_found").get()
    assert event.summary["pairs"] == 1


def test_a_worker_sees_the_pile_side_by_side(world: World, pair: PersonPair) -> None:
    response = client_for(world.contact_officer).get(reverse("people:duplicates"))
    assert response.status_code == 200
    page = response.text
    for text in (
        "Ayaan Rahman",
        "Ayan Rahmen",
        "14 March 2016",
        "1 High Street, Leeds",
        "Police reference WY/1",
        "Date of birth: exact",
        "Same person: merge record",
        "Not the same person",
    ):
        assert text in page, text
    listed = AuditEvent.objects.filter(verb="record.listed", target_type="person_pair").get()
    assert listed.summary["review_pile"] == [pair.pk]


def test_only_those_who_may_merge_see_the_pile(world: World, pair: PersonPair) -> None:
    url = reverse("people:duplicates")
    one = reverse("people:duplicate_decide", args=[pair.pk])
    assert client_for(world.social_worker).get(url).status_code == 200
    for user in (world.referrer, world.outsider, world.police_rep, world.auditor):
        assert client_for(user).get(url).status_code in (302, 403), user
        assert client_for(user).get(one).status_code in (302, 403, 404), user
    assert person_pair_pile(user=world.referrer) == []


def test_not_the_same_person_takes_the_pair_out_of_the_pile_for_good(
    world: World, pair: PersonPair
) -> None:
    client = client_for(world.contact_officer)
    url = reverse("people:duplicate_decide", args=[pair.pk])
    response = client.post(url, {f"p{pair.pk}-decision": "different", f"p{pair.pk}-reason": REASON})
    assert response.status_code == 302
    rejection = PersonPairRejection.objects.get()
    assert (rejection.person_id, rejection.other_id) == (pair.person_id, pair.other_id)
    assert rejection.rejected_by == world.contact_officer
    label = rejection.label
    assert label.is_match is False
    assert label.levels == pair.levels
    assert AuditEvent.objects.filter(verb="person.duplicate_rejected").count() == 2
    assert person_pair_pile(user=world.contact_officer) == []
    # Looking again does not bring it back.
    assert person_pairs_find(actor=None) == 0
    assert "no possible duplicates" in client.get(reverse("people:duplicates")).text


def test_same_person_merges_the_records_and_labels_the_pair(
    world: World, pair: PersonPair, child: Person
) -> None:
    url = reverse("people:duplicate_decide", args=[pair.pk])
    client_for(world.contact_officer).post(
        url, {f"p{pair.pk}-decision": "same", f"p{pair.pk}-reason": "Same child, same school"}
    )
    other = Person.objects.get(pk=pair.other_id)
    assert other.merged_into_id == child.pk
    label = MatchLabel.objects.get()
    assert label.is_match is True
    assert label.merge is not None
    assert label.levels["dob"] == "exact"
    assert person_pair_pile(user=world.contact_officer) == []
    # An undone merge was wrong: its label now says different people.
    person_unmerge(actor=world.contact_officer, merge=label.merge, reason="Not him: twins")
    label.refresh_from_db()
    assert label.is_match is False


def test_a_decision_without_a_reason_is_refused_and_nothing_changes(
    world: World, pair: PersonPair
) -> None:
    url = reverse("people:duplicate_decide", args=[pair.pk])
    response = client_for(world.contact_officer).post(
        url, {f"p{pair.pk}-decision": "different", f"p{pair.pk}-reason": "no"}
    )
    assert response.status_code == 400
    assert "at least 10 characters" in response.text
    assert not PersonPairRejection.objects.exists()
    assert not MatchLabel.objects.exists()


def test_a_pair_cannot_be_rejected_twice(world: World, pair: PersonPair) -> None:
    from openmash.core.errors import ApplicationError

    person_pair_reject(actor=world.contact_officer, pair=pair, reason=REASON)
    with pytest.raises(ApplicationError):
        person_pair_reject(actor=world.contact_officer, pair=pair, reason=REASON)


# --- the API ------------------------------------------------------------------------------------


def test_the_api_lists_the_pile_and_takes_a_decision(world: World, pair: PersonPair) -> None:
    client = client_for(world.contact_officer)
    listed = client.get("/api/v1/person-pairs/")
    assert listed.status_code == 200
    row = listed.json()["results"][0]
    assert (row["id"], row["person_id"], row["other_id"]) == (
        pair.pk,
        pair.person_id,
        pair.other_id,
    )
    assert {"name": "Date of birth", "first": "2016-03-14", "second": "2016-03-14"}.items() <= (
        row["rows"][1].items()
    )
    url = f"/api/v1/person-pairs/{pair.pk}/decision/"

    def post(body: dict[str, str]) -> Any:
        return client.post(url, body, content_type="application/json")

    assert post({"decision": "maybe", "reason": REASON}).status_code == 400
    assert post({"decision": "different", "reason": "no"}).status_code == 400
    done = post({"decision": "different", "reason": REASON})
    assert done.status_code == 201
    assert done.json()["rejection_id"] == PersonPairRejection.objects.get().pk
    assert client.get("/api/v1/person-pairs/").json()["results"] == []


def test_the_api_refuses_those_who_may_not_merge(world: World, pair: PersonPair) -> None:
    client = client_for(world.referrer)
    assert client.get("/api/v1/person-pairs/").status_code in (403, 404)
    response = client.post(
        f"/api/v1/person-pairs/{pair.pk}/decision/",
        {"decision": "different", "reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not PersonPairRejection.objects.exists()


# --- labels change the next fit -----------------------------------------------------------------


def test_labels_from_decisions_change_the_next_fit(world: World, pair: PersonPair) -> None:
    weights.reset()
    before = match_model_fit(actor=None, trigger="command")
    person_pair_reject(actor=world.contact_officer, pair=pair, reason=REASON)
    after = match_model_fit(actor=None, trigger="command")
    assert (before.labels, after.labels) == (0, 1)
    # A pair the model scored above the floor is a wrong link: the threshold rises above it.
    label = MatchLabel.objects.get()
    score = learning.probability(after.parameters["bits"], after.prior_bits, label.levels)
    assert after.auto_link_threshold > min(score, 0.999) or after.auto_link_threshold == 0.999
    assert after.threshold_basis.startswith("labelled pairs")
    weights.reset()


def test_labelled_matches_inform_the_m_probabilities() -> None:
    blocked = [{"dob": "exact", "family": "exact", "given": "exact"}] * 50 + [
        {"dob": "exact", "family": "none", "given": "none"}
    ] * 200
    randoms = [{"dob": "none", "family": "none", "given": "none"}] * 500
    plain = learning.fit(blocked, randoms)
    told = learning.fit(blocked, randoms, [{"given": "nickname", "family": "exact"}] * 10)
    assert told.m["given"]["nickname"] > plain.m["given"]["nickname"]
    assert told.m["family"] == pytest.approx(told.m["family"])
    assert told.m != plain.m


def test_the_pile_shows_a_rescore_with_the_current_weights(world: World, pair: Any) -> None:
    weights.hold(weights.MatchWeights(weights.DEFAULT_BITS, -40.0, 0.9))
    # Under a prior this low the pair is below the possible-match threshold: out of the pile.
    assert person_pair_pile(user=world.contact_officer) == []
    weights.hold(weights.DEFAULT_WEIGHTS)
    assert [r.pair.pk for r in person_pair_pile(user=world.contact_officer)] == [pair.pk]
