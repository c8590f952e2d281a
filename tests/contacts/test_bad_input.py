"""The bad-input corpus (`tests/data/bad_input/`) through every intake channel: the referral form,
`POST /api/v1/contacts/` with an API key, and a notifications file.

For each value, each channel either refuses it cleanly, naming the field (the form's error at the
field, the API's 400 problem with the field's path, the import's row error with its column) and
writing nothing, or accepts it and stores it canonically, shown escaped. Never a 500 and never a
part-written contact; and the same verdict on every channel, because they share
`contacts/plausibility.py`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from openmash.accounts.services import api_key_create
from openmash.contacts.drafts import referral_draft_create
from openmash.contacts.imports import import_notifications
from openmash.contacts.models import Contact, ContactSubject
from openmash.people.models import Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.clock

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad_input"
CHANNELS = ("form", "api", "import")
SUBJECT_FIELDS = ("given_name", "family_name", "date_of_birth", "nhs_number")


@dataclass(frozen=True)
class Case:
    kind: str
    field: str
    value: Any
    expect: str  # refuse, accept, or either (long values, until size limits land)
    stored: Any
    channels: tuple[str, ...]
    json_number: bool
    known_finding: str = ""

    def text(self) -> str:
        return self.value if isinstance(self.value, str) else json.dumps(self.value)


def _value(raw: Any) -> Any:
    if isinstance(raw, dict) and "$repeat" in raw:
        part, times = raw["$repeat"]
        return part * times
    return raw


def load_corpus() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.json")):
        for raw in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            value = _value(raw["value"])
            cases.append(
                Case(
                    kind=path.stem,
                    field=raw["field"],
                    value=value,
                    expect=raw["expect"],
                    stored=raw.get("stored", value),
                    channels=tuple(raw.get("channels", CHANNELS)),
                    json_number=raw.get("json_number", False),
                    known_finding=raw.get("known_finding", ""),
                )
            )
    return cases


CASES = [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=case.known_finding))
    if case.known_finding
    else case
    for case in load_corpus()
]


def _id(case: Case) -> str:
    shown = ascii(case.text())[1:-1]
    return f"{case.kind}-{case.field}-{shown[:30]}"


@dataclass
class Verdict:
    accepted: bool
    stored: Any = None  # the value as stored, when accepted
    contact: Contact | None = None


def _counts() -> tuple[int, int, int]:
    return Contact.objects.count(), ContactSubject.objects.count(), Person.objects.count()


def _stored(case: Case, contact: Contact) -> Any:
    if case.field == "concern":
        return contact.concern
    value = getattr(contact.contact_subjects.get(), case.field)
    return value.isoformat() if case.field == "date_of_birth" and value else value


# --- The referral form -------------------------------------------------------------------------

CHILD = {
    "kind": "child",
    "given_name": "Maisie",
    "family_name": "Okafor",
    "date_of_birth_day": "2",
    "date_of_birth_month": "7",
    "date_of_birth_year": "2019",
    "sex": "F",
    "nhs_number": "",
    "upn": "",
    "address_line1": "4 Mill Lane",
    "postcode": "SW1A 1AA",
    "school": "Test School",
}


def _form_person(case: Case) -> dict[str, str]:
    if case.field == "date_of_birth":
        year, _, rest = case.text().partition("-")
        month, _, day = rest.partition("-")
        return {
            **CHILD,
            "date_of_birth_year": year,
            "date_of_birth_month": month,
            "date_of_birth_day": day,
        }
    if case.field in SUBJECT_FIELDS:
        return {**CHILD, case.field: case.text()}
    return CHILD


def _form_refused(response: Any, field: str) -> bool:
    """The page again, with a GOV.UK error message at the field."""
    return response.status_code in (200, 400) and bool(
        re.search(rf'id="[^"]*{field}[^"]*[-_]error"', response.text)
    )


def through_form(world: World, case: Case) -> Verdict:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)

    def step(name: str, data: dict[str, Any]) -> Any:
        return client.post(reverse("contacts:refer_step", args=[draft.pk, name]), data)

    step("you", {"referrer_role": "DSL", "referrer_phone": "01632 960000"})
    step("type", {"kind": "referral"})
    person = client.post(reverse("contacts:refer_person_add", args=[draft.pk]), _form_person(case))
    if person.status_code != 302:
        assert _form_refused(person, case.field), person.status_code
        return Verdict(accepted=False)
    concern = case.text() if case.field == "concern" else "Bruise on her arm."
    page = step("concern", {"concern": concern, "categories_abuse_neglect": ["physical_abuse"]})
    if page.status_code != 302:
        assert _form_refused(page, case.field), page.status_code
        return Verdict(accepted=False)
    step("risk", {"immediate_risk": "no"})
    step(
        "consent",
        {"family_told": "no", "consent": "not_sought", "consent_reason": "Risk to the child"},
    )
    sent = client.post(reverse("contacts:refer_check", args=[draft.pk]))
    if sent.status_code != 302:
        # Refused on sending, by contact_create's checks: the check page links to the question.
        page = "people/0/" if case.field in SUBJECT_FIELDS else f"{case.field}/"
        assert re.search(rf'govuk-error-summary.*href="[^"]*/{page}"', sent.text, re.S), sent
        return Verdict(accepted=False)
    contact = Contact.objects.get(submitted_by=world.referrer)
    return Verdict(accepted=True, stored=_stored(case, contact), contact=contact)


# --- The API -----------------------------------------------------------------------------------


def _api_body(case: Case) -> str:
    subject: dict[str, Any] = {
        "given_name": "Leo",
        "family_name": "Marsh",
        "date_of_birth": "2018-11-09",
        "sex": "M",
        "is_child": True,
    }
    body: dict[str, Any] = {
        "received_at": (timezone.now() - timedelta(days=1)).isoformat(),
        "channel": "api",
        "source": {"agency_code": "POL", "name": "PC Ada Brook"},
        "subjects": [subject],
        "concern": "Domestic incident; Leo was in the house.",
        "categories": ["neglect"],
        "consent": {"status": "not_sought", "family_told": "no", "reason": "Police investigation"},
    }
    placeholder = "\u0000number\u0000"
    value = placeholder if case.json_number else case.value
    if case.field in SUBJECT_FIELDS:
        subject[case.field] = value
    else:
        body[case.field] = value
    return json.dumps(body).replace(json.dumps(placeholder), case.text())


def through_api(world: World, case: Case) -> Verdict:
    _, key = api_key_create(actor=None, user=world.contact_officer, name="Police MIS")
    response = client_for(None).post(
        "/api/v1/contacts/",
        _api_body(case),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    if response.status_code == 201:
        contact = Contact.objects.get(pk=response.json()["id"])
        return Verdict(accepted=True, stored=_stored(case, contact), contact=contact)
    assert response.status_code == 400, (response.status_code, response.content[:500])
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    paths = list(problem.get("errors", {}))
    assert any(path.endswith(case.field) for path in paths), (paths, problem["detail"])
    return Verdict(accepted=False)


# --- The import --------------------------------------------------------------------------------

COLUMNS = {"concern": "narrative"}
ROW = {
    "source_system": "VIST",
    "source_reference": "BAD-1",
    "received_at": "2026-11-17T09:12:00+00:00",
    "agency_code": "POL",
    "given_name": "Maisie",
    "family_name": "Okafor",
    "date_of_birth": "2019-07-02",
    "nhs_number": "",
    "address_line1": "14 Alder Road",
    "postcode": "SW1A 1AA",
    "incident_date": "2026-11-16",
    "categories": "domestic_abuse",
    "narrative": "Verbal argument between adults; children present.",
    "officer_name": "PC Sam Hale",
    "officer_email": "sam.hale@police.example",
}


def through_import(world: World, case: Case) -> Verdict:
    column = COLUMNS.get(case.field, case.field)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(ROW))
    writer.writeheader()
    # Dates a day or two before the test's now, whichever now that is (`make test-clocks`).
    recent = {
        "received_at": (timezone.now() - timedelta(days=1)).isoformat(),
        "incident_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
    }
    writer.writerow({**ROW, **recent, column: case.text()})
    out.seek(0)
    result = import_notifications(
        actor=world.contact_officer,
        stream=out,
        file_name="notifications.csv",
        source_system="",
        mapping="generic",
    )
    batch = result.batch
    if batch.created_rows == 1:
        contact = Contact.objects.get(source_reference="BAD-1")
        return Verdict(accepted=True, stored=_stored(case, contact), contact=contact)
    if case.expect == "either" and batch.status == "failed":
        return Verdict(accepted=False)  # csv's field size limit: the file is refused whole
    assert (batch.created_rows, batch.error_rows) == (0, 1), batch.errors
    assert [e["field"] for e in batch.errors] == [column], batch.errors
    return Verdict(accepted=False)


THROUGH = {"form": through_form, "api": through_api, "import": through_import}


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_a_value_gets_the_same_verdict_on_every_channel(world: World, case: Case) -> None:
    verdicts: dict[str, Verdict] = {}
    for channel in case.channels:
        before = _counts()
        verdict = THROUGH[channel](world, case)
        after = _counts()
        if verdict.accepted:
            assert after[0] == before[0] + 1, f"{channel}: accepted but not one contact written"
        else:
            assert after == before, f"{channel}: refused but something was written"
        verdicts[channel] = verdict

    accepted = {channel: v.accepted for channel, v in verdicts.items()}
    if case.expect == "either":
        # Until size limits land (issue 12, finding 10) channels may differ on very long values.
        return
    assert len(set(accepted.values())) == 1, f"channels disagree: {accepted}"
    assert next(iter(accepted.values())) == (case.expect == "accept"), accepted
    for channel, verdict in verdicts.items():
        if verdict.accepted:
            assert verdict.stored == case.stored, (channel, ascii(verdict.stored)[:200])
            _assert_shown_escaped(world, verdict)


def _assert_shown_escaped(world: World, verdict: Verdict) -> None:
    """The contact page shows the stored value escaped, never as markup."""
    text = str(verdict.stored)
    if not set(text) & set("<>&\"'") or verdict.contact is None:
        return
    page = client_for(world.contact_officer).get(
        reverse("contacts:detail", args=[verdict.contact.pk])
    )
    assert page.status_code == 200
    assert escape(text) in page.text
    for markup in ("<script>alert", "<img src=x", "<svg onload"):
        assert markup not in page.text
