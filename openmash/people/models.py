"""The person index: people, their identifiers, names, addresses, relationships and households.

Matching keys (normalised names, phonetic codes, nickname roots, dates of birth) are stored in
indexed columns, kept up to date by the services, so search works the same on SQLite and
PostgreSQL and scales by index look-ups rather than by scanning names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from openmash.people.matching.weights import MatchWeights


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class MatchKeys(models.Model):
    """Normalised and phonetic forms of a name, shared by Person and PersonName."""

    given_norm = models.CharField(max_length=100, blank=True)
    family_norm = models.CharField(max_length=100, blank=True)
    given_root = models.CharField(
        max_length=100, blank=True, help_text="Nickname root, e.g. bob → robert"
    )
    given_phonetic = models.CharField(max_length=20, blank=True)
    family_phonetic = models.CharField(max_length=20, blank=True)
    family_phonetic_alt = models.CharField(max_length=20, blank=True)
    # Phonetic codes of the first and last parts of a double-barrelled surname (the whole surname
    # when it has one part), so "Smith" finds "Smith-Jones" and "Jones-Smith".
    family_first_phonetic = models.CharField(max_length=20, blank=True)
    family_last_phonetic = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True


class Person(MatchKeys):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    # An unborn child has an expected date of delivery and no date of birth. Matching never
    # compares the one with the other: an unborn child is found through their parents
    # (matching/family.py), and once born their record is given the date of birth and keeps the
    # expected date as history.
    is_unborn = models.BooleanField(default=False)
    expected_delivery_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, blank=True, help_text="CIN census ethnicity code")
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=13, blank=True, verbose_name="UPN")
    postcode = models.CharField(max_length=8, blank=True, help_text="Current postcode, normalised")
    school = models.CharField(max_length=200, blank=True)
    gp_practice = models.CharField(max_length=200, blank=True)
    # A merged person points at the person it was merged into; searches skip it.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_people"
    )
    # A restricted person (e.g. a member of staff's family) is visible only to the named users;
    # anyone else needs break-glass access with a written reason.
    is_restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_people"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Not stored: set on the records of a list or search for the user looking at it
    # (core.access.mark_restricted), so the page shows a restricted person in outline only.
    masked: bool

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["nhs_number"], name="person_nhs_idx"),
            models.Index(fields=["upn"], name="person_upn_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            models.Index(fields=["postcode"], name="person_postcode_idx"),
            # The name look-ups of blocking (matching/blocking.py), one index each: a part of
            # the surname with the first name's nickname root or its sound, the whole surname's
            # NYSIIS with the first name's sound, the first name alone.
            models.Index(
                fields=["family_first_phonetic", "given_root"], name="person_ffp_root_idx"
            ),
            models.Index(
                fields=["family_first_phonetic", "given_phonetic"], name="person_ffp_gph_idx"
            ),
            models.Index(fields=["family_last_phonetic", "given_root"], name="person_flp_root_idx"),
            models.Index(
                fields=["family_last_phonetic", "given_phonetic"], name="person_flp_gph_idx"
            ),
            models.Index(
                fields=["family_phonetic_alt", "given_phonetic"], name="person_fam_alt_giv_idx"
            ),
            models.Index(fields=["given_root", "family_phonetic"], name="person_root_fam_idx"),
            models.Index(fields=["given_phonetic", "date_of_birth"], name="person_giv_ph_dob_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class IdentifierKind(models.TextChoices):
    NHS = "nhs", "NHS number"
    UPN = "upn", "Unique pupil number"
    POLICE = "police", "Police reference"
    COUNCIL = "council", "Council (LA) ID"
    OTHER = "other", "Other"


class PersonIdentifier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(max_length=64)
    source = models.CharField(max_length=64, blank=True, help_text="Agency or system that gave it")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="person_identifier_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "value"], name="identifier_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class PersonName(MatchKeys):
    """Other names a person is known by: spellings agencies used, aliases, former names."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    kind = models.CharField(
        max_length=10,
        choices=[("variant", "As recorded"), ("alias", "Also known as"), ("former", "Former name")],
        default="variant",
    )
    source = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["family_norm", "given_norm"], name="name_names_idx"),
            models.Index(fields=["family_first_phonetic", "given_root"], name="name_ffp_root_idx"),
            models.Index(
                fields=["family_first_phonetic", "given_phonetic"], name="name_ffp_gph_idx"
            ),
            models.Index(fields=["family_last_phonetic", "given_root"], name="name_flp_root_idx"),
            models.Index(
                fields=["family_last_phonetic", "given_phonetic"], name="name_flp_gph_idx"
            ),
            models.Index(fields=["family_phonetic_alt", "given_phonetic"], name="name_alt_gph_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from", "-created_at"]
        indexes = [models.Index(fields=["postcode"], name="address_postcode_idx")]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line1, self.town, self.postcode] if p)


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent of"
    CARER = "carer", "Carer of"
    SIBLING = "sibling", "Sibling of"
    PARTNER = "partner", "Partner of"
    HOUSEHOLD = "household", "Household member with"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator towards"
    OTHER = "other", "Other relationship with"


# Relationships that read the same from both ends: stored once, in either direction, and looked
# for in both (households.relationship_add). Parent, carer and alleged perpetrator have a direction.
SYMMETRIC_KINDS = frozenset(
    {
        RelationshipKind.SIBLING,
        RelationshipKind.PARTNER,
        RelationshipKind.HOUSEHOLD,
        RelationshipKind.OTHER,
    }
)


class Relationship(models.Model):
    """`from_person` is `kind` `to_person`: "Sara is parent of Ayaan"."""

    from_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relationships_from"
    )
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    source = models.CharField(max_length=64, blank=True)
    # The contact that told us (its id, not a foreign key: the person index sits below contacts).
    source_contact_id = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"], name="relationship_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_person} {self.get_kind_display().lower()} {self.to_person}"


class Household(models.Model):
    address_line1 = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    members = models.ManyToManyField(Person, related_name="households", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Household at {self.address_line1 or 'unknown address'} {self.postcode}".strip()


class PersonMerge(models.Model):
    """A merge of `merged` into `survivor`, with what moved, so it can be undone exactly."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_in")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_out")
    reason = models.TextField()
    moved = models.JSONField(default=dict, help_text="ids of rows moved to the survivor, by table")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged} merged into {self.survivor}"


class MatchModelTrigger(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled refresh"
    ADMINISTRATOR = "administrator", "An administrator asked"
    COMMAND = "command", "Command line or benchmark"


class MatchModelFit(models.Model):
    """The match weights learnt from the council's own records on a date (matching/learning.py):
    m and u per comparison level, their weights in bits, the prior, the automatic-link threshold
    the labelled pairs gave, and what the fit was made from. Matching uses the latest."""

    fitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    trigger = models.CharField(max_length=20, choices=MatchModelTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parameters = models.JSONField(help_text="m, u and bits per comparison level; the prior")
    prior_bits = models.FloatField()
    auto_link_threshold = models.FloatField()
    threshold_basis = models.CharField(max_length=100)
    subjects = models.PositiveIntegerField(help_text="records matched to find blocked pairs")
    blocked_pairs = models.PositiveIntegerField()
    random_pairs = models.PositiveIntegerField()
    labels = models.PositiveIntegerField(help_text="labelled pairs the threshold was chosen on")
    label_precision = models.FloatField(null=True, blank=True)
    model_precision = models.FloatField(null=True, blank=True)
    seconds = models.FloatField()

    class Meta:
        ordering = ["-fitted_at", "-pk"]
        verbose_name = "fitted match model"

    def __str__(self) -> str:
        return f"Match model fitted {self.fitted_at:%d %b %Y %H:%M}"

    def weights(self) -> MatchWeights:
        from openmash.people.matching.weights import MatchWeights

        return MatchWeights(
            bits=self.parameters["bits"],
            prior_bits=self.prior_bits,
            auto_link_threshold=self.auto_link_threshold,
            fit_id=self.pk,
        )


class MatchLabel(models.Model):
    """A labelled pair: a worker's resolution of a subject's possible matches (the one chosen is
    the same person; the others, or all of them when a new person was made, are not) or a merge.
    The comparison levels are kept as they were when decided, so every fit can score them."""

    created_at = models.DateTimeField(default=timezone.now)
    levels = models.JSONField()
    is_match = models.BooleanField()
    source = models.CharField(max_length=100)
    score_then = models.FloatField(help_text="the match probability when it was decided")
    # The merge that gave it (an undone merge turns its label to "different people").
    merge = models.ForeignKey(
        PersonMerge, on_delete=models.SET_NULL, null=True, blank=True, related_name="labels"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{'same' if self.is_match else 'different'} ({self.source})"


class PersonPair(models.Model):
    """A possible duplicate in the person index: two people the match model scores at or above the
    possible-match threshold (found by `people.pairs.person_pairs_find`, after each fit), for a
    worker to say whether they are the same person. `person` is the older record."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    levels = models.JSONField(help_text="the comparison levels between the two")
    score = models.FloatField(help_text="the match probability when found")
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="person_pair_unique"),
        ]

    def __str__(self) -> str:
        return f"Possible duplicate: records {self.person_id} and {self.other_id}"


class PersonPairRejection(models.Model):
    """A worker's decision that two records are not the same person: the pair never comes back
    to the review pile, and the decision is a labelled pair (`label`) for the next fit."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(default=timezone.now)
    label = models.OneToOneField(MatchLabel, on_delete=models.PROTECT, related_name="rejection")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="person_pair_rejected_once"),
        ]

    def __str__(self) -> str:
        return f"Records {self.person_id} and {self.other_id} are different people"
