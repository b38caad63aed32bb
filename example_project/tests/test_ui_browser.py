"""foundation-ui in a real browser: Debian's Chromium driven by Playwright, on the component gallery.

Keyboard behaviour of every interactive component (dialog, alert dialog, sheet, tabs, dropdown,
accordion, collapsible, popover, hover card, tooltip, toggles, slider, combobox), focus indicators,
the theme toggle, toasts, a user's class beating a component's, and axe-core (from the npm registry)
finding no violations on the gallery and the login page, light and dark. Screenshots go to $TEST_REPORTS/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import IN_CI, axe_violations, chromium, needs_chromium, screenshot

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(transactional_db: None, live_server: Any) -> Iterator[Any]:
    # The database and the live server are set up first: once Playwright's event loop runs in this
    # thread, Django refuses ORM calls from it.
    errors: list[str] = []
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1100, "height": 900})
        tab.set_default_timeout(60_000)  # room for a busy machine; waits end on events
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
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
    "accordion",
    "collapsible",
    "alert-dialog",
    "sheet",
    "popover",
    "progress",
    "toggle",
    "slider",
    "combobox",
]


def open_page(page: Any, url: str, theme: str = "light") -> None:
    page.goto(url)
    page.evaluate("t => localStorage.setItem('foundation-ui-theme', t)", theme)
    page.reload()
    page.wait_for_function("() => window.FoundationUI !== undefined")


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


FOCUS_INDICATOR = """async () => {
  const e = document.activeElement;
  await Promise.all(e.getAnimations().map(a => a.finished));  // a ring that fades in, fully in
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  // A ring is a box-shadow with a spread (its last length) of 2px or more.
  const ring = s.boxShadow.split(/,(?![^(]*\\))/).some(
    sh => parseFloat((sh.match(/(-?[\\d.]+)px\\s*$/) || [0, 0])[1]) >= 2);
  return outline || ring;
}"""


def test_every_tab_stop_of_the_gallery_shows_a_focus_indicator(live_server: Any, page: Any) -> None:
    for theme in ("light", "dark"):
        open_page(page, live_server.url + "/gallery/", theme)
        page.focus("body")
        missing: list[str] = []
        seen = 0
        for _ in range(150):
            page.keyboard.press("Tab")
            name = page.evaluate(
                "() => { const e = document.activeElement; return e === document.body ? '' :"
                " e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30); }"
            )
            if not name:
                break
            seen += 1
            if not page.evaluate(FOCUS_INDICATOR):
                missing.append(name)
        assert seen > 60
        assert missing == [], theme


def test_tooltip_stays_under_the_pointer_and_escape_hides_it_when_hovered(
    live_server: Any, page: Any
) -> None:
    open_page(page, live_server.url + "/gallery/")
    visible = "() => getComputedStyle(document.getElementById('tip-add')).visibility === 'visible'"
    button = page.locator("[data-fui-tooltip] button").first
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(visible)
    tip = page.locator("#tip-add").bounding_box()
    # Up from the button, over the gap, onto the hint: it stays (WCAG 1.4.13 "hoverable").
    for step in range(1, 9):
        y = box["y"] - (box["y"] - (tip["y"] + tip["height"] / 2)) * step / 8
        page.mouse.move(box["x"] + box["width"] / 2, y)
        page.wait_for_timeout(30)
        assert page.evaluate(visible), step
    page.wait_for_timeout(300)
    assert page.evaluate(visible)
    assert page.evaluate("() => document.activeElement === document.body")
    page.keyboard.press("Escape")  # "dismissible", though focus is not on it
    page.wait_for_function(f"() => !({visible})()")
    page.mouse.move(5, 5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(visible)  # shown again on the next hover


def test_an_open_dialog_keeps_the_page_from_scrolling(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    page.evaluate("() => window.scrollTo(0, 400)")
    page.click("[data-fui-open='edit-profile']")
    page.locator("#edit-profile").wait_for(state="visible")
    before = page.evaluate("() => window.scrollY")
    page.mouse.move(20, 450)  # over the backdrop
    page.mouse.wheel(0, 800)
    page.keyboard.press("End")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.scrollY") == before
    page.keyboard.press("Escape")
    page.locator("#edit-profile").wait_for(state="hidden")
    page.mouse.wheel(0, 800)
    page.wait_for_function(f"() => window.scrollY > {before}")


@pytest.mark.parametrize(("motion", "animated"), [("reduce", False), ("no-preference", True)])
def test_dialog_and_sheet_move_only_without_reduced_motion(
    live_server: Any, page: Any, motion: str, animated: bool
) -> None:
    page.emulate_media(reduced_motion=motion)
    open_page(page, live_server.url + "/gallery/")
    durations = page.eval_on_selector_all(
        ".fui-dialog, .fui-sheet",
        "ds => ds.map(d => getComputedStyle(d).transitionDuration.split(',').some(t => parseFloat(t) > 0))",
    )
    assert len(durations) >= 2
    assert set(durations) == {animated}


SHADCN_DARK = {
    "--background": "oklch(0.145 0 0)",
    "--card": "oklch(0.205 0 0)",
    "--popover": "oklch(0.205 0 0)",
    "--primary": "oklch(0.922 0 0)",
    "--secondary": "oklch(0.269 0 0)",
    "--muted": "oklch(0.269 0 0)",
    "--muted-foreground": "oklch(0.708 0 0)",
    "--accent": "oklch(0.269 0 0)",
    "--destructive": "oklch(0.704 0.191 22.216)",
    "--border": "oklch(1 0 0 / 10%)",
    "--input": "oklch(1 0 0 / 15%)",
    "--ring": "oklch(0.556 0 0)",
}


def test_dark_tokens_are_shadcns_and_the_page_asks_for_no_missing_favicon(
    live_server: Any, page: Any
) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    open_page(page, live_server.url + "/gallery/", "dark")
    # Compared as the colours the browser resolves, whatever notation the minifier chose.
    resolve = """values => values.map(v => {
        const probe = document.createElement('span');
        document.body.appendChild(probe);
        probe.style.color = v;
        const color = getComputedStyle(probe).color;
        probe.remove();
        return color;
    })"""
    ours = page.evaluate(resolve, [f"var({name})" for name in SHADCN_DARK])
    expected = page.evaluate(resolve, list(SHADCN_DARK.values()))
    assert dict(zip(SHADCN_DARK, ours, strict=True)) == dict(
        zip(SHADCN_DARK, expected, strict=True)
    )
    # shadcn's dark destructive button: light text on the red at 60%, not dark text on salmon.
    color = page.eval_on_selector(
        ".fui-btn[data-variant='destructive']", "e => getComputedStyle(e).color"
    )
    assert color.startswith("oklch(0.985")
    assert not any(url.endswith("/favicon.ico") for url in requested)
    assert page.eval_on_selector("link[rel=icon]", "l => l.href").startswith("data:image/svg+xml")


def active(page: Any, script: str = "e => e.id || e.textContent.trim()") -> Any:
    return page.evaluate(f"() => ({script})(document.activeElement)")


def test_accordion_and_collapsible_from_the_keyboard(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    items = page.locator("#accordion details")
    assert [items.nth(i).evaluate("d => d.open") for i in range(3)] == [True, False, False]
    page.focus("#accordion summary >> nth=0")
    page.keyboard.press("ArrowDown")
    assert active(page) == "Is it styled?"
    page.keyboard.press("Enter")  # opens it; sharing a name, the first closes (one at a time)
    assert [items.nth(i).evaluate("d => d.open") for i in range(3)] == [False, True, False]
    page.keyboard.press("End")
    assert active(page) == "Does it need JavaScript?"
    page.keyboard.press("ArrowDown")  # wraps
    assert active(page) == "Is it accessible?"
    page.keyboard.press("Home")
    assert active(page) == "Is it accessible?"
    collapsible = page.locator("#collapsible details")
    page.focus("#collapsible summary")
    page.keyboard.press("Space")
    assert collapsible.evaluate("d => d.open")
    assert page.locator("#collapsible li").first.is_visible()
    screenshot(page, "gallery-accordion-collapsible")


def test_alert_dialog_needs_an_answer(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    page.focus("[data-fui-open='delete-project']")
    page.keyboard.press("Enter")
    dialog = page.locator("#delete-project")
    dialog.wait_for(state="visible")
    assert dialog.get_attribute("role") == "alertdialog"
    assert active(page) == "Cancel"  # the safe choice has focus
    page.keyboard.press("Tab")
    assert active(page) == "Delete project"
    page.keyboard.press("Tab")
    assert active(page) == "Cancel"  # focus stays inside
    screenshot(page, "gallery-alert-dialog-open")
    page.mouse.click(5, 5)  # outside: an alert dialog stays
    assert dialog.is_visible()
    page.locator("#delete-project [data-fui-close]").focus()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert active(page, "e => e.getAttribute('data-fui-open')") == "delete-project"


@pytest.mark.parametrize("width", [390, 1280])
def test_sheet_slides_in_traps_focus_and_returns_it(
    live_server: Any, page: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, live_server.url + "/gallery/")
    page.click("[data-fui-open='filters-sheet']")
    sheet = page.locator("#filters-sheet")
    sheet.wait_for(state="visible")
    page.wait_for_function(
        "() => document.getElementById('filters-sheet').getAnimations().length === 0"
    )
    box = sheet.bounding_box()
    assert abs(box["x"] + box["width"] - width) < 2  # against the right edge
    assert box["height"] == 800
    assert active(page) == "sheet-search"
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.getElementById('filters-sheet').contains(document.activeElement)"
        )
    screenshot(page, f"gallery-sheet-open-{width}")
    page.mouse.click(5, 400)  # the backdrop closes a sheet
    sheet.wait_for(state="hidden")
    assert active(page, "e => e.getAttribute('data-fui-open')") == "filters-sheet"


def test_popover_and_hover_card(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    trigger = page.locator("[popovertarget='dimensions']")
    trigger.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#dimensions")
    panel.wait_for(state="visible")
    below = page.evaluate(
        "() => document.getElementById('dimensions').getBoundingClientRect().top"
        " >= document.querySelector('[popovertarget=dimensions]').getBoundingClientRect().bottom"
    )
    assert below  # placed under its button (CSS anchor positioning)
    page.keyboard.press("Tab")
    assert active(page) == "pop-width"  # Tab goes from the button into the panel
    screenshot(page, "gallery-popover-open")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    link = page.locator(".fui-hover-card-link")
    content = page.locator(".fui-hover-card-content")
    shown = "() => getComputedStyle(document.querySelector('.fui-hover-card-content')).visibility === 'visible'"
    link.focus()
    page.wait_for_function(shown)
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !({shown})()")
    page.evaluate("() => document.activeElement.blur()")  # focus leaves: no longer dismissed
    link.hover()
    page.wait_for_function(shown)
    box = content.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)  # onto the card: it stays
    page.wait_for_timeout(500)
    assert page.evaluate(shown)


def test_toggle_and_toggle_group(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    bold = page.locator("#bold-toggle")
    assert bold.get_attribute("aria-pressed") == "false"
    bold.focus()
    page.keyboard.press("Space")
    assert bold.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Enter")
    assert bold.get_attribute("aria-pressed") == "false"
    checked = (
        "name => [...document.querySelectorAll(`input[name=${name}]:checked`)].map(i => i.value)"
    )
    assert page.evaluate(checked, "align") == ["center"]
    page.focus("input[name=align][value=center]")
    page.keyboard.press("ArrowRight")  # one choice: the arrows move it
    assert page.evaluate(checked, "align") == ["right"]
    # The input is invisible: its toggle draws the focus ring (once its transition has run).
    page.wait_for_function(
        "() => / 3px$/.test(getComputedStyle(document.activeElement.parentElement).boxShadow)"
    )
    page.focus("input[name=style][value=italic]")
    page.keyboard.press("Space")
    assert page.evaluate(checked, "style") == ["bold", "italic"]


def test_slider_from_the_keyboard(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    slider = page.locator("#volume")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert slider.input_value() == "42"
    assert slider.evaluate("s => s.style.getPropertyValue('--fui-fill')") == "42%"
    page.keyboard.press("End")
    assert slider.input_value() == "100"
    page.keyboard.press("Home")
    assert slider.input_value() == "0"


def test_combobox_filters_chooses_and_posts_a_plain_value(live_server: Any, page: Any) -> None:
    open_page(page, live_server.url + "/gallery/")
    box = page.locator("#framework")
    assert box.get_attribute("role") == "combobox"
    assert box.input_value() == "Django"
    assert page.locator("label[for=framework]").inner_text() == "Framework"
    box.fill("")
    box.type("ra")
    listbox = page.locator("#framework-listbox")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.locator("[role=option]:visible").all_inner_texts() == [
        "Ruby on Rails",
        "Laravel",
    ]
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == listbox.locator(
        "[role=option]:visible"
    ).nth(1).get_attribute("id")
    screenshot(page, "gallery-combobox-open")
    page.keyboard.press("Enter")
    listbox.wait_for(state="hidden")
    assert box.input_value() == "Laravel"
    assert page.locator("#framework-select").input_value() == "laravel"
    box.fill("zzz")
    assert page.locator(".fui-combobox-empty").is_visible()
    page.keyboard.press("Escape")
    assert box.input_value() == "Laravel"  # back to the chosen option
    page.locator("#combobox button[type=submit]").click()
    page.wait_for_url("**framework=laravel**")


def test_combobox_without_javascript_is_a_plain_select(live_server: Any, page: Any) -> None:
    page.route("**/foundation-ui.js", lambda route: route.abort())
    page.goto(live_server.url + "/gallery/#combobox")
    select = page.locator("select#framework")
    assert select.is_visible()
    select.select_option("flask")
    page.locator("#combobox button[type=submit]").click()
    page.wait_for_url("**framework=flask**")
