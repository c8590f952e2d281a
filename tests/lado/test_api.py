"""The allegations API: employers refer and read their own referrals in outline; LADO staff read
all of it and update the strands."""

from __future__ import annotations

from openmash.lado.models import Allegation
from tests.conftest import World, client_for
from tests.lado.helpers import allegation_referred, lado_officer

BODY = {
    "subject": {"given_name": "Gareth", "family_name": "Hollins", "date_of_birth": "1984-02-09"},
    "role": "PE teacher",
    "sector": "education",
    "children": [{"given_name": "Lily", "family_name": "Marsh"}],
    "description": "Grabbed Lily's arm in the changing room.",
}


def test_an_employer_refers_through_the_api(world: World) -> None:
    response = client_for(world.referrer).post(
        "/api/v1/allegations/", BODY, content_type="application/json"
    )

    assert response.status_code == 201
    allegation = Allegation.objects.get()
    assert response.json()["reference"] == allegation.reference
    assert (allegation.channel, allegation.referred_by) == ("api", world.referrer)


def test_a_referral_without_children_is_a_problem(world: World) -> None:
    response = client_for(world.referrer).post(
        "/api/v1/allegations/", {**BODY, "children": []}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/problem+json")


def test_the_lado_reads_everything_and_closes_a_strand(world: World) -> None:
    allegation = allegation_referred(world)
    client = client_for(lado_officer(world))

    full = client.get(f"/api/v1/allegations/{allegation.pk}/").json()
    closed = client.post(
        f"/api/v1/allegations/{allegation.pk}/strands/police/",
        {"owner": "DC Patel", "status": "closed", "outcome": "No further action"},
        content_type="application/json",
    )

    assert full["description"].startswith("A Year 8 pupil")
    assert [s["kind"] for s in full["strands"]] == ["police", "employer", "social_care"]
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"


def test_a_strand_refusal_is_a_problem(world: World) -> None:
    allegation = allegation_referred(world)
    response = client_for(lado_officer(world)).post(
        f"/api/v1/allegations/{allegation.pk}/strands/police/",
        {"owner": "DC Patel", "status": "closed"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "outcome" in response.json()["detail"]
