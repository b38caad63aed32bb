"""foundation-ui in a real browser: Debian's Chromium driven by Playwright, on the component gallery.

Keyboard behaviour (dialog, tabs, dropdown, tooltip), the theme toggle, toasts, a user's class beating
a component's, and axe-core (from the npm registry, injected into the page) finding no violations on
the gallery and the login page, light and dark. Screenshots go to $TEST_REPORTS/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium")
AXE = os.environ.get("FOUNDATION_AXE_JS")
IN_CI = os.environ.get("CI") == "true"
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None and not IN_CI, reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(transactional_db: None, live_server: Any) -> Iterator[Any]:
    # The database and the live server are set up first: once Playwright's event loop runs in this
    # thread, Django refuses ORM calls from it.
    if CHROMIUM is None:
        pytest.fail("chromium is required under CI (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            tab = browser.new_page(viewport={"width": 1100, "height": 900})
            tab.set_default_timeout(60_000)  # room for a busy machine; waits end on events
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            yield tab
        finally:
            browser.close()
    assert errors == [], f"script errors on the page: {errors}"


GALLERY_SECTIONS = [
    "button",
    "badge",
    "alert",
    "card",
    "controls",
    "form",
    "table",
    "dialog",
    "dropdown",
    "tabs",
    "tooltip",
    "toast",
    "avatar",
    "skeleton",
    "separator",
    "breadcrumb",
    "pagination",
    "navbar",
]


def screenshot(page: Any, name: str) -> None:
    folder = Path(os.environ.get("TEST_REPORTS") or Path.cwd() / ".screenshots") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def open_page(page: Any, url: str, theme: str = "light") -> None:
    page.goto(url)
    page.evaluate("t => localStorage.setItem('foundation-ui-theme', t)", theme)
    page.reload()
    page.wait_for_function("() => window.FoundationUI !== undefined")


def axe_violations(page: Any) -> list[str]:
    if AXE is None:
        if IN_CI:
            pytest.fail("FOUNDATION_AXE_JS is not set under CI (scripts/test installs axe-core)")
        pytest.skip("axe-core is not installed (FOUNDATION_AXE_JS)")
    page.add_script_tag(path=AXE)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(result)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/gallery/", "/accounts/login/"])
def test_no_accessibility_violations(live_server: Any, page: Any, path: str, theme: str) -> None:
    open_page(page, live_server.url + path, theme)
    assert page.evaluate("document.documentElement.classList.contains('dark')") is (theme == "dark")
    if path == "/gallery/":
        sections = page.eval_on_selector_all("main section[id]", "ss => ss.map(s => s.id)")
        assert sections == GALLERY_SECTIONS
    screenshot(page, f"{path.strip('/').replace('/', '-')}-{theme}")
    assert axe_violations(page) == []


def test_a_users_class_beats_the_components_own(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    style = page.eval_on_selector(
        "#override-demo",
        "e => { const s = getComputedStyle(e); return [s.borderTopLeftRadius, s.paddingLeft, s.paddingRight]; }",
    )
    assert style == ["0px", "32px", "32px"]
    plain = page.eval_on_selector(
        ".fui-btn[data-size='default']", "e => getComputedStyle(e).borderTopLeftRadius"
    )
    assert plain not in ("0px", "")


def test_dialog_opens_traps_focus_and_closes_on_escape(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    trigger = page.locator("[data-fui-open='edit-profile']")
    trigger.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#edit-profile")
    dialog.wait_for(state="visible")
    inside = "() => document.getElementById('edit-profile').contains(document.activeElement)"
    assert page.evaluate(inside)
    assert page.evaluate("() => document.activeElement.id") == "dlg-name"
    seen = set()
    for _ in range(8):  # more presses than focusable elements: focus must wrap, never leave
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
        seen.add(
            page.evaluate(
                "() => document.activeElement.id || document.activeElement.textContent.trim()"
            )
        )
    assert {"dlg-name", "dlg-username", "Cancel", "Save changes"} <= seen
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(inside)
    screenshot(page, "gallery-dialog-open")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert (
        page.evaluate("() => document.activeElement.getAttribute('data-fui-open')")
        == "edit-profile"
    )
    trigger.click()
    dialog.wait_for(state="visible")
    page.click("#edit-profile [data-fui-close][aria-label='Close']")
    dialog.wait_for(state="hidden")


def selected_tab(page: Any) -> str:
    return page.evaluate(
        "() => [...document.querySelectorAll('#tabs [role=tab]')].filter(t => t.getAttribute('aria-selected') === 'true')"
        ".map(t => t.id + '|' + (document.activeElement === t) + '|' + !document.getElementById(t.getAttribute('aria-controls')).hidden).join()"
    )


def test_tabs_from_the_keyboard(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    page.focus("#settings-tab-account")
    page.keyboard.press("ArrowRight")
    assert selected_tab(page) == "settings-tab-password|true|true"
    assert page.is_hidden("#settings-panel-account")
    page.keyboard.press("End")
    assert selected_tab(page) == "settings-tab-team|true|true"
    page.keyboard.press("ArrowRight")  # wraps
    assert selected_tab(page) == "settings-tab-account|true|true"
    page.keyboard.press("ArrowLeft")
    assert selected_tab(page) == "settings-tab-team|true|true"
    page.keyboard.press("Home")
    assert selected_tab(page) == "settings-tab-account|true|true"
    tabindex = page.eval_on_selector_all("#tabs [role=tab]", "ts => ts.map(t => t.tabIndex)")
    assert tabindex == [0, -1, -1]  # one tab stop for the whole list
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "settings-panel-account"
    page.click("#settings-tab-password")
    assert selected_tab(page) == "settings-tab-password|true|true"


def focused_text(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.textContent.trim()"))


def test_dropdown_menu_from_the_keyboard(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    trigger = page.locator("#account-menu-trigger")
    menu = page.locator("#account-menu-menu")
    trigger.focus()
    page.keyboard.press("ArrowDown")
    menu.wait_for(state="visible")
    assert trigger.get_attribute("aria-expanded") == "true"
    assert focused_text(page) == "Profile"
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Billing"
    page.keyboard.press("End")
    assert focused_text(page) == "Delete account"
    page.keyboard.press("ArrowDown")  # wraps, skipping the disabled item and the labels
    assert focused_text(page) == "Profile"
    page.keyboard.press("ArrowUp")
    assert focused_text(page) == "Delete account"
    page.keyboard.press("Home")
    assert focused_text(page) == "Profile"
    page.keyboard.press("s")  # typeahead
    assert focused_text(page) == "Settings"
    screenshot(page, "gallery-dropdown-open")
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    assert trigger.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.id") == "account-menu-trigger"
    page.keyboard.press("Enter")
    menu.wait_for(state="visible")
    assert focused_text(page) == "Profile"
    page.mouse.click(5, 5)  # outside
    menu.wait_for(state="hidden")
    page.keyboard.press("Escape")


def test_tooltip_is_described_and_escape_hides_it(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    button = page.locator("[data-fui-tooltip] button").first
    assert button.get_attribute("aria-describedby") == "tip-add"
    tip = page.locator("#tip-add")
    assert not tip.is_visible()
    button.focus()
    page.wait_for_function(
        "() => getComputedStyle(document.getElementById('tip-add')).visibility === 'visible'"
    )
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => getComputedStyle(document.getElementById('tip-add')).visibility === 'hidden'"
    )


def test_theme_toggle_persists_without_a_flash(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/", "light")
    toggle = page.locator("[data-fui-theme-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    background = "() => getComputedStyle(document.body).backgroundColor"
    light = page.evaluate(background)
    toggle.click()
    assert page.evaluate("() => document.documentElement.classList.contains('dark')")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => localStorage.getItem('foundation-ui-theme')") == "dark"
    dark = page.evaluate(background)
    assert dark != light
    # With foundation-ui.js blocked, the inline head script alone still applies the remembered
    # theme before the page paints.
    page.route("**/foundation-ui.js", lambda route: route.abort())
    page.reload()
    assert page.evaluate("() => document.documentElement.classList.contains('dark')")
    assert page.evaluate(background) == dark
    page.unroute("**/foundation-ui.js")
    page.goto(live_server.url + "/gallery/")
    page.wait_for_function("() => window.FoundationUI !== undefined")
    assert page.locator("[data-fui-theme-toggle]").get_attribute("aria-pressed") == "true"
    page.locator("[data-fui-theme-toggle]").click()
    assert page.evaluate("() => localStorage.getItem('foundation-ui-theme')") == "light"


def test_messages_become_toasts_that_can_be_dismissed(
    live_server: Any, page: Any, settings: Any
) -> None:
    settings.FOUNDATION_UI = {**settings.FOUNDATION_UI, "TOAST_SECONDS": 1}
    open_page(page, live_server.url + "/gallery/")
    page.click("button[name=level][value=error]")
    page.wait_for_selector("[data-fui-toaster] .fui-toast[data-variant=error]")
    error = page.locator("[data-fui-toaster] .fui-toast[data-variant=error]")
    assert error.locator(".fui-toast-body").get_attribute("role") == "alert"
    assert error.inner_text().startswith("The payment was declined.")
    page.click("button[name=level][value=success]")
    success = page.locator("[data-fui-toaster] .fui-toast[data-variant=success]")
    success.wait_for(state="visible")
    success.wait_for(state="detached")  # hides itself after TOAST_SECONDS
    assert (
        page.locator("[data-fui-toaster] .fui-toast[data-variant=error]").count() == 0
    )  # a new page
    page.click("button[name=level][value=error]")
    error.wait_for(state="visible")
    page.wait_for_timeout(1500)
    assert error.is_visible()  # errors stay until dismissed
    error.locator("[data-fui-dismiss]").click()
    error.wait_for(state="detached")
    page.evaluate("() => FoundationUI.toast('<b>made by script</b>', 'info')")
    assert (
        page.locator("[data-fui-toaster] .fui-toast-body").last.inner_text()
        == "<b>made by script</b>"
    )
    page.evaluate(
        "() => document.body.dispatchEvent(new CustomEvent('fui:toast', {bubbles: true, detail: {message: 'from htmx', level: 'warning'}}))"
    )
    assert (
        page.locator("[data-fui-toaster] .fui-toast[data-variant=warning]")
        .inner_text()
        .startswith("from htmx")
    )


def test_components_swapped_in_later_are_wired(live_server: Any, page: Any) -> None:
    """What htmx does: new markup is inserted after the page loaded; it must work at once."""
    open_page(page, live_server.url + "/gallery/")
    page.evaluate(
        """() => document.getElementById('main').insertAdjacentHTML('beforeend',
        '<div id="swapped"><span class="fui-tooltip" data-fui-tooltip><button id="late-btn">Late</button>' +
        '<span role="tooltip" id="late-tip" class="fui-tooltip-content">Late tip</span></span>' +
        '<div class="fui-dropdown" data-fui-dropdown><button type="button" class="fui-btn" id="late-trigger" ' +
        'aria-haspopup="menu" aria-expanded="false" aria-controls="late-menu">Late menu</button>' +
        '<div class="fui-menu" role="menu" id="late-menu" aria-labelledby="late-trigger" hidden>' +
        '<button role="menuitem" tabindex="-1" class="fui-menu-item">One</button>' +
        '<button role="menuitem" tabindex="-1" class="fui-menu-item">Two</button></div></div></div>')"""
    )
    page.wait_for_function(
        "() => document.getElementById('late-btn').getAttribute('aria-describedby') === 'late-tip'"
    )
    page.focus("#late-trigger")
    page.keyboard.press("ArrowUp")
    assert focused_text(page) == "Two"
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.id") == "late-trigger"
