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
    with production_server(Path(tmp_path_factory.mktemp("prod")), "grace", PASSWORD) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Any]:
    # Per test, and requested after any database fixture: while Playwright's event loop runs in
    # this thread, Django refuses ORM calls from it.
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
    pages = [("/", 200), ("/gallery/", 200), ("/accounts/login/", 200), ("/no-such-page/", 404)]
    # A 500 page is rendered with no request context, but it gets the nonce.
    for path, status in [*pages, ("/test-only/broken/", 500)]:
        assert page.goto(prod_url + path).status == status, path
        # The inline head script, allowed by its nonce, applies the saved theme before paint.
        assert page.evaluate("document.documentElement.classList.contains('dark')"), path
    screenshot(page, "prod-500-dark")
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('dark')")
    screenshot(page, "prod-gallery-dark-after-reload")
    assert violations == []
    page.close()


PASSWORD = "a-good-password-1"
ANONYMOUS_PAGES = [
    "/",
    "/gallery/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/done/",
    "/no-such-page/",
]
USER_PAGES = ["/ask/", "/accounts/password_change/", "/accounts/logout/"]
REFLOW_WIDTHS = [320, 390, 768]
AXE_WIDTHS = [320, 390, 1280]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def slug(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def check_every_page(
    browser: Any, base: str, mode: str, username: str | None = None
) -> dict[str, list[str]]:
    """Each page at each width, light and dark: sideways scroll and axe-core's violations."""
    from tests.browser import axe_violations

    problems: dict[str, list[str]] = {}
    context = browser.new_context()
    page = context.new_page()
    violations = csp_messages(page)
    paths = ANONYMOUS_PAGES
    if username:
        log_in(page, base, username)
        paths = USER_PAGES
    for theme in ("light", "dark"):
        page.goto(base + "/")
        page.evaluate("t => localStorage.setItem('foundation-ui-theme', t)", theme)
        for path in paths:
            for width in sorted({*REFLOW_WIDTHS, *AXE_WIDTHS}):
                page.set_viewport_size({"width": width, "height": 800})
                page.goto(base + path)
                page.wait_for_function("() => window.FoundationUI !== undefined")
                found = []
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                if width in REFLOW_WIDTHS and overflow > 0:
                    found.append(f"scrolls sideways by {overflow}px")
                if width in AXE_WIDTHS:
                    found += axe_violations(page)
                name = f"{mode}-{'user-' if username else ''}{slug(path)}-{width}-{theme}"
                if width in (320, 1280):
                    screenshot(page, name)
                if found:
                    problems[name] = found
    if violations:
        problems["csp"] = violations
    context.close()
    return problems


@pytest.fixture
def grace(transactional_db: None) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("grace", password=PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_every_page_in_development_reflows_and_passes_axe(
    live_server: Any, grace: None, browser: Any
) -> None:
    assert check_every_page(browser, live_server.url, "dev") == {}
    assert check_every_page(browser, live_server.url, "dev", "grace") == {}


def test_every_page_in_production_reflows_and_passes_axe(prod_url: str, browser: Any) -> None:
    assert check_every_page(browser, prod_url, "prod") == {}
    assert check_every_page(browser, prod_url, "prod", "grace") == {}


def test_a_narrow_screen_gets_its_links_from_a_menu_sheet(prod_url: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(prod_url + "/")
    page.wait_for_function("() => window.FoundationUI !== undefined")
    assert page.locator(".fui-navbar-links").is_hidden()
    button = page.locator(".fui-navbar-menu-button")
    button.focus()
    page.keyboard.press("Enter")
    sheet = page.locator("#fui-navbar-menu")
    sheet.wait_for(state="visible")
    links = sheet.locator("nav a")
    assert links.all_inner_texts() == ["Home", "Ask the model", "Components"]
    assert sheet.get_by_role("link", name="Log in").is_visible()
    screenshot(page, "prod-home-390-menu-open")
    page.keyboard.press("Escape")
    sheet.wait_for(state="hidden")
    assert page.evaluate(
        "() => document.activeElement.classList.contains('fui-navbar-menu-button')"
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    assert button.is_hidden() and page.locator(".fui-navbar-links").is_visible()
    page.close()


def test_error_pages_are_styled_and_say_what_to_do(prod_url: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    response = page.goto(prod_url + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.fui-navbar')).position")
        == "sticky"
    )
    # A form posted without its CSRF token: Django's CSRF failure view, with the package's page.
    page.goto(prod_url + "/accounts/login/")
    page.evaluate("() => document.querySelector('main form [name=csrfmiddlewaretoken]').remove()")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong-password")
    with page.expect_navigation() as navigation:
        page.click("main button[type=submit]")
    assert navigation.value.status == 403
    assert page.locator("h1").inner_text() == "The form could not be sent"
    assert "reload the page" in page.locator("main").inner_text()
    screenshot(page, "prod-csrf-failure")
    page.close()


def test_a_get_of_the_logout_url_explains_itself(prod_url: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, prod_url, "grace")
    response = page.goto(prod_url + "/accounts/logout/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Log out?"
    assert "logged in as grace" in page.locator("main").inner_text()
    screenshot(page, "prod-logout-confirm")
    page.click("main button[type=submit]")
    page.wait_for_url(prod_url + "/")  # LOGOUT_REDIRECT_URL
    assert page.locator(".fui-navbar-wide >> text=Log in").is_visible()
    page.goto(prod_url + "/accounts/logout/")
    assert page.locator("h1").inner_text() == "You are not logged in"
    page.close()
