"""The layout, the account pages Django's auth views use, the stylesheet and the settings."""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable

import django
import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.checks import run_checks
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings


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


def _with_context_processor(name: str) -> list[dict[str, object]]:
    from django.conf import settings

    engine = {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"]}}
    engine["OPTIONS"]["context_processors"] = [*engine["OPTIONS"]["context_processors"], name]
    return [engine]


def _django_csp_policy() -> dict[str, object]:
    from csp.constants import NONCE, SELF

    return {"CONTENT_SECURITY_POLICY": {"DIRECTIVES": {"script-src": [SELF, NONCE]}}}


def _django_6_policy() -> dict[str, object]:
    from django.utils.csp import CSP  # type: ignore[import-not-found,unused-ignore]

    return {"SECURE_CSP": {"script-src": [CSP.SELF, CSP.NONCE]}}


CSP_POLICIES = [
    pytest.param(
        "csp.middleware.CSPMiddleware",
        "csp.context_processors.nonce",
        _django_csp_policy,
        id="django-csp",
    ),
    pytest.param(
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "django.template.context_processors.csp",
        _django_6_policy,
        id="django-6",
        marks=pytest.mark.skipif(django.VERSION < (6, 0), reason="Django 6 brings its own CSP"),
    ),
]


@pytest.mark.parametrize(("middleware", "processor", "policy"), CSP_POLICIES)
def test_the_theme_script_carries_the_nonce_the_policy_header_sends(
    client: Client, middleware: str, processor: str, policy: Callable[[], dict[str, object]]
) -> None:
    from django.conf import settings

    with override_settings(
        MIDDLEWARE=[*settings.MIDDLEWARE, middleware],
        TEMPLATES=_with_context_processor(processor),
        **policy(),
    ):
        response = client.get("/accounts/login/")
    header = response.headers["Content-Security-Policy"]
    match = re.search(r"'nonce-([^']+)'", header)
    assert match, header  # a lazy nonce reaches the header only when the page reads it
    nonce = match.group(1)
    html = response.content.decode()
    assert f'<script nonce="{nonce}">' in html
    assert f'defer nonce="{nonce}"></script>' in html


@pytest.mark.parametrize(("middleware", "processor", "policy"), CSP_POLICIES)
def test_the_500_page_carries_the_nonce_and_nothing_else_of_the_request(
    middleware: str, processor: str, policy: Callable[[], dict[str, object]]
) -> None:
    from django.conf import settings

    with override_settings(
        DEBUG=False,
        MIDDLEWARE=[*settings.MIDDLEWARE, middleware],
        TEMPLATES=_with_context_processor(processor),
        **policy(),
    ):
        response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'class="fui-error-title">Something went wrong</h1>' in html
    match = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert match, response.headers["Content-Security-Policy"]
    assert f'<script nonce="{match.group(1)}">' in html
    assert "csrfmiddlewaretoken" not in html  # no request context: the site's processors stay out


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


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Bad request"),
        ("403.html", "Access denied"),
        ("403_csrf.html", "The form could not be sent"),
        ("404.html", "Page not found"),
        ("500.html", "Something went wrong"),
    ],
)
def test_error_pages_render_without_a_request(template: str, heading: str) -> None:
    # Django renders 400 and 500 pages with an empty context: no request, no user.
    html = render_to_string(f"foundation_ui/errors/{template}", {})
    assert f'<h1 id="error-title" class="fui-error-title">{heading}</h1>' in html
    assert "foundation_ui/foundation-ui.css" in html
    assert html.count("<main") == 1


@override_settings(DEBUG=False, CSRF_FAILURE_VIEW="foundation_ui.views.csrf_failure")
def test_the_error_views_a_site_opts_into_render_the_packages_pages(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found</h1>" in response.content.decode()
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form could not be sent</h1>" in html
    assert "needs cookies" in html


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        ("bad_request", 400, "Bad request"),
        ("permission_denied", 403, "Access denied"),
        ("page_not_found", 404, "Page not found"),
        ("server_error", 500, "Something went wrong"),
        ("csrf_failure", 403, "The form could not be sent"),
    ],
)
def test_each_error_view_answers_its_status_with_a_page(
    rf: RequestFactory, handler: str, status: int, heading: str
) -> None:
    from foundation_ui import views

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    view = getattr(views, handler)
    response = (
        view(request)
        if handler in ("server_error", "csrf_failure")
        else view(request, Exception("why"))
    )
    assert response.status_code == status
    assert f'class="fui-error-title">{heading}</h1>' in response.content.decode()


@override_settings(DEBUG=False, CSRF_FAILURE_VIEW="foundation_ui.views.csrf_failure")
@pytest.mark.parametrize("name", ["404.html", "403_csrf.html"])
def test_a_sites_own_error_template_wins(client: Client, tmp_path: pathlib.Path, name: str) -> None:
    from django.conf import settings

    (tmp_path / name).write_text("<p>the site's own page</p>", encoding="utf-8")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        if name == "404.html":
            response = client.get("/no-such-page/")
        else:
            response = Client(enforce_csrf_checks=True).post("/accounts/login/", {})
    assert response.status_code == (404 if name == "404.html" else 403)
    assert response.content.decode() == "<p>the site's own page</p>"


@override_settings(DEBUG=False, ROOT_URLCONF="tests.urls_django_auth")
def test_a_site_that_does_not_opt_in_keeps_djangos_error_pages(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "fui-error" not in response.content.decode()
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {})
    assert response.status_code == 403
    assert "fui-error" not in response.content.decode()


@pytest.mark.django_db
def test_a_get_of_logout_asks_and_a_post_logs_out(client: Client) -> None:
    User.objects.create_user("ada", password="right-password")
    client.login(username="ada", password="right-password")
    response = client.get("/accounts/logout/?next=/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Log out?" in html and "You are logged in as ada." in html
    assert '<input type="hidden" name="next" value="/accounts/login/">' in html
    assert 'method="post"' in html
    assert client.get("/accounts/logout/?next=https://evil.example/").context["next"] == ""
    response = client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    assert "You are not logged in" in client.get("/accounts/logout/").content.decode()


def test_the_navbar_offers_its_links_in_a_sheet_on_narrow_screens() -> None:
    from tests.helpers import render

    html = render(
        '<c-ui.navbar brand="Acme"><a href="/a">A</a><c-slot name="actions">'
        '<button type="button">Act</button></c-slot></c-ui.navbar>'
    )
    assert html.count('<a href="/a">A</a>') == 2  # the bar's copy and the sheet's
    assert 'data-fui-open="fui-navbar-menu"' in html and 'aria-label="Menu"' in html
    assert (
        '<dialog id="fui-navbar-menu"' in html and 'aria-labelledby="fui-navbar-menu-title"' in html
    )


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
