"""The family view's open involvement: each app says, through its own gate, what is open now
about each member (an open contact, a child protection or child in need plan, Family Help, an
allegation about them, an adults' enquiry, a missing episode, out-of-hours work), a restricted
record masked; one query or a few per app for the whole family."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openmash.adults.models import SafeguardingEnquiry
from openmash.adults.services import target_date_for
from openmash.chronology.selectors import family_of
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.exploitation.services import MissingReport, missing_episode_report
from openmash.lado.services import allegation_refer
from openmash.outofhours.services import edt_record_open
from openmash.people.households import relationship_add
from openmash.people.models import Person, RelationshipKind
from openmash.people.registry import person_event_providers
from openmash.people.services import person_create, person_restrict
from tests.conftest import client_for, subject_details
from tests.familyhelp.helpers import fh_setup, open_case
from tests.lado.helpers import lado_officer, referral
from tests.protection.helpers import chain

pytestmark = pytest.mark.clock


def test_every_chronology_provider_says_what_is_open_about_a_person() -> None:
    silent = [name for name, p in person_event_providers.items() if p.open_involvement is None]
    assert not silent, (
        f"{silent} register a chronology provider without `open_involvement`: say what is open "
        "about a person for the family view (`nothing_open` when the events are history only)"
    )


@dataclass
class Family:
    child: Person
    mother: Person
    sibling: Person
    father: Person


def _related(person: Person, child: Person, kind: str = RelationshipKind.PARENT) -> Person:
    relationship_add(from_person=person, to_person=child, kind=kind, source="test", actor=None)
    return person


def _adult(given: str, born: date) -> Person:
    return person_create(actor=None, given_name=given, family_name="Rahman", date_of_birth=born)


def _enquiry_about(world: Any, person: Person) -> SafeguardingEnquiry:
    """An open s42 enquiry held by the MASH team (as the MASH decision would leave it)."""
    today = timezone.localdate()
    return SafeguardingEnquiry.objects.create(
        reference=f"ASE-OPEN-{person.pk}",
        person=person,
        enquiry_type="s42",
        team=world.mash,
        started_on=today - timedelta(days=3),
        target_date=target_date_for(today),
    )


def _contact_naming(world: Any, person: Person) -> Any:
    return contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Dad shouted at the school gate and smelt of alcohol.",
            subjects=[SubjectInput(details=subject_details(person), person=person)],
            submitted_by=world.referrer,
        ),
    )


@pytest.fixture
def family(world, child) -> Family:
    """Ayaan's mother with an open adults' enquiry; his sister on a child protection plan, missing
    now and in Family Help; his father named in an open contact received out of hours and the
    subject of an open allegation."""
    mother = _related(_adult("Sara", date(1990, 4, 1)), child)
    father = _related(_adult("Imran", date(1986, 9, 12)), child)
    sibling = _related(
        person_create(
            actor=None, given_name="Maya", family_name="Rahman", date_of_birth=date(2018, 6, 2)
        ),
        child,
        RelationshipKind.SIBLING,
    )
    _enquiry_about(world, mother)
    chain(world, sibling)
    missing_episode_report(
        actor=world.police_rep,
        agency=world.police,
        report=MissingReport(
            given_name="",
            family_name="",
            date_of_birth=None,
            missing_from="home",
            started_at=timezone.now() - timedelta(hours=5),
            risk_level="high",
            person=sibling,
        ),
    )
    open_case(fh_setup(world), sibling)
    edt_record_open(contact=_contact_naming(world, father), actor=None)
    allegation_refer(
        actor=world.referrer,
        data=referral(children=[], child_people=[child], subject_person=father),
    )
    return Family(child=child, mother=mother, sibling=sibling, father=father)


def _open(user: Any, family: Family) -> dict[str, list[tuple[str, str, bool]]]:
    return {
        m.person.given_name: [(i.service, i.summary, i.restricted) for i in m.open]
        for m in family_of(user, family.child)
    }


def _services(user: Any, family: Family) -> dict[str, set[str]]:
    return {name: {s for s, _, _ in items} for name, items in _open(user, family).items()}


def test_each_member_shows_their_open_involvement_across_the_apps(world, family) -> None:
    # The quality lead reads every app's records (LADO's only with break-glass: not here).
    seen = _open(world.auditor, family)
    assert {s for s, _, _ in seen["Sara"]} == {"Adults' safeguarding"}
    assert seen["Sara"][0][1] == (
        f"Open Section 42 enquiry ASE-OPEN-{family.mother.pk} (no officer yet)"
    )
    assert {s for s, _, _ in seen["Maya"]} == {
        "Children's social care",
        "Missing and exploitation",
        "Family Help",
    }
    maya = [summary for _, summary, _ in seen["Maya"]]
    assert "Child protection plan (physical abuse)" in maya
    assert "Missing now (high risk)" in maya
    assert {s for s, _, _ in seen["Imran"]} == {"Front door (MASH)", "Out of hours (EDT)"}
    assert not any(restricted for items in seen.values() for _, _, restricted in items)


def test_each_app_s_gate_decides_what_the_family_view_shows(world, family) -> None:
    """The same family for each reader: the MASH's contact officer (not on the sibling's case,
    not LADO staff), the social worker leading the sibling's case, the LADO officer."""
    officer = _services(world.contact_officer, family)
    assert officer["Sara"] == {"Adults' safeguarding"}  # the MASH team holds the enquiry
    assert "Children's social care" not in officer["Maya"]  # not their case
    assert "Family Help" not in officer["Maya"]
    assert "LADO" not in officer["Imran"]
    lead = _services(world.social_worker, family)
    assert "Children's social care" in lead["Maya"]
    assert "LADO" not in lead["Imran"]
    [allegation] = [i for i in _open(lado_officer(world), family)["Imran"] if i[0] == "LADO"]
    assert allegation[1].startswith("Open allegation about them (LADO-")


def test_a_restricted_record_is_masked_on_the_family_view(world, family) -> None:
    person_restrict(person=family.mother, actor=world.manager, named_users=[world.manager])
    [(service, summary, restricted)] = _open(world.auditor, family)["Sara"]
    assert (service, restricted) == ("Adults' safeguarding", True)
    assert "ASE-OPEN" not in summary
    # The person named may see it in full.
    [(_, summary, restricted)] = _open(world.manager, family)["Sara"]
    assert summary.startswith(f"Open Section 42 enquiry ASE-OPEN-{family.mother.pk}")
    assert not restricted


def test_the_family_view_asks_each_app_once_for_the_whole_family(world, child) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            family_of(world.auditor, child)
        return len(ctx.captured_queries)

    mother = _related(_adult("Sara", date(1990, 4, 1)), child)
    _enquiry_about(world, mother)
    edt_record_open(contact=_contact_naming(world, mother), actor=None)
    queries()  # the reader's role and teams, cached from then on
    one = queries()
    for n, given in enumerate(("Imran", "Zara", "Bilal")):
        relative = _related(_adult(given, date(1980 + n, 1, 1)), child)
        _enquiry_about(world, relative)
        edt_record_open(contact=_contact_naming(world, relative), actor=None)
    assert queries() == one, "a query per member: read the whole family at once"


def test_the_family_page_shows_each_member_s_open_involvement(world, family) -> None:
    response = client_for(world.social_worker).get(
        reverse("chronology:family", args=[family.child.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Open Section 42 enquiry ASE-OPEN-{family.mother.pk}" in page
    assert "Child protection plan (physical abuse)" in page
    assert reverse("adults:enquiry", args=[family.mother.safeguarding_enquiries.get().pk]) in page
