"""Staff intake in sections (issue 13 item 10): the contact, the people, the concern, risk and
consent, then check your answers. Nothing is lost between sections, each section explains its
own errors, and it all works without JavaScript (plain form posts)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from openmash.contacts.models import Contact
from tests.conftest import World, client_for
from tests.contacts.test_staff_intake import _category, _form

pytestmark = pytest.mark.clock

URL = reverse("contacts:record")
CONTACT_KEYS = (
    "channel",
    "received_date_day",
    "received_date_month",
    "received_date_year",
    "received_time",
    "source_agency",
    "referrer_name",
    "referrer_role",
    "referrer_phone",
    "contact_kind",
)


def _start(client: Client) -> str:
    response = client.get(URL)
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    assert query["step"] == ["contact"]
    return query["intake"][0]


def _part(world: World, step: str) -> dict[str, Any]:
    everything = _form(world)
    if step == "contact":
        return {k: everything[k] for k in CONTACT_KEYS}
    if step == "people":
        return {k: v for k, v in everything.items() if k.startswith("subject-")}
    if step == "concern":
        return {"concern": everything["concern"], "categories_household": [_category(world)]}
    return {k: everything[k] for k in ("immediate_risk", "family_told", "consent")}


def _post(client: Client, intake: str, step: str, data: dict[str, Any], **extra: str) -> Any:
    return client.post(URL, {"intake": intake, "step": step, **data, **extra})


def _location_step(response: Any) -> str:
    assert response.status_code == 302, response.content[:400]
    return parse_qs(urlparse(response["Location"]).query)["step"][0]


def test_a_contact_is_recorded_section_by_section_then_checked(world: World) -> None:
    client = client_for(world.contact_officer)
    intake = _start(client)
    for step, following in (
        ("contact", "people"),
        ("people", "concern"),
        ("concern", "risk"),
        ("risk", "check"),
    ):
        page = client.get(URL, {"intake": intake, "step": step}).text
        assert "Record a contact: section" in page
        assert _location_step(_post(client, intake, step, _part(world, step))) == following
    check = client.get(URL, {"intake": intake, "step": "check"}).text
    assert "Check the contact before recording it" in check
    for words in ("PC Ada Brook", "Leo Marsh", "9 November 2018", "Called to a domestic incident"):
        assert words in check
    assert check.count(">Change<") >= 10
    assert Contact.objects.count() == 0  # nothing is recorded before the check
    response = _post(client, intake, "check", {})
    contact = Contact.objects.get()
    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])
    assert contact.referrer_name == "PC Ada Brook"
    assert contact.contact_subjects.get().nhs_number == "9990000034"
    assert list(contact.categories.values_list("code", flat=True)) == [_category(world)]
    # The answers are gone from the session once recorded.
    assert client.get(URL, {"intake": intake, "step": "check"}).status_code == 302


def test_nothing_is_lost_going_back_to_an_earlier_section(world: World) -> None:
    client = client_for(world.contact_officer)
    intake = _start(client)
    _post(client, intake, "contact", _part(world, "contact"))
    _post(client, intake, "people", _part(world, "people"))
    page = client.get(URL, {"intake": intake, "step": "contact"}).text
    assert 'value="PC Ada Brook"' in page
    assert 'value="01632 960002"' in page
    page = client.get(URL, {"intake": intake, "step": "people"}).text
    assert 'value="Leo"' in page
    assert 'value="9990000034"' in page
    assert "There is a problem" not in page


def test_each_section_explains_only_its_own_errors(world: World) -> None:
    client = client_for(world.contact_officer)
    intake = _start(client)
    response = _post(client, intake, "contact", {"contact_kind": "referral"})
    assert response.status_code == 200
    page = response.text
    assert "<title>Error: The contact and who made it" in page
    assert "Select phone or email" in page
    assert "Enter the referrer&#x27;s name" in page or "Enter the referrer's name" in page
    # The concern and the people come later: their errors are not shown here.
    assert "Enter what happened" not in page
    assert "Person 1" not in page
    # What was typed stays on the page.
    response = _post(client, intake, "contact", {**_part(world, "contact"), "channel": ""})
    assert 'value="PC Ada Brook"' in response.text


def test_a_change_from_the_check_page_comes_back_to_it(world: World) -> None:
    client = client_for(world.contact_officer)
    intake = _start(client)
    for step in ("contact", "people", "concern", "risk"):
        _post(client, intake, step, _part(world, step))
    check = client.get(URL, {"intake": intake, "step": "check"}).text
    change = re.search(r'href="([^"]*step=contact[^"]*back_to=check[^"]*)"', check)
    assert change, "no change link to the first section"
    page = client.get(change[1].replace("&amp;", "&")).text
    assert "Save and check answers" in page
    data = {**_part(world, "contact"), "referrer_name": "PC Bo Lane"}
    response = _post(client, intake, "contact", data, back_to="check")
    assert _location_step(response) == "check"
    assert "PC Bo Lane" in client.get(URL, {"intake": intake, "step": "check"}).text


def test_add_another_person_keeps_the_first(world: World) -> None:
    client = client_for(world.contact_officer)
    intake = _start(client)
    response = _post(client, intake, "people", _part(world, "people"), add_subject="1")
    assert response.status_code == 302
    page = client.get(URL, {"intake": intake, "step": "people"}).text
    assert "Person 2" in page
    assert 'value="Leo"' in page
    assert "There is a problem" not in page


def test_the_check_page_sends_back_to_a_section_still_to_answer(world: World) -> None:
    client = client_for(world.contact_officer)
    intake = _start(client)
    _post(client, intake, "contact", _part(world, "contact"))
    response = client.get(URL, {"intake": intake, "step": "check"})
    assert _location_step(response) == "people"


def test_two_intakes_in_two_tabs_keep_apart(world: World) -> None:
    client = client_for(world.contact_officer)
    first, second = _start(client), _start(client)
    _post(client, first, "contact", _part(world, "contact"))
    other = {**_part(world, "contact"), "referrer_name": "Nurse Kay Hill"}
    _post(client, second, "contact", other)
    assert "PC Ada Brook" in client.get(URL, {"intake": first, "step": "contact"}).text
    assert "Nurse Kay Hill" in client.get(URL, {"intake": second, "step": "contact"}).text


def test_referrers_cannot_use_the_sections(world: World) -> None:
    client = client_for(world.referrer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"intake": "x", "step": "contact"}).status_code == 403
