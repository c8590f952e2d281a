"""Demo agencies, teams and one user per role (OPENMASH_DEMO=1 only). Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from openmash.accounts.models import Agency, AgencyType, Role, Team, TeamKind, User
from openmash.accounts.services import agency_create, team_create, user_create
from openmash.core.errors import ApplicationError

DEMO_PASSWORD = "openmash-demo-2026"  # noqa: S105  (documented; demo accounts only work in demo mode)

DEMO_AGENCIES = [
    ("LA", "Example Council Children's and Adults' Services", AgencyType.LOCAL_AUTHORITY),
    ("POL", "Example Police", AgencyType.POLICE),
    ("HLT", "Example Health NHS Trust", AgencyType.HEALTH),
    ("SCH", "Riverside Primary School", AgencyType.SCHOOL),
    ("EDU", "Example Council Education Services", AgencyType.EDUCATION),
    ("PRB", "Example Probation Delivery Unit", AgencyType.PROBATION),
    ("HSG", "Example Homes Housing Association", AgencyType.HOUSING),
]

DEMO_TEAMS = [
    ("LA", "MASH screening", TeamKind.MASH_SCREENING),
    ("LA", "Adults' MASH", TeamKind.ADULTS_MASH),
    ("LA", "Early help", TeamKind.EARLY_HELP),
    ("LA", "Assessment team", TeamKind.ASSESSMENT),
    ("LA", "Emergency duty team", TeamKind.EDT),
    ("LA", "LADO", TeamKind.LADO),
    ("LA", "Exploitation and missing (Shield)", TeamKind.EXPLOITATION),
    ("LA", "Quality and performance", TeamKind.QUALITY),
    ("POL", "Police MASH unit", TeamKind.AGENCY_HUB),
    ("HLT", "Health MASH team", TeamKind.AGENCY_HUB),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    agency: str
    roles: tuple[str, ...]
    team: str | None
    job_title: str


DEMO_USERS = [
    DemoUser(
        "admin@example.org", "Alex Admin", "LA", ("administrator",), None, "Systems administrator"
    ),
    DemoUser(
        "contact.officer@example.org",
        "Chris Contact",
        "LA",
        ("contact_officer",),
        "MASH screening",
        "Contact and referral officer",
    ),
    DemoUser(
        "social.worker@example.org",
        "Sam Social",
        "LA",
        ("social_worker",),
        "MASH screening",
        "MASH social worker",
    ),
    DemoUser(
        "team.manager@example.org",
        "Morgan Manager",
        "LA",
        ("team_manager",),
        "MASH screening",
        "MASH team manager",
    ),
    DemoUser(
        "police.mash@example.org",
        "PC Pat Police",
        "POL",
        ("agency_representative",),
        "Police MASH unit",
        "Police MASH officer",
    ),
    DemoUser(
        "health.mash@example.org",
        "Harper Health",
        "HLT",
        ("agency_representative",),
        "Health MASH team",
        "Safeguarding nurse",
    ),
    DemoUser(
        "school.referrer@example.org",
        "Sky School",
        "SCH",
        ("referrer",),
        None,
        "Designated safeguarding lead",
    ),
    DemoUser(
        "auditor@example.org",
        "Avery Auditor",
        "LA",
        ("quality_lead",),
        "Quality and performance",
        "Quality and performance lead",
    ),
    DemoUser(
        "adults.worker@example.org",
        "Ash Adults",
        "LA",
        ("adults_social_worker",),
        "Adults' MASH",
        "Adults' MASH social worker",
    ),
]


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise ApplicationError(
            "Demo data can only be loaded with OPENMASH_DEMO=1. Never load it into a database "
            "that holds real records."
        )


@transaction.atomic
def demo_organisations_load() -> int:
    """Create the demo agencies, teams and users that are missing; returns how many were made."""
    require_demo_mode()
    created = 0
    for code, name, agency_type in DEMO_AGENCIES:
        if not Agency.objects.filter(code=code).exists():
            agency_create(actor=None, code=code, name=name, agency_type=agency_type)
            created += 1
    for code, name, kind in DEMO_TEAMS:
        agency = Agency.objects.get(code=code)
        if not Team.objects.filter(agency=agency, name=name).exists():
            team_create(actor=None, agency=agency, name=name, kind=kind)
            created += 1
    for demo in DEMO_USERS:
        if User.objects.filter(email=demo.email).exists():
            continue
        agency = Agency.objects.get(code=demo.agency)
        user_create(
            actor=None,
            email=demo.email,
            full_name=demo.name,
            job_title=demo.job_title,
            agency=agency,
            roles=Role.objects.filter(code__in=demo.roles),
            teams=Team.objects.filter(agency=agency, name=demo.team) if demo.team else [],
            password=DEMO_PASSWORD,
            is_demo=True,
        )
        created += 1
    return created
