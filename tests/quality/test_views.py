"""Calibration pages and API: the results only after closing, the statistics' fields."""

from __future__ import annotations

from django.urls import reverse

from openmash.quality.models import Answer
from openmash.quality.services import answer_record, exercise_close
from tests.conftest import World, client_for
from tests.quality.helpers import identified_contact, open_exercise


def test_a_participant_answers_on_the_page_and_sees_no_one_elses_answer(world: World) -> None:
    exercise, (sw, _manager, police) = open_exercise(world, vignettes=1)
    vignette = exercise.vignettes.get()
    answer_record(
        vignette=vignette, participant=police, actor=world.police_rep, level=4, outcome="nfa"
    )
    client = client_for(world.social_worker)
    url = reverse("quality:answer", args=[exercise.pk, vignette.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Child A" in page.content.decode()
    response = client.post(url, {"level": "3", "outcome": "assessment", "rationale": "Burn."})
    assert response.status_code == 302
    assert Answer.objects.get(participant=sw).level == 3
    detail = client.get(reverse("quality:exercise", args=[exercise.pk])).content.decode()
    assert "Your answer: level 3" in detail
    assert "No further action" not in detail
    assert "Results" not in detail
    lead = client_for(world.auditor).get(reverse("quality:exercise", args=[exercise.pk]))
    assert "1 of 1" in lead.content.decode()
    assert "Results" not in lead.content.decode()
    api = client.get(reverse("api:calibration_exercise_results", args=[exercise.pk]))
    assert api.status_code == 403


def test_results_api_carries_kappa_and_both_alphas_with_intervals(world: World) -> None:
    exercise, participants = open_exercise(world, vignettes=2)
    for position, vignette in enumerate(exercise.vignettes.order_by("position")):
        for offset, participant in enumerate(participants):
            answer_record(
                vignette=vignette,
                participant=participant,
                actor=participant.user,
                level=2 + position + (offset == 2),
                outcome="early_help" if position == 0 else "assessment",
            )
    exercise_close(exercise=exercise, actor=world.auditor)
    for user in (world.auditor, world.police_rep):
        response = client_for(user).get(
            reverse("api:calibration_exercise_results", args=[exercise.pk])
        )
        assert response.status_code == 200
        data = response.json()
        for name in ("fleiss_kappa", "krippendorff_alpha_nominal", "krippendorff_alpha_ordinal"):
            assert name in data
            assert set(data[f"{name}_interval"]) == {"low", "high"}
        assert data["krippendorff_alpha_nominal"] == 1.0
        assert data["answers"] == 6
        assert [v["modal_levels"] for v in data["vignettes"]] == [[2], [3]]
    page = client_for(world.police_rep).get(reverse("quality:exercise", args=[exercise.pk]))
    html = page.content.decode()
    assert "Krippendorff" in html
    assert "By agency" in html
    assert "By participant" not in html  # colleagues' distances are for the lead only


def test_the_lead_builds_an_exercise_from_a_contact_reference(world: World) -> None:
    contact = identified_contact(world)
    client = client_for(world.auditor)
    response = client.post(reverse("quality:exercise_new"), {"title": "Neglect", "description": ""})
    assert response.status_code == 302
    exercise_url = response["Location"]
    exercise_id = int(exercise_url.rstrip("/").split("/")[-1])
    client.post(
        reverse("quality:vignette_add", args=[exercise_id]),
        {"contact_reference": contact.reference},
    )
    page = client.get(exercise_url).content.decode()
    assert "Not reviewed" in page
    assert "Zainab" not in page
    client.post(reverse("quality:invite", args=[exercise_id]), {"user": world.police_rep.pk})
    assert "Test Police" in client.get(exercise_url).content.decode()


def test_the_api_lists_only_the_exercises_a_user_takes_part_in(world: World) -> None:
    exercise, _ = open_exercise(world, vignettes=1)
    mine = client_for(world.police_rep).get(reverse("api:calibration_exercise_list")).json()
    assert [e["id"] for e in mine["results"]] == [exercise.pk]
    other = client_for(world.contact_officer).get(reverse("api:calibration_exercise_list")).json()
    assert other["results"] == []


def test_the_home_page_shows_a_participant_the_exercise_waiting_for_them(world: World) -> None:
    exercise, _ = open_exercise(world, vignettes=2)
    home = client_for(world.police_rep).get(reverse("home")).content.decode()
    assert exercise.title in home
    assert "you have answered 0 of 2 vignettes" in home
    other = client_for(world.contact_officer).get(reverse("home")).content.decode()
    assert exercise.title not in other


def test_a_participant_answers_through_the_api_until_the_exercise_closes(world: World) -> None:
    exercise, (sw, _manager, _police) = open_exercise(world, vignettes=1)
    vignette = exercise.vignettes.get()
    url = reverse("api:calibration_answer", args=[exercise.pk, vignette.pk])
    client = client_for(world.social_worker)
    body = {"level": 2, "outcome": "early_help", "rationale": "Hunger, no harm yet."}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert Answer.objects.get(participant=sw).outcome == "early_help"
    refused = client_for(world.auditor).post(url, body, content_type="application/json")
    assert refused.status_code == 403
    exercise_close(exercise=exercise, actor=world.auditor)
    late = client.post(url, body, content_type="application/json")
    assert late.status_code == 400


def test_the_exercise_list_costs_the_same_queries_for_one_or_three_exercises(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openmash.quality.services import exercise_create

    client = client_for(world.auditor)
    exercise_create(actor=world.auditor, title="First")
    client.get(reverse("quality:exercises"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("quality:exercises"))
    exercise_create(actor=world.auditor, title="Second")
    exercise_create(actor=world.auditor, title="Third")
    with CaptureQueriesContext(connection) as three:
        page = client.get(reverse("quality:exercises"))
    assert "Third" in page.content.decode()
    assert len(three) == len(one)
