"""The person search page and API: ranked, with reasons, masked, audited, staff only."""

from __future__ import annotations

from datetime import date

import pytest

from openmash.core.models import AuditEvent
from openmash.people.services import person_create, person_restrict
from tests.conftest import World, client_for


@pytest.fixture
def people(world: World) -> dict[str, object]:
    return {
        "robert": person_create(
            actor=None,
            given_name="Robert",
            family_name="Khan",
            date_of_birth=date(2013, 4, 7),
            nhs_number="9990000026",
            postcode="LS6 2AB",
        ),
        "roberta": person_create(
            actor=None, given_name="Roberta", family_name="Kane", date_of_birth=date(1990, 1, 1)
        ),
    }


def test_a_worker_finds_a_person_by_nickname_sound_alike_surname_and_swapped_date(
    world: World, people
) -> None:
    response = client_for(world.social_worker).get(
        "/people/",
        {
            "q": "Bob Kahn",
            "date_of_birth_day": "4",
            "date_of_birth_month": "7",
            "date_of_birth_year": "2013",
        },
    )
    assert response.status_code == 200
    results = response.context["results"]
    assert results[0].person == people["robert"]
    html = response.content.decode()
    assert "first name is a known short form" in html.lower()
    assert "date of birth with day and month swapped" in html


def test_results_are_ranked_by_score(world: World, people) -> None:
    response = client_for(world.contact_officer).get("/people/", {"q": "Robert Khan"})
    scores = [r.score for r in response.context["results"]]
    assert scores == sorted(scores, reverse=True)
    assert response.context["results"][0].person == people["robert"]


def test_an_empty_search_asks_for_something_to_search_for(world: World) -> None:
    response = client_for(world.social_worker).get("/people/")
    assert response.status_code == 200  # no search yet: the start page, not an error
    response = client_for(world.social_worker).get("/people/", {"q": "", "postcode": ""})
    assert "Enter a name, a date of birth or an identifier" in response.content.decode()
    assert response.status_code == 400


def test_an_invalid_nhs_number_is_an_error(world: World) -> None:
    response = client_for(world.social_worker).get("/people/", {"nhs_number": "1234567890"})
    assert response.status_code == 400
    assert "<title>Error: " in response.content.decode()


def test_every_search_is_audited_with_its_terms_and_count(world: World, people) -> None:
    response = client_for(world.social_worker).get("/people/", {"q": "Khan", "postcode": "LS6 2AB"})
    row = AuditEvent.objects.get(verb="record.searched", actor=world.social_worker)
    shown = len(response.context["results"])
    assert shown >= 1
    assert row.summary == {"terms": "Khan; postcode LS6 2AB", "result_count": shown}


def test_a_referrer_and_an_agency_representative_cannot_search(world: World, people) -> None:
    for user in (world.referrer, world.police_rep):
        assert client_for(user).get("/people/", {"q": "Khan"}).status_code == 403
        assert client_for(user).get("/api/v1/persons/search/", {"q": "Khan"}).status_code == 403
    assert not AuditEvent.objects.filter(verb="record.searched").exists()


def test_a_restricted_person_is_masked_with_a_link_to_ask_for_access(world: World, people) -> None:
    person_restrict(actor=world.manager, person=people["robert"], named_users=[world.manager])
    html = client_for(world.social_worker).get("/people/", {"q": "Robert Khan"}).content.decode()
    assert f"/restricted/person/{people['robert'].pk}/" in html
    assert "9990000026" not in html
    assert "9990000026" in (
        client_for(world.manager).get("/people/", {"q": "Robert Khan"}).content.decode()
    )


def test_the_api_search_returns_ranked_results_with_scores_and_reasons(
    world: World, people
) -> None:
    response = client_for(world.social_worker).get(
        "/api/v1/persons/search/",
        {"given_name": "Rob", "family_name": "Kahn", "date_of_birth": "2013-04-07"},
    )
    assert response.status_code == 200
    body = response.json()
    first = body["results"][0]
    assert first["id"] == people["robert"].pk
    assert 0.9 < first["score"] <= 1
    assert "same date of birth" in first["reasons"]
    assert body["count"] == len(body["results"])


def test_the_api_search_by_nhs_number_in_free_text(world: World, people) -> None:
    body = (
        client_for(world.social_worker).get("/api/v1/persons/search/", {"q": "999 000 0026"}).json()
    )
    assert body["results"][0]["id"] == people["robert"].pk
    assert body["results"][0]["reasons"][0] == "same NHS number"


def test_the_api_search_needs_a_term_and_a_real_date(world: World) -> None:
    client = client_for(world.social_worker)
    assert client.get("/api/v1/persons/search/").status_code == 400
    assert client.get("/api/v1/persons/search/", {"date_of_birth": "31/02/2013"}).status_code == 400


def test_the_api_masks_a_restricted_person(world: World, people) -> None:
    person_restrict(actor=world.manager, person=people["robert"], named_users=[])
    first = (
        client_for(world.social_worker)
        .get("/api/v1/persons/search/", {"q": "Robert Khan"})
        .json()["results"][0]
    )
    assert first["restricted"] is True
    assert first["given_name"] == ""
    assert first["reasons"] == []


def test_the_person_page_shows_names_identifiers_contacts_and_history(
    world: World, child, contact
) -> None:
    html = client_for(world.social_worker).get(f"/people/{child.pk}/").content.decode()
    assert "9990000018" in html
    assert contact.reference in html
    assert "Who has seen or changed this record" in html
    assert "Merge with another record" in html


def test_the_person_api_returns_the_full_record(world: World, child, contact) -> None:
    body = client_for(world.social_worker).get(f"/api/v1/persons/{child.pk}/").json()
    assert body["person"]["nhs_number"] == "9990000018"
    assert body["contacts"][0]["reference"] == contact.reference
    assert {"kind": "nhs", "value": "9990000018", "source": ""} in body["identifiers"]


def test_the_person_page_reads_relationships_from_both_ends(world: World, child) -> None:
    from openmash.people.households import relationship_add

    mother = person_create(actor=None, given_name="Sara", family_name="Rahman")
    relationship_add(actor=world.manager, from_person=mother, to_person=child, kind="parent")
    child_page = client_for(world.social_worker).get(f"/people/{child.pk}/").content.decode()
    mother_page = client_for(world.social_worker).get(f"/people/{mother.pk}/").content.decode()
    assert "Child of" in child_page
    assert "Sara Rahman" in child_page
    assert "Parent of" in mother_page


def test_the_search_page_query_count_does_not_grow_with_results(world: World) -> None:
    def queries_for(count: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for index in range(count):
            person_create(
                actor=None,
                given_name="Harper",
                family_name="Lloyd",
                date_of_birth=date(2012, 1, 1 + index),
            )
        client = client_for(world.social_worker)
        client.get("/people/", {"q": "Harper Lloyd"})  # sessions and capabilities warmed
        with CaptureQueriesContext(connection) as context:
            response = client.get("/people/", {"q": "Harper Lloyd"})
        assert len(response.context["results"]) >= count
        return len(context.captured_queries)

    few = queries_for(2)
    many = queries_for(10)
    assert many == few
