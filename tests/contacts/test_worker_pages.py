"""Pages a worker can use (issue 13 item 10): work pages use the full width of the screen, the
contacts list has RAG and filters, the contact page has a contents list, no label says
"(optional)" twice."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from openmash.contacts.models import Contact, ContactStatus
from tests.conftest import World, client_for
from tests.frontdoor.queue_helpers import new_contact, person

pytestmark = pytest.mark.django_db

WIDE = "openmash-full-width"


def _body_classes(html: str) -> str:
    match = re.search(r'<body class="([^"]*)"', html)
    assert match
    return match[1]


@pytest.mark.parametrize(
    "url",
    [
        reverse("frontdoor:queue"),
        reverse("contacts:list"),
        reverse("frontdoor:breaches"),
        reverse("frontdoor:request_inbox"),
    ],
)
def test_work_pages_use_the_full_width_of_the_screen(world: World, url: str) -> None:
    response = client_for(world.manager).get(url)
    assert response.status_code == 200
    assert WIDE in _body_classes(response.text)
    assert "css/openmash-work.css" in response.text


def test_a_form_keeps_the_reading_width(world: World) -> None:
    page = client_for(world.contact_officer).get(reverse("contacts:record"), follow=True).text
    assert WIDE not in _body_classes(page)


def test_the_queue_shows_received_times_in_govuk_style(world: World) -> None:
    new_contact(world, received_at=datetime(2026, 11, 17, 14, 5, tzinfo=UTC))
    page = client_for(world.social_worker).get(reverse("frontdoor:queue")).text
    assert "Received 17 Nov at 2:05pm" in page
    assert "14:05" not in page


@pytest.fixture
def three(world: World) -> dict[str, Contact]:
    red = new_contact(
        world,
        people=[person("Rhea", "Red")],
        received_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        rag="red",
        status=ContactStatus.SCREENING,
        team=world.mash,
    )
    amber = new_contact(
        world,
        people=[person("Amos", "Amber")],
        received_at=datetime(2026, 11, 10, 9, 0, tzinfo=UTC),
        rag="amber",
        status=ContactStatus.INFORMATION_GATHERING,
        team=world.assessment,
    )
    unrated = new_contact(
        world,
        people=[person("Una", "Unrated")],
        received_at=datetime(2026, 11, 17, 9, 0, tzinfo=UTC),
    )
    return {"red": red, "amber": amber, "unrated": unrated}


def _listed(world: World, **query: str) -> str:
    response = client_for(world.social_worker).get(reverse("contacts:list"), query)
    assert response.status_code == 200
    return response.text


def test_the_contacts_list_shows_each_contacts_rag_and_team(world: World, three: dict) -> None:
    page = _listed(world)
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not rated</strong>' in page
    assert "Assessment team 1" in page
    assert "17 Nov 2026 at 9am" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"rag": "red"}, {"Rhea"}),
        ({"rag": "none"}, {"Una"}),
        ({"status": "information_gathering"}, {"Amos"}),
        (
            {"received_from_day": "10", "received_from_month": "11", "received_from_year": "2026"},
            {"Amos", "Una"},
        ),
        (
            {"received_to_day": "10", "received_to_month": "11", "received_to_year": "2026"},
            {"Rhea", "Amos"},
        ),
        (
            {
                "received_from_day": "3",
                "received_from_month": "11",
                "received_from_year": "2026",
                "received_to_day": "16",
                "received_to_month": "11",
                "received_to_year": "2026",
            },
            {"Amos"},
        ),
    ],
)
def test_the_contacts_list_filters_by_rag_status_and_received_dates(
    world: World, three: dict, query: dict[str, str], shown: set[str]
) -> None:
    page = _listed(world, **query)
    listed = {name for name in ("Rhea", "Amos", "Una") if f"{name} " in page}
    assert listed == shown
    assert "Selected filters" in page
    assert "Remove this filter" in page


def test_the_contacts_list_filters_by_team(world: World, three: dict) -> None:
    assert world.assessment is not None
    page = _listed(world, team=str(world.assessment.pk))
    assert "Amos Amber" in page
    assert "Rhea Red" not in page
    assert "Team: Assessment team 1" in page


def test_a_filter_tag_links_to_the_list_without_that_filter(world: World, three: dict) -> None:
    page = _listed(world, rag="red", status="screening")
    assert 'href="?status=screening"' in page
    assert 'href="?rag=red"' in page


def test_a_date_that_is_not_real_is_explained_and_the_other_filters_still_apply(
    world: World, three: dict
) -> None:
    page = _listed(
        world,
        rag="amber",
        received_from_day="31",
        received_from_month="2",
        received_from_year="2026",
    )
    assert "<title>Error: Contacts" in page
    assert "The first date must be a real date" in page
    assert "Amos Amber" in page
    assert "Rhea Red" not in page


def test_the_last_date_cannot_be_before_the_first(world: World, three: dict) -> None:
    page = _listed(
        world,
        received_from_day="10",
        received_from_month="11",
        received_from_year="2026",
        received_to_day="1",
        received_to_month="11",
        received_to_year="2026",
    )
    assert "The last date must be the same as or after the first" in page


def test_no_contacts_match_says_so(world: World, three: dict) -> None:
    assert "There are no contacts that match these filters" in _listed(world, rag="blue")


def test_a_referrers_own_list_never_shows_rag(world: World, contact: Contact) -> None:
    Contact.objects.filter(pk=contact.pk).update(rag="red")
    page = client_for(world.referrer).get(reverse("contacts:mine")).text
    assert "RAG" not in page
    assert "govuk-tag--red" not in page


def test_the_contact_page_has_a_contents_list_linking_to_each_section(
    world: World, contact: Contact
) -> None:
    page = client_for(world.social_worker).get(reverse("contacts:detail", args=[contact.pk])).text
    nav = re.search(
        r'<nav class="moj-side-navigation[^"]*" aria-label="Contents">(.*?)</nav>', page, re.S
    )
    assert nav, "no contents list"
    targets = re.findall(r'href="#([^"]+)"', nav[1])
    for expected in ("the-contact", "people", "record-history"):
        assert expected in targets
    assert len(targets) == len(set(targets)) >= 6
    for target in targets:
        assert f'id="{target}"' in page, target
    # The contents come before the first section, so a worker sees them first.
    assert page.index('aria-label="Contents"') < page.index('id="the-contact"')


def test_a_referrers_contact_page_has_no_staff_contents(world: World, contact: Contact) -> None:
    page = client_for(world.referrer).get(reverse("contacts:detail", args=[contact.pk])).text
    assert "openmash:contents" not in page
    assert "record-history" not in page


FORM_PAGES = [
    ("contact_officer", "contacts:record", False),
    ("social_worker", "contacts:list", False),
    ("social_worker", "frontdoor:queue", False),
    ("social_worker", "frontdoor:consent", True),
    ("social_worker", "frontdoor:screen", True),
    ("social_worker", "frontdoor:decision", True),
    ("social_worker", "frontdoor:note", True),
    ("social_worker", "frontdoor:request_new", True),
    ("social_worker", "frontdoor:route_add", True),
    ("social_worker", "frontdoor:threshold", True),
    ("manager", "frontdoor:allocation_assign", True),
]


def _labels_say_optional_once(page: str) -> None:
    assert re.search(r"\(optional\)\s*\(optional\)", page) is None
    for label in re.findall(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", page, re.S):
        assert label.lower().count("optional") <= 1, label


@pytest.mark.parametrize(("persona", "name", "about_contact"), FORM_PAGES)
def test_no_label_says_optional_twice(
    world: World, contact: Contact, persona: str, name: str, about_contact: bool
) -> None:
    user = world.personas()[persona]
    url = reverse(name, args=[contact.pk]) if about_contact else reverse(name)
    response = client_for(user).get(url, follow=True)
    assert response.status_code == 200, (name, response.status_code)
    _labels_say_optional_once(response.content.decode())


def test_each_section_of_the_staff_intake_says_optional_once(world: World) -> None:
    client = client_for(world.contact_officer)
    first = client.get(reverse("contacts:record"))
    for step in ("contact", "people", "concern", "risk"):
        page = client.get(first["Location"].replace("step=contact", f"step={step}")).text
        _labels_say_optional_once(page)


def test_a_label_that_already_says_optional_is_not_given_another() -> None:
    from django import forms

    from openmash.core.govuk_forms import GovukFormRenderer

    class Example(forms.Form):
        email = forms.CharField(label="Work email (optional) if they have one", required=False)
        note = forms.CharField(label="Note (Optional)", required=False)
        phone = forms.CharField(label="Phone", required=False)

    form = Example(renderer=GovukFormRenderer())
    assert form["email"].govuk_label == "Work email (optional) if they have one"  # type: ignore[attr-defined]
    assert form["note"].govuk_label == "Note (Optional)"  # type: ignore[attr-defined]
    assert form["phone"].govuk_label == "Phone (optional)"  # type: ignore[attr-defined]
