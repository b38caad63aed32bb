"""Every page of the example in Chromium, as a person meets it, in development and in production.

Production runs under `config.settings.prod` (its Content Security Policy included) in a gunicorn
process of its own; development is pytest-django's live server on the test settings. Screenshots go
to $TEST_REPORTS/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, needs_chromium, production_server, screenshot

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def prod_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with production_server(Path(tmp_path_factory.mktemp("prod"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def csp_messages(page: Any) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return messages


def test_production_keeps_a_saved_dark_theme_with_no_csp_violation(
    prod_url: str, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    violations = csp_messages(page)
    response = page.goto(prod_url + "/")
    assert "'nonce-" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.FoundationUI !== undefined")
    assert not page.evaluate("document.documentElement.classList.contains('dark')")
    page.click("[data-fui-theme-toggle]")
    assert page.evaluate("localStorage.getItem('foundation-ui-theme')") == "dark"
    for path in ("/", "/gallery/", "/accounts/login/"):
        page.goto(prod_url + path)
        # The inline head script, allowed by its nonce, applies the saved theme before paint.
        assert page.evaluate("document.documentElement.classList.contains('dark')"), path
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('dark')")
    screenshot(page, "prod-gallery-dark-after-reload")
    assert violations == []
    page.close()
