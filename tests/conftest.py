"""Shared personas: one signed-in user per role, like healthchecks' Alice, Bob and Charlie.

Every persona has an authenticator app set up, because outside demo mode MFA is required.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from openmash.accounts.models import Agency, AgencyType, Role, Team, TeamKind, User
from openmash.accounts.roles import roles_load_defaults
from openmash.accounts.services import agency_create, team_create, user_create
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.matching import SubjectDetails
from openmash.people.services import person_create
from tests import dbtemplate
from tests.clock import AWKWARD_NOWS, fixed_now

PASSWORD = "correct-horse-battery-staple-42"


def make_user(email: str, agency: Agency, *roles: str, mfa: bool = True) -> User:
    user = user_create(
        actor=None,
        email=email,
        full_name=email.split("@")[0].replace(".", " ").title(),
        agency=agency,
        roles=Role.objects.filter(code__in=roles),
        password=PASSWORD,
    )
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


@dataclass
class World:
    la: Agency
    school: Agency
    other_school: Agency
    police: Agency
    referrer: User
    outsider: User
    police_rep: User
    contact_officer: User
    social_worker: User
    manager: User
    auditor: User
    admin: User
    mash: Team | None = None
    assessment: Team | None = None

    def personas(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "referrer": self.referrer,
            "outsider": self.outsider,
            "police_rep": self.police_rep,
            "contact_officer": self.contact_officer,
            "social_worker": self.social_worker,
            "manager": self.manager,
            "auditor": self.auditor,
            "admin": self.admin,
        }


def load_reference_data() -> None:
    """Transactional tests flush every table, the data migrations' reference data included."""
    from openmash.contacts.models import ConcernCategory
    from openmash.contacts.vocabulary import categories_load_defaults
    from openmash.core.calendar import seed_bank_holidays
    from openmash.core.models import BankHoliday

    if not Role.objects.exists():
        roles_load_defaults()
    if not ConcernCategory.objects.exists():
        categories_load_defaults()
    if not BankHoliday.objects.exists():
        seed_bank_holidays(2015, 2035)
    from openmash.frontdoor.defaults import frontdoor_load_defaults
    from openmash.frontdoor.models import RagTimescale

    if not RagTimescale.objects.exists():
        frontdoor_load_defaults()
    from openmash.frontdoor.models import DecisionCheck
    from openmash.frontdoor.services.checks import decision_checks_load_defaults

    if not DecisionCheck.objects.exists():
        decision_checks_load_defaults()
    from openmash.privacy.models import RetentionRule
    from openmash.privacy.record_types import rules_load_defaults

    if not RetentionRule.objects.exists():
        rules_load_defaults()


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The agencies, teams and personas (module-scoped suites call this inside their own
    transaction)."""
    load_reference_data()
    la = agency_create(
        actor=None, code="LA", name="Test Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    school = agency_create(
        actor=None, code="SCH", name="Test School", agency_type=AgencyType.SCHOOL
    )
    other = agency_create(
        actor=None, code="SCH2", name="Other School", agency_type=AgencyType.SCHOOL
    )
    police = agency_create(
        actor=None, code="POL", name="Test Police", agency_type=AgencyType.POLICE
    )
    world = World(
        la=la,
        school=school,
        other_school=other,
        police=police,
        referrer=make_user("referrer@school.test", school, "referrer"),
        outsider=make_user("outsider@otherschool.test", other, "referrer"),
        police_rep=make_user("police.rep@police.test", police, "agency_representative"),
        contact_officer=make_user("contact.officer@council.test", la, "contact_officer"),
        social_worker=make_user("social.worker@council.test", la, "social_worker"),
        manager=make_user("manager@council.test", la, "team_manager"),
        auditor=make_user("auditor@council.test", la, "quality_lead"),
        admin=make_user("admin@council.test", la, "administrator"),
    )
    # The MASH screening team (contact officer, social worker, manager) and a team to hand on to.
    world.mash = team_create(actor=None, agency=la, name="MASH", kind=TeamKind.MASH_SCREENING)
    world.assessment = team_create(
        actor=None, agency=la, name="Assessment team 1", kind=TeamKind.ASSESSMENT
    )
    for member in (world.contact_officer, world.social_worker, world.manager):
        member.teams.add(world.mash)
    return world


@pytest.fixture
def child(world: World):
    return person_create(
        actor=None,
        given_name="Ayaan",
        family_name="Rahman",
        date_of_birth=date(2016, 3, 14),
        sex="M",
        nhs_number="9990000018",
    )


@pytest.fixture
def contact(world: World, child):
    return contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern="Bruise on cheek; says he is scared to go home.",
            subjects=[SubjectInput(details=subject_details(child), person=child)],
            submitted_by=world.referrer,
        ),
    )


def subject_details(person) -> SubjectDetails:
    return SubjectDetails(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        nhs_number=person.nhs_number,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def _match_weights_hand_set() -> Iterator[None]:
    """Matching scores with the hand-set weights and never looks for a fitted match model (so query
    counts hold); the tests of the fitted model use theirs (tests/people/test_match_learning.py)."""
    from openmash.people.matching import weights

    weights.hold(weights.DEFAULT_WEIGHTS)
    yield
    weights.hold(weights.DEFAULT_WEIGHTS)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config: pytest.Config) -> None:
    dbtemplate.install()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With OPENMASH_AWKWARD_NOWS=1 (`make test-clocks`) a `clock` test runs at each awkward now.

    A browser journey takes a minute or more, so each runs at one of them, chosen by its name (the
    journeys between them meet all three); every other clock test runs at all three."""
    definition = metafunc.definition
    if os.environ.get("OPENMASH_AWKWARD_NOWS") and definition.get_closest_marker("clock"):
        nows = list(AWKWARD_NOWS.items())
        if definition.get_closest_marker("e2e"):
            nows = [nows[zlib.crc32(definition.nodeid.encode()) % len(nows)]]
        metafunc.parametrize(
            "start_now", [now for _, now in nows], ids=[name for name, _ in nows], indirect=True
        )


@pytest.fixture
def start_now(request: pytest.FixtureRequest) -> datetime:
    """The instant a test starts at: an awkward now under `make test-clocks`, else the fixed one."""
    return datetime.fromisoformat(request.param) if hasattr(request, "param") else fixed_now()


@pytest.fixture(autouse=True)
def clock(start_now: datetime) -> Iterator[time_machine.Traveller]:
    """Every test starts at the same "now" (tests/clock.py) and the clock ticks from there.

    A test that needs another moment moves it: `clock.move_to(datetime(...))`.
    """
    with time_machine.travel(start_now, tick=True) as traveller:
        yield traveller
