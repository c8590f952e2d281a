"""Registries: the lower app offers, the higher apps fill them in their `ready()`."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from openmash.contacts.registry import (
    contact_duplicate_confirmed,
    contact_page_panels,
    contact_resource_parts,
    contacts_arrived,
)
from openmash.core.registry import (
    Registry,
    access_refusals_repeated,
    break_glass_opened,
    home_sections,
    periodic_jobs,
    restrictable_records,
)
from openmash.people.registry import (
    match_training_subjects,
    person_contact_links,
    person_merge_rows,
)


def test_a_registry_keeps_entries_in_the_order_they_were_registered() -> None:
    registry: Registry[str] = Registry("Test entries")
    registry.register("b", "second app")
    registry.register("a", "first app")
    registry.register("b", "second app")  # ready() run again changes nothing
    assert list(registry) == ["second app", "first app"]
    assert registry.get("a") == "first app"
    assert registry.get("c") is None


def test_a_registry_refuses_a_second_entry_under_a_taken_name() -> None:
    registry: Registry[str] = Registry("Test entries")
    registry.register("frontdoor", "panels")
    with pytest.raises(ImproperlyConfigured, match="'frontdoor' is already registered"):
        registry.register("frontdoor", "other panels")


def test_the_apps_fill_the_registries_they_are_offered() -> None:
    assert [name for name, _ in restrictable_records.items()] == ["person", "contact", "allegation"]
    assert [name for name, _ in break_glass_opened.items()] == ["tell_managers"]
    assert [name for name, _ in access_refusals_repeated.items()] == ["tell_auditors"]
    assert [name for name, _ in periodic_jobs.items()] == [
        "disable_dormant_accounts",
        "match_model_refresh",
        "frontdoor_breaches",
    ]
    assert [name for name, _ in person_merge_rows.items()] == [
        "contact_subjects",
        "referrals",
        "adult_enquiries",
        "family_help_members",
        "protection_cases",
        "safeguarding_enquiries",
        "lado_subjects",
        "lado_children",
        "missing_episodes",
        "exploitation_screenings",
        "exploitation_meetings",
        "exploitation_links",
        "exploitation_links_to",
        "chronology_entries",
        "case_summaries",
    ]
    assert [name for name, _ in person_contact_links.items()] == ["contacts"]
    assert [name for name, _ in match_training_subjects.items()] == ["contact_subjects"]
    assert [name for name, _ in contact_page_panels.items()] == [
        "frontdoor",
        "familyhelp",
        "outofhours",
        "adults",
    ]
    assert [name for name, _ in contact_duplicate_confirmed.items()] == ["frontdoor"]
    assert [name for name, _ in contact_resource_parts.items()] == ["second_reports"]
    assert [name for name, _ in contacts_arrived.items()] == ["immediate_risk", "out_of_hours"]
    assert [name for name, _ in home_sections.items()] == [
        "manager",
        "familyhelp",
        "out_of_hours",
        "protection",
        "adults",
        "lado",
        "case_audits",
        "calibration",
    ]
