"""The layout, the account pages Django's auth views use, the stylesheet and the settings."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.checks import run_checks
from django.template.loader import render_to_string
from django.test import Client, override_settings


def shipped_css() -> str:
    path = finders.find("foundation_ui/foundation-ui.css")
    assert path is not None
    return pathlib.Path(str(path)).read_text(encoding="utf-8")


def test_the_stylesheet_is_compiled_tailwind_with_components_below_utilities() -> None:
    css = shipped_css()
    assert css.startswith("/*! tailwindcss v4")
    # Layers are ordered by first appearance: a user's utility beats any component rule.
    order = [css.index(f"@layer {name}") for name in ("theme", "base", "components", "utilities")]
    assert order == sorted(order)
    components = css[css.index("@layer components") : css.index("@layer utilities")]
    assert ".fui-btn{" in components and ".rounded-none{" not in components
    assert ".rounded-none{border-radius:0}" in css and ".px-8{" in css
    for token in (
        "background",
        "foreground",
        "primary",
        "secondary",
        "muted",
        "accent",
        "destructive",
        "border",
        "input",
        "ring",
    ):
        assert f"--{token}:" in css, token
    assert "--radius:" in css and ".dark{" in css


def test_the_script_is_shipped() -> None:
    assert finders.find("foundation_ui/foundation-ui.js")


def test_the_base_layout_has_its_blocks_and_the_no_flash_theme_script() -> None:
    html = render_to_string("foundation_ui/base.html", {"csp_nonce": "abc123"})
    assert '<script nonce="abc123">' in html
    assert (
        '<script src="/static/foundation_ui/foundation-ui.js" defer nonce="abc123"></script>'
        in html
    )
    assert html.index('localStorage.getItem("foundation-ui-theme")') < html.index(
        'rel="stylesheet"'
    )
    assert '<a class="fui-skip" href="#main">Skip to content</a>' in html
    assert (
        '<main id="main"' in html and "data-fui-toaster" in html and "data-fui-theme-toggle" in html
    )
    without_nonce = render_to_string("foundation_ui/base.html", {})
    assert "<script>" in without_nonce and "nonce" not in without_nonce


@override_settings(FOUNDATION_UI={"STYLESHEET": "css/site.css"})
def test_the_stylesheet_setting_replaces_the_shipped_one() -> None:
    html = render_to_string("foundation_ui/base.html", {})
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "foundation_ui/foundation-ui.css" not in html


@pytest.mark.django_db
def test_login_page(client: Client) -> None:
    response = client.get("/accounts/login/?next=/private/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "foundation_ui/base.html" in [t.name for t in response.templates]
    assert re.search(r'<label for="id_username" class="fui-label">Username', html)
    assert '<section class="fui-card fui-auth" aria-labelledby="auth-title">' in html
    assert '<h1 class="fui-card-title" id="auth-title">Log in</h1>' in html
    assert html.count("<form") == 1  # the nav offers no second log-in form
    assert (
        'href="/accounts/login/"' not in html.split("<main")[0]
    )  # no "Log in" button on the log-in page
    assert '<input type="hidden" name="next" value="/private/">' in html
    assert 'href="/accounts/password_reset/">Forgot your password?</a>' in html
    # The brand is the site's, not the host name Django's LoginView passes as site_name.
    assert '<a class="fui-navbar-brand" href="/">Foundation</a>' in html


@pytest.mark.django_db
def test_login_errors_keep_djangos_aria_attributes(client: Client) -> None:
    User.objects.create_user("ada", password="right-password")
    response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="fui-alert" data-variant="destructive" role="alert"' in html
    assert "Please enter a correct username and password." in html
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="username"[^>]*aria-invalid="true"', html)
    assert re.search(r'aria-describedby="id_username_error"', html)
    assert '<ul class="fui-field-error" id="id_username_error">' in html


@pytest.mark.django_db
def test_log_in_change_password_and_log_out(client: Client) -> None:
    User.objects.create_user("ada", password="right-password")
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": "right-password"}, follow=True
    )
    html = response.content.decode()
    assert ">Change password</h1>" in html
    assert '<span class="fui-navbar-user">ada</span>' in html
    assert 'action="/accounts/logout/"' in html  # logging out is a POST, as Django requires
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "right-password",
            "new_password1": "a-much-better-one-42",
            "new_password2": "nope",
        },
    )
    html = response.content.decode()
    assert 'id="id_new_password2_error"' in html and 'aria-invalid="true"' in html
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "right-password",
            "new_password1": "a-much-better-one-42",
            "new_password2": "a-much-better-one-42",
        },
        follow=True,
    )
    assert ">Password changed</h1>" in response.content.decode()
    response = client.post("/accounts/logout/")
    assert ">You are logged out</h1>" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_from_request_to_new_password(client: Client) -> None:
    User.objects.create_user("ada", email="ada@example.com", password="old-password-1")
    html = client.get("/accounts/password_reset/").content.decode()
    assert ">Reset your password</h1>" in html and 'name="email"' in html
    response = client.post("/accounts/password_reset/", {"email": "ada@example.com"}, follow=True)
    assert ">Check your email</h1>" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your password on testserver"
    assert "Your username, in case you have forgotten it: ada" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link, message.body
    response = client.get(link.group(1), follow=True)
    html = response.content.decode()
    assert ">Set a new password</h1>" in html
    response = client.post(
        response.request["PATH_INFO"],
        {"new_password1": "brand-new-password-7", "new_password2": "brand-new-password-7"},
        follow=True,
    )
    assert ">Password set</h1>" in response.content.decode()
    assert client.login(username="ada", password="brand-new-password-7")
    html = client.get(link.group(1), follow=True).content.decode()
    assert ">This link has expired</h1>" in html and 'href="/accounts/password_reset/"' in html


@override_settings(ROOT_URLCONF="tests.urls_without_auth")
def test_the_layout_works_on_a_site_without_djangos_auth_urls(client: Client) -> None:
    response = client.get("/plain/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>plain page</p>" in html and "fui-navbar" in html
    assert "Log in" not in html and "Log out" not in html


ADMIN_FIRST = ["django.contrib.admin", "foundation_ui"]


@pytest.mark.django_db
@pytest.mark.parametrize("admin_first", [False, True], ids=["admin-after", "admin-before"])
def test_the_admins_pages_keep_their_own_look_whatever_the_app_order(
    client: Client, admin_first: bool
) -> None:
    from django.conf import settings

    apps = [a for a in settings.INSTALLED_APPS if a not in ADMIN_FIRST]
    order = ADMIN_FIRST if admin_first else ADMIN_FIRST[::-1]
    with override_settings(INSTALLED_APPS=order + apps):
        User.objects.create_superuser("root", password="root-password-1")
        client.login(username="root", password="root-password-1")
        for path in ("/admin/password_change/", "/admin/password_change/done/"):
            response = client.get(path)
            names = [t.name for t in response.templates]
            assert response.status_code == 200, path
            assert "admin/base_site.html" in names and "foundation_ui/base.html" not in names, path
        response = client.post("/admin/logout/")
        names = [t.name for t in response.templates]
        assert response.status_code == 200
        assert "registration/logged_out.html" in names and "admin/base_site.html" in names
        assert "foundation_ui/base.html" not in names
        assert 'id="site-name"' in response.content.decode()  # the admin's header


ACCOUNT_TEMPLATES = sorted(
    p.name
    for p in (
        pathlib.Path(__file__).parents[1] / "src/foundation_ui/templates/foundation_ui/account"
    ).iterdir()
    if p.suffix == ".html" and p.stem != "password_reset_email"
)


@override_settings(ROOT_URLCONF="tests.urls_without_auth")
@pytest.mark.parametrize("name", ACCOUNT_TEMPLATES)
def test_every_account_page_renders_on_a_site_with_no_account_urls(name: str) -> None:
    """A site on django-allauth names none of Django's auth URLs: the pages leave their links out."""
    from django.contrib.auth.forms import AuthenticationForm

    html = render_to_string(
        f"foundation_ui/account/{name}", {"form": AuthenticationForm(), "validlink": False}
    )
    assert '<h1 class="fui-card-title" id="auth-title">' in html
    assert "/accounts/" not in html


@override_settings(ROOT_URLCONF="tests.urls_django_auth")
def test_the_layout_links_djangos_own_auth_urls_when_the_site_uses_them(client: Client) -> None:
    html = client.get("/plain/").content.decode()
    assert 'href="/accounts/login/"' in html and ">Log in</a>" in html


def test_no_template_of_djangos_apps_is_replaced() -> None:
    templates = pathlib.Path(__file__).parents[1] / "src/foundation_ui/templates"
    assert sorted(p.name for p in templates.iterdir()) == ["cotton", "foundation_ui"]


def test_user_content_is_escaped() -> None:
    html = render_to_string("foundation_ui/base.html", {"brand": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def ids(settings_value: object) -> list[str]:
    with override_settings(FOUNDATION_UI=settings_value):
        return sorted(m.id for m in run_checks() if m.id and m.id.startswith("foundation_ui."))


def test_system_checks() -> None:
    assert ids({}) == []
    assert ids({"STYLESHEET": "css/site.css", "TOAST_SECONDS": 3}) == []
    assert ids(["x"]) == ["foundation_ui.E002"]
    assert ids({"STYLSHEET": "x"}) == ["foundation_ui.E003"]
    assert ids({"TOAST_SECONDS": -1}) == ["foundation_ui.E004"]
    assert ids({"TOAST_SECONDS": "6"}) == ["foundation_ui.E004"]
    assert ids({"STYLESHEET": ""}) == ["foundation_ui.E005"]
    with override_settings(
        INSTALLED_APPS=["foundation_ui", "django.contrib.auth", "django.contrib.contenttypes"]
    ):
        assert "foundation_ui.E001" in [m.id for m in run_checks()]


def test_conf_reads_the_setting_at_access_with_its_defaults() -> None:
    from foundation_ui.conf import DEFAULTS, conf

    assert DEFAULTS["STYLESHEET"] == conf.STYLESHEET and conf.TOAST_SECONDS == 6
    with override_settings(FOUNDATION_UI={"TOAST_SECONDS": 0.5}):
        assert conf.TOAST_SECONDS == 0.5 and DEFAULTS["STYLESHEET"] == conf.STYLESHEET
    with override_settings(
        FOUNDATION_UI=["not", "a", "dict"]
    ):  # E002 reports it; pages still render
        assert conf.TOAST_SECONDS == 6


def test_the_stylesheet_for_existing_layouts_holds_the_components_and_nothing_global() -> None:
    path = finders.find("foundation_ui/foundation-ui-components.css")
    assert path is not None
    css = pathlib.Path(str(path)).read_text(encoding="utf-8")
    # Unlayered component rules, so a site's unlayered element rules (a reset) cannot beat them.
    assert ".fui-btn{" in css and "@layer components" not in css and "@layer utilities" not in css
    assert "--primary:" in css and ".dark{" in css
    # Every rule outside the tokens selects one of foundation-ui's classes: nothing reaches the
    # site's own elements (no preflight, no body or list rules, no utilities).
    rules = re.sub(r"@layer base\{:root\{[^}]*\}\.dark\{[^}]*\}\}", "", css.split("*/", 1)[1])
    rules = re.sub(r"@(keyframes|media)[^{]*\{(?:[^{}]*\{[^}]*\})*[^}]*\}", "", rules)
    selectors = re.findall(r"(?:^|\})([^{}@]+)\{", rules)
    assert selectors
    for selector_list in selectors:
        for selector in re.split(r",(?![^()]*\))", selector_list):  # commas outside :is(...)
            assert "fui-" in selector, selector
