"""The adults' screening page, the contact page's threshold panel and the threshold API for
contacts about adults: an adult-only contact never shows the children's continuum, a child-only
contact never shows the adults' scale, and a contact about both shows each on its own scale."""

from __future__ import annotations

from openmash.frontdoor.models import ThresholdAssessment
from openmash.frontdoor.services.s42 import S42Tests
from openmash.frontdoor.services.thresholds import threshold_assess
from tests.conftest import client_for
from tests.frontdoor.adult_helpers import adult_contact

ADULT_INDICATORS = 39
ALL_YES = {
    "has_care_and_support_needs": "yes",
    "experiencing_or_at_risk_of_abuse": "yes",
    "unable_to_protect_self": "yes",
}


def _adult_url(contact, subject=None):
    subject = subject or contact.contact_subjects.get(is_child=False)
    return f"/mash/contacts/{contact.pk}/threshold/adults/{subject.pk}/"


def test_an_adult_only_contact_is_sent_from_the_childrens_page_to_the_adults(world):
    contact = adult_contact(world)
    response = client_for(world.social_worker).get(f"/mash/contacts/{contact.pk}/threshold/")
    assert response.status_code == 302
    assert response.headers["Location"] == _adult_url(contact)
    two = adult_contact(world, adults=2)
    response = client_for(world.social_worker).get(f"/mash/contacts/{two.pk}/threshold/")
    assert response.headers["Location"] == f"/contacts/{two.pk}/#threshold"


def test_the_adults_page_shows_the_s42_tests_and_only_the_adults_scale(world):
    contact = adult_contact(world)
    html = client_for(world.social_worker).get(_adult_url(contact)).content.decode()
    assert "Adult safeguarding risk threshold" in html
    assert "Edith Marsh, born 1 February 1938" in html
    assert "Does the adult have needs for care and support" in html
    assert html.count('name="indicators"') == ADULT_INDICATORS
    assert "Financial or material abuse" in html
    assert "Substantial" in html
    # Nothing of the children's continuum.
    assert "Acute / specialist" not in html
    assert "L3-FE-02" not in html
    assert "Parenting capacity" not in html


def test_the_childrens_page_never_shows_the_adults_scale(world, contact):
    html = client_for(world.social_worker).get(f"/mash/contacts/{contact.pk}/threshold/")
    text = html.content.decode()
    assert "Section 42" not in text
    assert "A3-FIN-01" not in text
    assert "Substantial" not in text


def test_suggest_on_the_adults_page_gives_the_s42_duty_and_the_risk_level(world):
    contact = adult_contact(world)
    response = client_for(world.social_worker).post(
        _adult_url(contact),
        {"action": "suggest", "indicators": ["A3-FIN-01"], "version": contact.version, **ALL_YES},
    )
    html = response.content.decode()
    assert "Section 42 duty: appears met" in html
    assert "Suggested: Substantial (level 3)" in html
    assert "Typical response:" in html
    assert "Substantial (suggested)" in html
    assert not ThresholdAssessment.objects.exists()


def test_saving_an_adults_screening_records_it_and_the_panel_shows_it(world):
    contact = adult_contact(world)
    client = client_for(world.social_worker)
    refused = client.post(
        _adult_url(contact),
        {
            "action": "save",
            "indicators": ["A2-FIN-01"],
            "chosen_level": "2",
            "version": contact.version,
            **ALL_YES,
            "unable_to_protect_self": "no",
        },
    )
    assert "Enter why the test is not met (unable to protect themselves)" in (
        refused.content.decode()
    )
    assert not ThresholdAssessment.objects.exists()
    response = client.post(
        _adult_url(contact),
        {
            "action": "save",
            "indicators": ["A2-FIN-01"],
            "chosen_level": "2",
            "version": contact.version,
            **ALL_YES,
            "unable_to_protect_self": "no",
            "unable_to_protect_self_note": "She has capacity and has stopped the payments.",
        },
    )
    assert response.status_code == 302
    assessment = ThresholdAssessment.objects.get()
    assert (assessment.scale, assessment.chosen_level) == ("adults", 2)
    assert assessment.unable_to_protect_self == "no"
    page = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Adult safeguarding risk threshold: Edith Marsh" in page
    assert "Section 42 duty" in page
    assert "Not met" in page
    assert "She has capacity and has stopped the payments." in page
    assert "Moderate (level 2)" in page
    assert "Edith Marsh: Moderate (level 2)" in page  # the front-door summary's level
    assert "Threshold of need" not in page
    assert f'/mash/contacts/{contact.pk}/threshold/"' not in page


def test_a_contact_about_an_adult_and_a_child_shows_both_scales_on_its_page(world):
    contact = adult_contact(world, with_child=True)
    threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=["L2-FE-02"],
        chosen_level=2,
        scale="children",
    )
    page = client_for(world.social_worker).get(f"/contacts/{contact.pk}/").content.decode()
    assert "Threshold of need" in page
    assert "Adult safeguarding risk threshold: Edith Marsh" in page
    assert "Not screened yet" in page
    assert f'href="/mash/contacts/{contact.pk}/threshold/"' in page
    assert f'href="{_adult_url(contact)}"' in page


def test_the_adults_page_is_only_for_an_adult_the_contact_is_about(world, contact):
    adults = adult_contact(world, with_child=True)
    child = adults.contact_subjects.get(is_child=True)
    client = client_for(world.social_worker)
    assert client.get(_adult_url(adults, child)).status_code == 404
    other = contact.contact_subjects.get()
    assert client.get(f"/mash/contacts/{adults.pk}/threshold/adults/{other.pk}/").status_code == 404
    assert client_for(world.auditor).get(_adult_url(adults)).status_code == 403
    assert client_for(world.referrer).get(_adult_url(adults)).status_code in (403, 404)


# The API.


def test_the_api_lists_the_adults_scale_when_asked(world):
    client = client_for(world.referrer)
    body = client.get("/api/v1/thresholds/?scale=adults").json()
    assert body["scale"] == "adults"
    assert [level["label"] for level in body["levels"]] == [
        "Low",
        "Moderate",
        "Substantial",
        "Critical",
    ]
    assert len(body["indicators"]) == ADULT_INDICATORS
    assert {"code": "self_neglect", "label": "Self-neglect"} in body["domains"]
    assert [s["scale"] for s in body["scales"]] == ["children", "adults"]
    children = client.get("/api/v1/thresholds/").json()
    assert children["scale"] == "children"
    assert len(children["indicators"]) == 59
    assert client.get("/api/v1/thresholds/?scale=elders").status_code == 400


def test_the_api_dry_run_gives_the_s42_duty(world):
    response = client_for(world.social_worker).post(
        "/api/v1/thresholds/suggest/",
        {
            "scale": "adults",
            "indicators": ["A4-NEG-01"],
            "s42": {key: {"answer": "yes"} for key in ALL_YES},
        },
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200, body
    assert (body["level"], body["level_label"]) == (4, "Critical")
    assert body["s42"]["duty"] == "met"
    assert body["typical_response"].startswith("Urgent protection")
    children = client_for(world.social_worker).post(
        "/api/v1/thresholds/suggest/", {"indicators": ["L2-CD-01"]}, content_type="application/json"
    )
    assert children.json()["s42"] is None


def test_the_api_screens_an_adult_inferring_the_scale_and_the_adult(world):
    contact = adult_contact(world)
    url = f"/api/v1/contacts/{contact.pk}/threshold/"
    client = client_for(world.social_worker)
    wrong = client.post(
        url, {"scale": "children", "indicators": [], "level": 1}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert "scale" in wrong.json()["errors"]
    no_note = client.post(
        url,
        {"indicators": [], "level": 1, "s42": {"unable_to_protect_self": {"answer": "no"}}},
        content_type="application/json",
    )
    assert no_note.status_code == 400
    assert "s42.unable_to_protect_self.note" in no_note.json()["errors"]
    response = client.post(
        url,
        {
            "indicators": ["A3-PSY-01"],
            "level": 3,
            "s42": {
                "has_care_and_support_needs": {"answer": "yes", "note": "Learning disability."},
                "experiencing_or_at_risk_of_abuse": {"answer": "yes"},
            },
            "version": contact.version,
        },
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 201, body
    assert (body["scale"], body["subject"]) == ("adults", contact.contact_subjects.get().pk)
    assert body["s42"]["has_care_and_support_needs"] == {
        "answer": "yes",
        "note": "Learning disability.",
    }
    assert body["s42"]["unable_to_protect_self"]["answer"] == "not_known"
    assert body["suggestion"]["s42"]["duty"] == "not_yet_known"
    history = client_for(world.auditor).get(url).json()
    assert [row["scale"] for row in history] == ["adults"]
    assert client_for(world.auditor).get(url + "?scale=children").json() == []


def test_the_api_assesses_a_contact_about_both_on_each_scale(world):
    contact = adult_contact(world, with_child=True)
    url = f"/api/v1/contacts/{contact.pk}/threshold/"
    client = client_for(world.social_worker)
    unsure = client.post(url, {"indicators": [], "level": 1}, content_type="application/json")
    assert unsure.status_code == 400
    assert "scale" in unsure.json()["errors"]
    child = contact.contact_subjects.get(is_child=True)
    not_an_adult = client.post(
        url,
        {"scale": "adults", "subject": child.pk, "indicators": [], "level": 1},
        content_type="application/json",
    )
    assert "subject" in not_an_adult.json()["errors"]
    for scale, level in (("children", 2), ("adults", 3)):
        response = client.post(
            url, {"scale": scale, "indicators": [], "level": level}, content_type="application/json"
        )
        assert response.status_code == 201, response.json()
    rows = client.get(url).json()
    assert sorted(row["scale"] for row in rows) == ["adults", "children"]
    assert next(r for r in rows if r["scale"] == "children")["s42"] is None


def test_the_api_never_lists_a_childrens_assessment_for_an_adult_only_contact(world):
    contact = adult_contact(world)
    threshold_assess(
        contact=contact,
        actor=world.social_worker,
        indicator_codes=[],
        chosen_level=1,
        s42=S42Tests.of(has_care_and_support_needs="yes"),
    )
    rows = client_for(world.social_worker).get(f"/api/v1/contacts/{contact.pk}/threshold/").json()
    assert [row["scale"] for row in rows] == ["adults"]
