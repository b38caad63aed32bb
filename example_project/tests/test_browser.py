"""A new user's path in a real browser: Debian's Chromium driven by Playwright (never a download).

Home, log in, ask the model, see the answer appear (the page polls), log out.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from accounts.models import User
from foundation_llm.testing import FakeOllamaServer

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true", reason="Debian's chromium is not installed"
)


@pytest.fixture
def grace(transactional_db: None) -> User:
    # Created before the browser starts: Playwright's event loop makes the ORM refuse this thread.
    return User.objects.create_user("grace", password="a-good-password-1")


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.fail("chromium is required under CI (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.set_default_timeout(60_000)  # room for a busy machine; waits end on events
            yield page
        finally:
            browser.close()


@pytest.mark.django_db(transaction=True)
def test_a_new_user_asks_the_model(
    live_server: Any,
    settings: Any,
    foundation_llm_fake_ollama: FakeOllamaServer,
    grace: User,
    browser_page: Any,
) -> None:
    settings.FOUNDATION_LLM = {
        "default": {"HOST": foundation_llm_fake_ollama.url, "MODEL": "llama3.2", "TIMEOUT": 60}
    }
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Foundation"
    page.click("text=Ask the model")
    page.fill("#id_username", "grace")
    page.fill("#id_password", "a-good-password-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/ask/")
    page.fill("#id_question", "Is this wired end to end?")
    page.click("button:has-text('Ask')")
    page.wait_for_selector("#job-status:has-text('done')")
    assert page.locator("#job-answer").inner_text().strip() == "Echo: Is this wired end to end?"
    assert page.locator("nav span").inner_text() == "grace"
    page.click("text=Log out")
    page.wait_for_selector("nav >> text=Log in")
    assert page.url == live_server.url + "/"
