"""Calibration exercise pages, mounted at /quality/: the list, building an exercise (vignettes
from contacts, reviewed; participants), answering, and the results once it closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from openmash.contacts.permissions import contact_get_for_user, contacts_visible_to
from openmash.core.errors import ApplicationError
from openmash.core.http import AuthenticatedHttpRequest
from openmash.quality.forms import (
    AnswerForm,
    ExerciseForm,
    NotesForm,
    ParticipantInviteForm,
    VignetteAddForm,
    VignetteReviewForm,
)
from openmash.quality.models import CalibrationExercise, ExerciseState, Vignette
from openmash.quality.permissions import (
    can_run_calibration,
    can_see_answers,
    can_take_part_in_calibration,
    exercise_get_for_user,
    participation_of,
)
from openmash.quality.selectors import (
    ExerciseResults,
    GroupResult,
    answers_of,
    exercise_list,
    exercise_participants,
    exercise_results,
    exercise_vignettes,
)
from openmash.quality.services import (
    answer_record,
    exercise_close,
    exercise_create,
    exercise_notes_record,
    exercise_open,
    participant_invite,
    vignette_add_from_contact,
    vignette_review,
)

app_name = "quality"


def _attempt(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal lands on the form."""
    try:
        return call()
    except ApplicationError as error:
        form.add_error(None, error.message)
    return None


def _flash(request: AuthenticatedHttpRequest, call: Callable[[], Any], done: str) -> None:
    try:
        call()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


def _vignette(exercise: CalibrationExercise, vignette_id: int) -> Vignette:
    vignette = exercise.vignettes.filter(pk=vignette_id).first()
    if vignette is None:
        raise Http404("No such vignette")
    return vignette


@require_GET
@login_required
def exercises(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (can_run_calibration(request.user) or can_take_part_in_calibration(request.user)):
        raise PermissionDenied
    return render(
        request,
        "quality/exercises.html",
        {
            "exercises": exercise_list(request.user)[:100],
            "can_run": can_run_calibration(request.user),
            "page_title": "Threshold calibration exercises",
        },
    )


@login_required
def exercise_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_run_calibration(request.user):
        raise PermissionDenied
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exercise = exercise_create(
            actor=request.user,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )
        return redirect("quality:exercise", exercise.pk)
    return render(
        request,
        "quality/form.html",
        {
            "form": form,
            "title": "Create a calibration exercise",
            "button": "Create the exercise",
            "back": "quality:exercises",
            "has_errors": form.is_bound and bool(form.errors),
        },
    )


@require_GET
@login_required
def exercise_detail(request: AuthenticatedHttpRequest, exercise_id: int) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id)
    runs = can_run_calibration(request.user)
    participant = participation_of(request.user, exercise)
    own = answers_of(participant) if participant is not None else {}
    vignettes = exercise_vignettes(exercise)
    context: dict[str, Any] = {
        "exercise": exercise,
        "runs": runs,
        "participant": participant,
        "rows": [{"vignette": v, "answer": own.get(v.pk)} for v in vignettes],
        "participants": exercise_participants(exercise) if runs else [],
        "page_title": exercise.title,
    }
    if can_see_answers(request.user, exercise):
        results = exercise_results(exercise)
        context |= {
            "results": results,
            "group_tables": _group_tables(results, runs=runs, me=request.user.pk),
        }
    if runs:
        context |= {
            "add_form": VignetteAddForm(),
            "invite_form": ParticipantInviteForm(),
            "notes_form": NotesForm(initial={"notes": exercise.discussion_notes}),
        }
    return render(request, "quality/exercise.html", context)


def _group_tables(results: ExerciseResults, *, runs: bool, me: int) -> list[tuple[str, list[Any]]]:
    """Distance from the group: every participant for the lead; a participant sees their own
    row and the groups, not their colleagues' by name."""
    people = [
        {
            "label": f"{r.participant.user.full_name}, {r.participant.agency.name}",
            "level_distance": r.level_distance,
            "outcome_differs": r.outcome_differs,
            "user_id": r.participant.user_id,
        }
        for r in results.participants
    ]
    tables: list[tuple[str, list[Any]]] = []
    if runs:
        tables.append(("By participant", people))
    else:
        tables.append(("You", [dict(p, label="You") for p in people if p["user_id"] == me]))
    tables.append(("By agency", [_group_row(g) for g in results.agencies]))
    tables.append(("By team", [_group_row(g) for g in results.teams]))
    return tables


def _group_row(group: GroupResult) -> dict[str, Any]:
    return {
        "label": f"{group.name} ({group.participants})",
        "level_distance": group.level_distance,
        "outcome_differs": group.outcome_differs,
    }


@require_POST
@login_required
def vignette_add(request: AuthenticatedHttpRequest, exercise_id: int) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id, for_change=True)
    form = VignetteAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the contact's reference")
        return redirect("quality:exercise", exercise.pk)
    reference = form.cleaned_data["contact_reference"].strip().upper()
    found = contacts_visible_to(request.user).filter(reference=reference).first()
    if found is None:
        messages.error(request, f"No contact has the reference {reference}")
        return redirect("quality:exercise", exercise.pk)
    contact = contact_get_for_user(request.user, found.pk)
    _flash(
        request,
        lambda: vignette_add_from_contact(exercise=exercise, contact=contact, actor=request.user),
        "Vignette added: review its text before you open the exercise",
    )
    return redirect("quality:exercise", exercise.pk)


@login_required
def vignette_edit(
    request: AuthenticatedHttpRequest, exercise_id: int, vignette_id: int
) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id, for_change=True)
    vignette = _vignette(exercise, vignette_id)
    form = VignetteReviewForm(request.POST or None, initial={"text": vignette.text})
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: vignette_review(
                vignette=vignette, actor=request.user, text=form.cleaned_data["text"]
            ),
        )
        if done:
            messages.success(request, f"Vignette {vignette.position} reviewed")
            return redirect("quality:exercise", exercise.pk)
    return render(
        request,
        "quality/vignette_form.html",
        {
            "exercise": exercise,
            "vignette": vignette,
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
        },
    )


@require_POST
@login_required
def invite(request: AuthenticatedHttpRequest, exercise_id: int) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id, for_change=True)
    form = ParticipantInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select a participant to invite")
        return redirect("quality:exercise", exercise.pk)
    user = form.cleaned_data["user"]
    _flash(
        request,
        lambda: participant_invite(exercise=exercise, user=user, actor=request.user),
        f"{user.full_name} invited",
    )
    return redirect("quality:exercise", exercise.pk)


@require_POST
@login_required
def open_for_answers(request: AuthenticatedHttpRequest, exercise_id: int) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id, for_change=True)
    _flash(
        request,
        lambda: exercise_open(exercise=exercise, actor=request.user),
        "The exercise is open: participants can now answer",
    )
    return redirect("quality:exercise", exercise.pk)


@require_POST
@login_required
def close(request: AuthenticatedHttpRequest, exercise_id: int) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id, for_change=True)
    _flash(
        request,
        lambda: exercise_close(exercise=exercise, actor=request.user),
        "The exercise is closed: the results are below",
    )
    return redirect("quality:exercise", exercise.pk)


@require_POST
@login_required
def notes(request: AuthenticatedHttpRequest, exercise_id: int) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id, for_change=True)
    form = NotesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the discussion notes")
        return redirect("quality:exercise", exercise.pk)
    _flash(
        request,
        lambda: exercise_notes_record(
            exercise=exercise, actor=request.user, notes=form.cleaned_data["notes"]
        ),
        "Discussion notes saved",
    )
    return redirect("quality:exercise", exercise.pk)


@login_required
def answer(request: AuthenticatedHttpRequest, exercise_id: int, vignette_id: int) -> HttpResponse:
    exercise = exercise_get_for_user(request.user, exercise_id)
    participant = participation_of(request.user, exercise)
    if participant is None:
        raise PermissionDenied
    if exercise.state != ExerciseState.OPEN:
        messages.error(request, "The exercise is not open for answers")
        return redirect("quality:exercise", exercise.pk)
    vignette = _vignette(exercise, vignette_id)
    given = answers_of(participant).get(vignette.pk)
    initial = {"level": str(given.level), "outcome": given.outcome} if given else {}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: answer_record(
                vignette=vignette,
                participant=participant,
                actor=request.user,
                level=form.cleaned_data["level"],
                outcome=form.cleaned_data["outcome"],
                rationale=form.cleaned_data["rationale"],
            ),
        )
        if done:
            messages.success(request, f"Your answer to vignette {vignette.position} is saved")
            return redirect("quality:exercise", exercise.pk)
    return render(
        request,
        "quality/answer.html",
        {
            "exercise": exercise,
            "vignette": vignette,
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
        },
    )


urlpatterns: list[URLPattern] = [
    path("calibration/", exercises, name="exercises"),
    path("calibration/new/", exercise_new, name="exercise_new"),
    path("calibration/<int:exercise_id>/", exercise_detail, name="exercise"),
    path("calibration/<int:exercise_id>/vignettes/", vignette_add, name="vignette_add"),
    path(
        "calibration/<int:exercise_id>/vignettes/<int:vignette_id>/review/",
        vignette_edit,
        name="vignette_review",
    ),
    path(
        "calibration/<int:exercise_id>/vignettes/<int:vignette_id>/answer/",
        answer,
        name="answer",
    ),
    path("calibration/<int:exercise_id>/participants/", invite, name="invite"),
    path("calibration/<int:exercise_id>/open/", open_for_answers, name="open"),
    path("calibration/<int:exercise_id>/close/", close, name="close"),
    path("calibration/<int:exercise_id>/notes/", notes, name="notes"),
]
