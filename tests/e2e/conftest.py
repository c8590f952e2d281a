"""Browser tests: Playwright driving Debian's Chromium (no `playwright install`), axe for WCAG."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_violations = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: _note_csp(page, msg.text))
    yield page
    context.close()


def _note_csp(page: Page, text: str) -> None:
    if "Content Security Policy" in text or "Content-Security-Policy" in text:
        page.csp_violations.append(text)  # type: ignore[attr-defined]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page (injected with evaluate, so the page's CSP does not block it)."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def current_code(user: Any) -> str:
    """The user's authenticator code for this 30-second period."""
    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    return f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"


def enter_authentication_code(page: Page, user: Any) -> None:
    """On the code page after the password: the current code, and the next one if its 30-second
    period ended on its way to the server (a code is checked against its own period only, and a
    loaded machine makes crossing into the next likelier)."""
    asking = page.get_by_role("heading", level=1, name="Enter your authentication code")
    for _ in range(3):
        page.get_by_label("Code", exact=False).first.fill(current_code(user))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
        if asking.count() == 0:
            return
    raise AssertionError(f"{user.email} could not sign in with an authentication code")
