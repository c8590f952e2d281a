"""The referral form for partner practitioners: question pages, drafts, check answers, sending."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openmash.contacts.drafts import referral_draft_create, referral_draft_update
from openmash.contacts.models import Contact, ContactSubject, ReferralDraft
from openmash.core.models import AuditEvent
from openmash.people.models import Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.clock

CHILD = {
    "kind": "child",
    "given_name": "Maisie",
    "family_name": "Okafor",
    "date_of_birth_day": "2",
    "date_of_birth_month": "7",
    "date_of_birth_year": "2019",
    "sex": "F",
    "nhs_number": "999 000 0026",
    "upn": "",
    "address_line1": "4 Mill Lane",
    "postcode": "sw1a 1aa",
    "school": "Test School",
}


def _step(draft: ReferralDraft, step: str) -> str:
    return reverse("contacts:refer_step", args=[draft.pk, step])


def _complete_draft(client: Any, draft: ReferralDraft) -> None:
    client.post(_step(draft, "you"), {"referrer_role": "DSL", "referrer_phone": "01632 960000"})
    client.post(_step(draft, "type"), {"kind": "referral"})
    client.post(reverse("contacts:refer_person_add", args=[draft.pk]), CHILD)
    client.post(
        _step(draft, "concern"),
        {
            "concern": "Bruise on her arm; says her stepfather grabbed her.",
            "categories_abuse_neglect": ["physical_abuse"],
        },
    )
    client.post(_step(draft, "risk"), {"immediate_risk": "no"})
    client.post(
        _step(draft, "consent"),
        {
            "family_told": "no",
            "consent": "not_sought",
            "consent_reason": "Telling the stepfather could put her at risk",
        },
    )


def test_a_referrer_starts_a_referral_and_gets_a_draft(world: World) -> None:
    client = client_for(world.referrer)
    response = client.post(reverse("contacts:refer_start"))
    draft = ReferralDraft.objects.get(owner=world.referrer)
    assert response["Location"] == _step(draft, "you")
    assert AuditEvent.objects.filter(
        verb="referral_draft.created", target_id=str(draft.pk)
    ).exists()


def test_the_whole_form_sends_a_contact_with_a_reference_and_deletes_the_draft(
    world: World,
) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    _complete_draft(client, draft)

    check = client.get(reverse("contacts:refer_check", args=[draft.pk]))
    assert check.status_code == 200
    assert "Check your answers before sending your referral" in check.text
    assert "Maisie Okafor" in check.text
    assert "SW1A 1AA" in check.text

    response = client.post(reverse("contacts:refer_check", args=[draft.pk]))
    contact = Contact.objects.get(submitted_by=world.referrer)
    assert response["Location"] == reverse("contacts:refer_sent", args=[contact.pk])
    assert not ReferralDraft.objects.filter(pk=draft.pk).exists()
    assert contact.channel == "portal"
    assert contact.source_agency == world.school
    assert contact.referrer_name == world.referrer.full_name
    assert contact.referrer_phone == "01632 960000"
    assert list(contact.categories.values_list("code", flat=True)) == ["physical_abuse"]
    assert contact.consent == "not_sought"
    assert contact.family_told == "no"
    subject = ContactSubject.objects.get(contact=contact)
    assert (subject.nhs_number, subject.postcode, subject.school) == (
        "9990000026",
        "SW1A 1AA",
        "Test School",
    )
    sent = client.get(response["Location"])
    assert contact.reference in sent.text
    assert "Referral sent" in sent.text
    assert AuditEvent.objects.filter(verb="contact.created", target_id=str(contact.pk)).exists()


def test_a_draft_is_resumed_with_the_answers_already_given(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    client.post(
        _step(draft, "you"),
        {"referrer_role": "Head of year", "referrer_phone": "01632 960001", "later": "1"},
    )
    mine = client.get(reverse("contacts:mine"))
    assert reverse("contacts:refer_check", args=[draft.pk]) in mine.text
    page = client.get(_step(draft, "you"))
    assert 'value="Head of year"' in page.text
    assert AuditEvent.objects.filter(verb="referral_draft.saved", target_id=str(draft.pk)).exists()


def test_save_and_come_back_later_returns_to_your_referrals(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    response = client.post(_step(draft, "type"), {"kind": "referral", "later": "1"})
    assert response["Location"] == reverse("contacts:mine")
    draft.refresh_from_db()
    assert draft.data["kind"] == "referral"


def test_a_referrer_deletes_their_draft(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    assert client.get(reverse("contacts:refer_delete", args=[draft.pk])).status_code == 200
    response = client.post(reverse("contacts:refer_delete", args=[draft.pk]))
    assert response["Location"] == reverse("contacts:mine")
    assert not ReferralDraft.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(
        verb="referral_draft.deleted", target_id=str(draft.pk)
    ).exists()


def test_another_referrer_cannot_open_or_delete_a_draft(world: World) -> None:
    draft = referral_draft_create(actor=world.referrer)
    outsider = client_for(world.outsider)
    assert outsider.get(_step(draft, "you")).status_code == 404
    assert outsider.post(reverse("contacts:refer_delete", args=[draft.pk])).status_code == 404
    assert outsider.post(reverse("contacts:refer_check", args=[draft.pk])).status_code == 404
    assert ReferralDraft.objects.filter(pk=draft.pk).exists()
    # The owner, with the same set-up, can.
    assert client_for(world.referrer).get(_step(draft, "you")).status_code == 200


def test_front_door_staff_do_not_use_the_referral_form(world: World) -> None:
    assert client_for(world.contact_officer).get(reverse("contacts:refer_start")).status_code == 403
    assert client_for(world.referrer).get(reverse("contacts:refer_start")).status_code == 200


def test_a_person_can_be_changed_and_removed(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    client.post(reverse("contacts:refer_person_add", args=[draft.pk]), CHILD)
    client.post(
        reverse("contacts:refer_person_change", args=[draft.pk, 0]),
        {**CHILD, "given_name": "Maisy"},
    )
    draft.refresh_from_db()
    assert [s["given_name"] for s in draft.data["subjects"]] == ["Maisy"]
    assert draft.data["subjects"][0]["date_of_birth"] == "2019-07-02"
    client.post(reverse("contacts:refer_person_remove", args=[draft.pk, 0]))
    draft.refresh_from_db()
    assert draft.data["subjects"] == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "nhs_number",
            "999 000 0019",
            "Enter a real NHS number: the last digit does not match the others",
        ),
        ("nhs_number", "12345", "NHS number must be 10 digits"),
        (
            "upn",
            "B801200001001",
            "Enter a real UPN: the first letter does not match the other characters",
        ),
        ("upn", "A12", "UPN must be a letter followed by 12 characters"),
        ("postcode", "ABC 123", "Enter a real postcode, like SW1A 1AA"),
        ("date_of_birth_year", "2999", "Date of birth must be today or in the past"),
        ("given_name", "", "Enter the person&#x27;s first name, or &#x27;Unknown&#x27;"),
    ],
)
def test_the_person_page_shows_govuk_messages(
    world: World, field: str, value: str, message: str
) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    response = client.post(
        reverse("contacts:refer_person_add", args=[draft.pk]), {**CHILD, field: value}
    )
    assert response.status_code == 200
    assert message in response.text
    assert response.text.count(message) == 2  # in the error summary and at the field
    assert "<title>Error: " in response.text
    draft.refresh_from_db()
    assert draft.data["subjects"] == []


def test_a_valid_upn_is_accepted(world: World) -> None:
    from openmash.core.identifiers import upn_check_letter

    upn = upn_check_letter("801200001001") + "801200001001"
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    client.post(
        reverse("contacts:refer_person_add", args=[draft.pk]), {**CHILD, "upn": upn.lower()}
    )
    draft.refresh_from_db()
    assert draft.data["subjects"][0]["upn"] == upn


def test_a_household_member_needs_a_relationship(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    response = client.post(
        reverse("contacts:refer_person_add", args=[draft.pk]), {**CHILD, "kind": "household"}
    )
    assert "Enter the person&#x27;s relationship to the child or adult" in response.text


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("risk", {"immediate_risk": "yes"}, "Describe the immediate risk"),
        ("risk", {}, "Select yes if anyone is at immediate risk of harm"),
        (
            "consent",
            {"family_told": "no", "consent": "not_sought"},
            "Enter why you did not ask for consent",
        ),
        (
            "consent",
            {"family_told": "yes", "consent": "refused"},
            "Enter what they said when they refused",
        ),
        ("type", {"kind": "anonymous"}, "Enter why you cannot name the family"),
        ("concern", {"concern": ""}, "Enter what happened"),
        ("concern", {"concern": "x"}, "Select at least one kind of concern"),
        (
            "concern",
            {
                "concern": "x",
                "categories_abuse_neglect": ["neglect"],
                "incident_date_day": "1",
                "incident_date_month": "1",
                "incident_date_year": "2999",
            },
            "The date it happened must be today or in the past",
        ),
        ("you", {"referrer_role": "DSL"}, "Enter a phone number"),
    ],
)
def test_question_pages_show_govuk_messages(
    world: World, step: str, data: dict, message: str
) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    before = dict(draft.data)
    response = client.post(_step(draft, step), data)
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Error: " in response.text
    draft.refresh_from_db()
    assert draft.data == before


def test_the_risk_page_tells_the_referrer_to_call_999(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    response = client.get(_step(draft, "risk"))
    assert "call 999 now" in response.text
    assert "phone the MASH" in response.text


def test_an_adult_subject_offers_the_adults_categories(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    referral_draft_update(
        actor=world.referrer,
        draft=draft,
        answers={"subjects": [{"kind": "adult", "given_name": "Ann", "family_name": "Lee"}]},
    )
    page = client.get(_step(draft, "concern")).text
    assert "Adults at risk" in page
    assert "Abuse and neglect" not in page


def test_an_incomplete_draft_cannot_be_sent_and_nothing_is_saved(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    counts = (Contact.objects.count(), Person.objects.count())
    response = client.post(reverse("contacts:refer_check", args=[draft.pk]))
    assert response.status_code == 200
    assert "Add the child or adult the concern is about" in response.text
    assert "<title>Error: " in response.text
    assert (Contact.objects.count(), Person.objects.count()) == counts
    assert ReferralDraft.objects.filter(pk=draft.pk).exists()


def test_a_service_error_on_sending_keeps_the_draft_and_saves_nothing(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    _complete_draft(client, draft)
    draft.refresh_from_db()
    # A bad identifier that slipped into a draft (e.g. saved before a rule changed).
    subjects = [{**draft.data["subjects"][0], "nhs_number": "9990000019"}]
    referral_draft_update(actor=world.referrer, draft=draft, answers={"subjects": subjects})
    counts = (Contact.objects.count(), Person.objects.count(), ContactSubject.objects.count())
    response = client.post(reverse("contacts:refer_check", args=[draft.pk]))
    assert "Enter a valid NHS number" in response.text
    assert (
        Contact.objects.count(),
        Person.objects.count(),
        ContactSubject.objects.count(),
    ) == counts
    assert ReferralDraft.objects.filter(pk=draft.pk).exists()


def test_the_referrer_sees_their_referral_but_not_the_matching(world: World) -> None:
    client = client_for(world.referrer)
    draft = referral_draft_create(actor=world.referrer)
    _complete_draft(client, draft)
    client.post(reverse("contacts:refer_check", args=[draft.pk]))
    contact = Contact.objects.get(submitted_by=world.referrer)
    page = client.get(reverse("contacts:detail", args=[contact.pk])).text
    assert "What you told us" in page
    assert "Maisie Okafor" in page
    assert "Completeness" not in page
    assert "Person record" not in page
    assert (
        client_for(world.outsider).get(reverse("contacts:detail", args=[contact.pk])).status_code
        == 404
    )


def test_the_immediate_risk_guidance_gives_the_mash_phone_number(world, settings) -> None:
    from django.urls import reverse

    from tests.conftest import client_for

    settings.MASH_PHONE = "0100 000 0000"
    settings.EDT_PHONE = "0100 000 0999"
    html = client_for(world.referrer).get(reverse("contacts:refer_start")).content.decode()
    assert "phone the MASH on 0100 000 0000" in html
    assert "emergency duty team on 0100 000 0999" in html
