"""Who sees an allegation: an employer sees its own referrals only; a LADO record is invisible to
a council social worker without break-glass, and readable with it; named LADO staff see all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openmash.core.models import AuditEvent
from openmash.lado.models import Allegation
from openmash.lado.selectors import allegation_list
from tests.conftest import World, client_for
from tests.lado.helpers import allegation_referred, lado_officer


@pytest.fixture
def two_schools(world: World) -> tuple[Allegation, Allegation]:
    ours = allegation_referred(world)
    theirs = allegation_referred(world, by=world.outsider, role="Teaching assistant")
    return ours, theirs


def test_an_employer_sees_its_own_referrals_only(world: World, two_schools) -> None:
    ours, theirs = two_schools
    client = client_for(world.referrer)

    page = client.get(reverse("lado:allegations"))
    mine = client.get(reverse("lado:allegation", args=[ours.pk]))
    other = client.get(reverse("lado:allegation", args=[theirs.pk]))

    assert page.status_code == 200
    assert ours.reference in page.content.decode()
    assert theirs.reference not in page.content.decode()
    assert mine.status_code == 200
    assert other.status_code == 404
    assert AuditEvent.objects.filter(
        actor=world.referrer,
        verb="access.refused",
        target_type="allegation",
        target_id=str(theirs.pk),
    ).exists()


def test_an_employer_sees_its_referral_in_outline_only(world: World, two_schools) -> None:
    ours, _ = two_schools

    body = client_for(world.referrer).get(reverse("lado:allegation", args=[ours.pk])).content
    text = body.decode()

    assert "What you told us" in text
    assert "The three strands" not in text  # the LADO's work is not the employer's to read
    assert "Lily" not in text  # nor the child's name from the index


def test_an_employer_sees_its_own_referrals_only_through_the_api(world: World, two_schools) -> None:
    ours, theirs = two_schools
    client = client_for(world.referrer)

    listed = client.get("/api/v1/allegations/").json()
    other = client.get(f"/api/v1/allegations/{theirs.pk}/")

    assert [a["id"] for a in listed["results"]] == [ours.pk]
    assert "description" not in listed["results"][0]
    assert other.status_code == 404


def test_a_lado_record_is_invisible_to_a_council_social_worker(world: World, two_schools) -> None:
    ours, _ = two_schools
    client = client_for(world.social_worker)

    page = client.get(reverse("lado:allegations"))
    record = client.get(reverse("lado:allegation", args=[ours.pk]))
    api = client.get(f"/api/v1/allegations/{ours.pk}/")
    listed = client.get("/api/v1/allegations/").json()

    assert page.status_code == 200
    assert ours.reference not in page.content.decode()
    assert record.status_code == 403
    assert "Hollins" not in record.content.decode()
    assert "restricted" in record.content.decode().lower()
    assert api.status_code == 403
    assert "Hollins" not in api.content.decode()
    assert listed["results"] == []
    assert allegation_list(world.social_worker)[0].masked  # type: ignore[attr-defined]


def test_a_social_worker_reads_the_allegation_with_break_glass(world: World, two_schools) -> None:
    ours, _ = two_schools
    client = client_for(world.social_worker)

    asked = client.post(
        reverse("break_glass_request", args=["allegation", ours.pk]),
        {"reason": "Child disclosed tonight; need to know if this adult is known"},
    )
    record = client.get(reverse("lado:allegation", args=[ours.pk]))

    assert asked.status_code == 302
    assert record.status_code == 200
    assert "Hollins" in record.content.decode()
    assert AuditEvent.objects.filter(
        actor=world.social_worker, verb="record.break_glass", target_type="allegation"
    ).exists()
    # Break-glass is to read: only LADO staff change it.
    change = client.get(reverse("lado:consider", args=[ours.pk]))
    assert change.status_code == 403


def test_named_lado_staff_see_every_allegation(world: World, two_schools) -> None:
    officer = lado_officer(world)
    client = client_for(officer)

    page = client.get(reverse("lado:allegations")).content.decode()

    assert all(a.reference in page for a in two_schools)
    assert client.get(reverse("lado:allegation", args=[two_schools[1].pk])).status_code == 200


def test_the_lado_role_without_the_lado_team_is_not_named_staff(world: World, two_schools) -> None:
    """Access follows the team, not a role's name: a LADO-role worker moved to the MASH team
    sees allegations as any MASH worker does."""
    from tests.conftest import make_user

    moved = make_user("former.lado@council.test", world.la, "lado")
    assert (
        client_for(moved).get(reverse("lado:allegation", args=[two_schools[0].pk])).status_code
        == 403
    )


def test_a_chronology_shows_nothing_of_an_allegation_to_a_social_worker(
    world: World, two_schools
) -> None:
    from openmash.lado.chronology import lado_person_events

    ours, _ = two_schools
    people = [ours.subject_id, *(c.person_id for c in ours.children.all())]

    assert list(lado_person_events(world.social_worker, people)) == []
    kinds = {e.kind for e in lado_person_events(lado_officer(world), people)}
    assert kinds == {"lado.referred"}


def test_the_list_reads_grants_once_not_once_a_row(
    world: World, django_assert_max_num_queries
) -> None:
    for _ in range(12):
        allegation_referred(world)
    officer = lado_officer(world)
    for user in (world.social_worker, officer, world.referrer):
        user = type(user).objects.get(pk=user.pk)  # no cached capabilities
        with django_assert_max_num_queries(6):
            found = allegation_list(user)
        assert len(found) == 12


def test_late_considerations_show_on_breach_lists_to_lado_staff_only(
    world: World, two_schools
) -> None:
    from openmash.lado.selectors import lado_breach_scope

    assert lado_breach_scope(world.social_worker).count() == 0
    assert lado_breach_scope(world.manager).count() == 0
    assert lado_breach_scope(lado_officer(world)).count() == 2


def test_the_home_page_leads_employers_and_the_lado_to_allegations(
    world: World, two_schools
) -> None:
    employer = client_for(world.referrer).get("/").content.decode()
    lado = client_for(lado_officer(world)).get("/").content.decode()
    worker = client_for(world.social_worker).get("/").content.decode()

    assert "Refer an allegation to the LADO" in employer
    assert "your 1 referral to the LADO" in employer
    assert "2 allegations waiting for the initial consideration" in lado
    assert "allegations waiting" not in worker
