"""Agencies, teams, roles and users.

Roles are data (administrators can add a local role such as "Shield worker") but each carries
capability flags, which are what the access gate checks; code never tests a role's name.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


class AgencyType(models.TextChoices):
    """Kinds of agency, each mapped to the CIN census referral-source code (CBDS N00152)."""

    LOCAL_AUTHORITY = "local_authority", "Local authority social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health trust"
    GP = "gp", "GP practice"
    SCHOOL = "school", "School"
    EDUCATION = "education", "Education services"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    EARLY_HELP = "early_help", "Local authority early help"
    OTHER_LA = "other_la", "Another local authority"
    VOLUNTARY = "voluntary", "Voluntary or independent provider"
    OTHER = "other", "Other"


CIN_REFERRAL_SOURCE = {
    AgencyType.LOCAL_AUTHORITY: "5A",
    AgencyType.POLICE: "6",
    AgencyType.HEALTH: "3F",
    AgencyType.GP: "3A",
    AgencyType.SCHOOL: "2A",
    AgencyType.EDUCATION: "2B",
    AgencyType.PROBATION: "7",
    AgencyType.HOUSING: "4",
    AgencyType.EARLY_HELP: "5D",
    AgencyType.OTHER_LA: "5C",
    AgencyType.VOLUNTARY: "8",
    AgencyType.OTHER: "8",
}


class Agency(models.Model):
    code = models.SlugField(
        max_length=12, unique=True, help_text="Short code used in the UI, API and imports"
    )
    name = models.CharField(max_length=200)
    agency_type = models.CharField(max_length=20, choices=AgencyType.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def cin_referral_source(self) -> str:
        return CIN_REFERRAL_SOURCE[AgencyType(self.agency_type)]


class TeamKind(models.TextChoices):
    MASH_SCREENING = "mash_screening", "MASH screening"
    ADULTS_MASH = "adults_mash", "Adults' MASH"
    EARLY_HELP = "early_help", "Early help"
    EDT = "edt", "Emergency duty team"
    LADO = "lado", "LADO"
    EXPLOITATION = "exploitation", "Exploitation and missing"
    ASSESSMENT = "assessment", "Assessment"
    AGENCY_HUB = "agency_hub", "Agency MASH representatives"
    QUALITY = "quality", "Quality and performance"
    OTHER = "other", "Other"


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TeamKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.agency.code}"


class Role(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    # Capabilities: what the access gate checks.
    sees_front_door = models.BooleanField(
        default=False, help_text="Reads contacts and people at the front door (MASH staff)"
    )
    records_contacts = models.BooleanField(default=False, help_text="Records and screens contacts")
    submits_contacts = models.BooleanField(
        default=False, help_text="Submits contacts as a partner practitioner (referrer)"
    )
    answers_agency_requests = models.BooleanField(
        default=False, help_text="Answers information requests addressed to their agency"
    )
    authorises_decisions = models.BooleanField(
        default=False, help_text="Team manager: authorises decisions, gives case direction"
    )
    audits = models.BooleanField(default=False, help_text="Reads the audit log and quality reports")
    administers = models.BooleanField(
        default=False, help_text="Manages users, agencies, teams and local settings"
    )
    handles_privacy = models.BooleanField(
        default=False,
        help_text="Privacy officer: subject access requests, retention, legal holds and disposal",
    )

    CAPABILITIES = (
        "sees_front_door",
        "records_contacts",
        "submits_contacts",
        "answers_agency_requests",
        "authorises_decisions",
        "audits",
        "administers",
        "handles_privacy",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("Enter an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users")
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    roles = models.ManyToManyField(Role, blank=True, related_name="users")
    is_active = models.BooleanField(default=True)
    # Django admin access; only administrators get it, and only behind MFA.
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivated_reason = models.CharField(max_length=200, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "agency"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def capabilities(self) -> frozenset[str]:
        """The union of the user's roles' capabilities, cached on the instance for the request."""
        cached = getattr(self, "_capabilities", None)
        if cached is None:
            if not self.is_active or self.pk is None:
                cached = frozenset()
            else:
                flags = self.roles.values_list(*Role.CAPABILITIES)
                cached = frozenset(
                    name
                    for row in flags
                    for name, on in zip(Role.CAPABILITIES, row, strict=True)
                    if on
                )
            self._capabilities = cached
        return cached

    def has_capability(self, name: str) -> bool:
        if name not in Role.CAPABILITIES:
            raise ValueError(f"Unknown capability {name!r}")
        return name in self.capabilities()


class ApiKey(models.Model):
    """A key for `Authorization: Bearer <key>`. Only a SHA-256 of the secret is kept."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
