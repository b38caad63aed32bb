"""foundation-ui in a real browser: Debian's Chromium driven by Playwright, on the component gallery.

Keyboard behaviour of every interactive component (dialog, alert dialog, sheet, tabs, dropdown,
accordion, collapsible, popover, hover card, tooltip, toggles, slider, combobox), focus indicators,
the theme toggle, toasts, a user's class beating a component's, and axe-core (from the npm registry)
finding no violations on the gallery and the login page, light and dark. Screenshots go to $TEST_REPORTS/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import axe_violations, chromium, needs_chromium, screenshot

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(transactional_db: None, live_server: Any) -> Iterator[Any]:
    # The database and the live server are set up first: once Playwright's event loop runs in this
    # thread, Django refuses ORM calls from it.
    errors: list[str] = []
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1100, "height": 900})
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
    success.wait_for(state="detached", timeout=5000)  # hides itself after TOAST_SECONDS
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
