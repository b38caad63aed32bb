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


BOOTSTRAP = os.environ.get("FOUNDATION_BOOTSTRAP_CSS")
# The kind of unlayered rules an older site carries besides Bootstrap, loaded after it.
SITE_CSS = """
a { color: rgb(180, 0, 0); text-decoration: underline; }
a:hover, a:focus { color: rgb(0, 0, 180); text-decoration: underline overline; }
a:visited { color: rgb(120, 0, 120); }
button, input { border-radius: 0; font-size: 18px; padding: 0; background: rgb(255, 255, 0); }
h1, h2, h3, p { margin: 24px 0; }
"""

HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A Bootstrap site</title>
  {% for href in stylesheets %}<link rel="stylesheet" href="{{ href }}">{% endfor %}
</head>
<body>
  <main class="container py-4">
    <h1 id="host-h1">The site's own page</h1>
    <p id="host-p">A paragraph of the site, with <a id="host-a" href="#">a link of its own</a>.</p>
    <ul id="host-ul"><li>First point</li><li>Second point</li></ul>
    <button type="button" id="host-btn" class="btn btn-primary">A Bootstrap button</button>
    <hr>
    <div class="d-flex gap-2 align-items-center">
      <c-ui.button id="fui-button">Save</c-ui.button>
      <c-ui.button id="fui-link" href="/elsewhere/" variant="outline" size="sm">Open</c-ui.button>
      <c-ui.button id="fui-ghost" href="/elsewhere/" variant="ghost">Ghost link</c-ui.button>
      <c-ui.button id="fui-default-link" href="/elsewhere/">Default link</c-ui.button>
      <c-ui.badge id="fui-badge" variant="secondary">New</c-ui.badge>
    </div>
    <c-ui.card class="mt-3" id="fui-card">
      <c-ui.card.header>
        <c-ui.card.title id="fui-card-title">A foundation-ui card</c-ui.card.title>
        <c-ui.card.description id="fui-card-description">Inside Bootstrap's layout.</c-ui.card.description>
      </c-ui.card.header>
      <c-ui.card.content>
        <c-ui.label for="fui-input">Email</c-ui.label>
        <c-ui.input id="fui-input" name="email" placeholder="you@example.com" />
      </c-ui.card.content>
    </c-ui.card>
  </main>
</body>
</html>"""

# Computed styles compared across pages: what makes a component look like itself, and what makes the
# site's own elements look like Bootstrap's.
COMPONENT_STYLES = {
    "#fui-button": [
        "border-top-left-radius",
        "height",
        "padding-left",
        "font-size",
        "font-weight",
        "color",
        "background-color",
        "text-decoration-line",
        "border-top-width",
    ],
    "#fui-link": [
        "border-top-left-radius",
        "height",
        "font-size",
        "color",
        "background-color",
        "text-decoration-line",
        "border-top-color",
    ],
    "#fui-ghost": ["color", "background-color", "text-decoration-line"],
    "#fui-default-link": ["color", "background-color", "text-decoration-line"],
    "#fui-badge": ["border-top-left-radius", "font-size", "color", "background-color"],
    "#fui-card": ["border-top-left-radius", "border-top-width", "padding-top", "background-color"],
    "#fui-card-title": ["font-size", "font-weight", "margin-bottom", "line-height"],
    "#fui-card-description": ["font-size", "margin-bottom", "color"],
    "#fui-input": ["height", "border-top-left-radius", "font-size", "padding-left"],
}
HOST_STYLES = {
    "#host-ul": ["list-style-type", "padding-left", "margin-bottom"],
    "#host-a": ["color", "text-decoration-line"],
    "#host-btn": ["border-top-left-radius", "background-color", "font-size", "padding-left"],
    "#host-h1": ["font-size", "font-weight", "margin-bottom"],
    "#host-p": ["margin-bottom", "font-size"],
    "body": ["font-family", "font-size", "line-height", "color", "background-color"],
}


def host_page(page: Any, live_server: Any, name: str, *stylesheets: str) -> None:
    from django.template import Context, Template
    from django_cotton.compiler_regex import CottonCompiler

    urls = {
        "bootstrap": "/vendor/bootstrap.min.css",
        "site": "/vendor/site.css",
        "components": "/static/foundation_ui/foundation-ui-components.css",
        "full": "/static/foundation_ui/foundation-ui.css",
    }
    html = Template(CottonCompiler().process(HOST_PAGE)).render(
        Context({"stylesheets": [urls[s] for s in stylesheets]})
    )
    page.route(
        f"{live_server.url}/host/{name}/",
        lambda route: route.fulfill(body=html, content_type="text/html"),
    )
    page.goto(f"{live_server.url}/host/{name}/")
    page.wait_for_load_state("load")


LINK_BUTTONS = ["#fui-default-link", "#fui-ghost"]


def hovered(page: Any) -> dict[str, dict[str, str]]:
    """Each link button's colours while the pointer is on it, once its transition has ended."""
    found = {}
    for selector in LINK_BUTTONS:
        page.hover(selector)
        page.wait_for_function(
            "s => document.querySelector(s).getAnimations().length === 0", arg=selector
        )
        found.update(computed(page, {selector: COMPONENT_STYLES[selector]}))
    return found


def computed(page: Any, styles: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    return {
        selector: page.eval_on_selector(
            selector,
            "(e, names) => { const s = getComputedStyle(e); return Object.fromEntries(names.map(n => [n, s.getPropertyValue(n)])); }",
            names,
        )
        for selector, names in styles.items()
    }


def test_components_keep_their_look_inside_a_bootstrap_page_and_leave_the_sites_alone(
    live_server: Any, page: Any
) -> None:
    if BOOTSTRAP is None:
        if IN_CI:
            pytest.fail(
                "FOUNDATION_BOOTSTRAP_CSS is not set under CI (scripts/test installs Bootstrap)"
            )
        pytest.skip("Bootstrap is not installed (FOUNDATION_BOOTSTRAP_CSS)")
    page.route(
        f"{live_server.url}/vendor/bootstrap.min.css",
        lambda route: route.fulfill(path=BOOTSTRAP, content_type="text/css"),
    )
    page.route(
        f"{live_server.url}/vendor/site.css",
        lambda route: route.fulfill(body=SITE_CSS, content_type="text/css"),
    )
    host_page(page, live_server, "alone", "components")
    components_alone = computed(page, COMPONENT_STYLES)
    hovered_alone = hovered(page)
    host_page(page, live_server, "bootstrap", "bootstrap")
    bootstrap_alone = computed(page, HOST_STYLES)

    host_page(page, live_server, "both", "bootstrap", "components")
    screenshot(page, "bootstrap-host-with-components")
    assert (
        computed(page, COMPONENT_STYLES) == components_alone
    )  # Bootstrap's reboot changed nothing
    assert computed(page, HOST_STYLES) == bootstrap_alone  # and neither did foundation-ui
    # In plain terms: the site's list keeps its bullets; the buttons stay rounded, 14 px, 36 px high;
    # the link button is neither blue nor underlined.
    assert bootstrap_alone["#host-ul"]["list-style-type"] == "disc"
    button = components_alone["#fui-button"]
    assert button["border-top-left-radius"] not in ("0px", "") and button["font-size"] == "14px"
    assert button["height"] == "36px"
    assert components_alone["#fui-link"]["text-decoration-line"] == "none"
    assert components_alone["#fui-link"]["color"] != bootstrap_alone["#host-a"]["color"]

    # A site's own unlayered rules for links, buttons, headings and paragraphs, after Bootstrap's:
    # still nothing changes inside the components, hovered or not.
    host_page(page, live_server, "site", "bootstrap", "site", "components")
    page.mouse.move(0, 0)
    assert computed(page, COMPONENT_STYLES) == components_alone
    assert hovered(page) == hovered_alone
    screenshot(page, "bootstrap-and-site-css-host-with-components")

    # What the page-wide stylesheet does to the same site, and why the components one exists: its
    # preflight strips the site's bullets, and its layered component rules lose to Bootstrap's reboot.
    host_page(page, live_server, "full", "bootstrap", "full")
    screenshot(page, "bootstrap-host-with-the-page-stylesheet")
    full = computed(page, {**COMPONENT_STYLES, **HOST_STYLES})
    assert full["#host-ul"]["list-style-type"] == "none"
    assert full["#fui-button"]["border-top-left-radius"] == "0px"


def test_the_admin_keeps_its_own_look_on_its_account_pages(
    live_server: Any, admin_user: Any, settings: Any, page: Any
) -> None:
    # admin_user (pytest-django's superuser "admin", password "password") before the page fixture:
    # once Playwright runs, Django refuses ORM calls from this thread.
    settings.LOGOUT_REDIRECT_URL = None  # let the admin show its own logged-out page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    page.goto(live_server.url + "/admin/password_change/")
    assert page.locator("#site-name").is_visible() and page.locator(".fui-navbar").count() == 0
    screenshot(page, "admin-password-change")
    page.click("#logout-form button")
    page.wait_for_load_state("load")
    assert page.locator("#site-name").is_visible() and page.locator(".fui-navbar").count() == 0
    assert "Logged out" in page.title()
    screenshot(page, "admin-logged-out")
