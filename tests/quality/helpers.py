"""Shared set-up for the quality tests: a contact full of identifiers, and a calibration exercise
with three participants (two MASH workers and a police representative)."""

from __future__ import annotations

from datetime import date
from typing import Any

from openmash.contacts.models import Contact
from openmash.contacts.services import ContactInput, SubjectInput, contact_create
from openmash.people.matching.details import SubjectDetails
from openmash.quality.models import CalibrationExercise, Participant
from openmash.quality.services import (
    exercise_create,
    exercise_open,
    participant_invite,
    vignette_add_from_contact,
    vignette_review,
)
from tests.conftest import World

NAME = ("Zainab", "Whitfield-Ogunyemi")
NHS = "9990000034"
DOB = date(2014, 9, 23)
POSTCODE = "LS6 2QR"


def identified_contact(world: World) -> Any:
    """A contact whose free text repeats every identifier the structured fields hold."""
    child = SubjectInput(
        details=SubjectDetails(
            given_name=NAME[0],
            family_name=NAME[1],
            date_of_birth=DOB,
            sex="F",
            nhs_number=NHS,
            upn="A123456789012",
            postcode=POSTCODE,
        ),
        address_line1="14 Brudenell Grove",
        school="Hyde Park Primary",
    )
    mother = SubjectInput(
        details=SubjectDetails(given_name="Grace", family_name="Whitfield-Ogunyemi"),
        role="household",
        is_child=False,
        relationship_to_subject="mother",
    )
    police_ref = f"PN-2026-555{Contact.objects.count():02d}"
    return contact_create(
        actor=world.referrer,
        data=ContactInput(
            source_agency=world.school,
            channel="portal",
            concern=(
                f"Zainab Whitfield-Ogunyemi (DOB 23/09/2014, NHS 999 000 0034) came to Hyde Park "
                "Primary with a burn on her arm. She lives at 14 Brudenell Grove, ls62qr, with "
                f"her mother Grace. Zainab said mum was angry. Police ref {police_ref}; call "
                f"Mrs Okoro on 0113 496 0000 or jo.okoro@school.test. Born 23 September 2014."
            ),
            subjects=[child, mother],
            submitted_by=world.referrer,
            referrer_name="Jo Okoro",
            source_system="Niche",
            source_reference=police_ref,
            categories=["physical_abuse"],
        ),
    )


def open_exercise(
    world: World, *, vignettes: int = 2
) -> tuple[CalibrationExercise, list[Participant]]:
    """An open exercise with reviewed vignettes and three participants: the social worker, the
    manager (MASH staff) and the police representative."""
    lead = world.auditor
    exercise = exercise_create(actor=lead, title="Neglect thresholds, December")
    for _ in range(vignettes):
        vignette = vignette_add_from_contact(
            exercise=exercise, contact=identified_contact(world), actor=lead
        )
        vignette_review(vignette=vignette, actor=lead, text=vignette.text)
    participants = [
        participant_invite(exercise=exercise, user=user, actor=lead)
        for user in (world.social_worker, world.manager, world.police_rep)
    ]
    exercise_open(exercise=exercise, actor=lead)
    return exercise, participants


def exercise_for(world: World, *, closed: bool) -> CalibrationExercise:
    """One open and one closed exercise (the same three participants), made once per test."""
    from openmash.quality.models import ExerciseState
    from openmash.quality.services import exercise_close

    state = ExerciseState.CLOSED if closed else ExerciseState.OPEN
    existing = CalibrationExercise.objects.filter(state=state).first()
    if existing is not None:
        return existing
    exercise, _ = open_exercise(world, vignettes=1)
    if closed:
        exercise_close(exercise=exercise, actor=world.auditor)
    return exercise
