"""A non-demo user signs in with a password and an authenticator code; the pages pass axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from openmash.accounts.models import AgencyType, Role
from openmash.accounts.services import agency_create
from tests.conftest import PASSWORD, load_reference_data, make_user
from tests.e2e.conftest import axe_violations, enter_authentication_code, screenshot

pytestmark = [pytest.mark.clock, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_user_signs_in_with_password_and_code_and_the_pages_pass_axe(
    live_server: Any, page: Page
) -> None:
    load_reference_data()
    council = agency_create(
        actor=None, code="LA", name="Test Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    worker = make_user("sam.worker@council.test", council, "social_worker")
    assert not worker.is_demo
    assert Role.objects.filter(users=worker, sees_front_door=True).exists()

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert axe_violations(page) == []
    screenshot(page, "sign-in")

    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("authentication code")
    assert axe_violations(page) == []
    enter_authentication_code(page, worker)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {worker.full_name}")
    assert axe_violations(page) == []
    screenshot(page, "home")
    assert page.csp_violations == []  # type: ignore[attr-defined]


def test_an_error_page_passes_axe(live_server: Any, page: Page) -> None:
    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert axe_violations(page) == []
    screenshot(page, "not-found")


def test_a_form_with_errors_shows_the_error_summary_and_passes_axe(
    live_server: Any, page: Page
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert axe_violations(page) == []
    screenshot(page, "sign-in-errors")
