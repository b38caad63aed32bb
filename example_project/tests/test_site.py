from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from demo.tasks import ping


@pytest.mark.django_db
def test_system_checks_pass() -> None:
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_home_page_renders(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"Foundation" in response.content


def test_ping_task_answers_pong_in_process() -> None:
    assert ping.delay().get(timeout=5) == "pong"


def test_home_page_is_built_from_components(client: Client) -> None:
    html = client.get("/").content.decode()
    assert html.count('class="fui-card"') >= 6 and 'class="fui-btn"' in html
    assert '<link rel="stylesheet" href="/static/demo/site.css">' in html
    assert (
        '<a href="/" aria-current="page">Home</a>' in html
    )  # the site's links, from its base.html override


@pytest.mark.django_db
def test_account_pages_carry_the_sites_links(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert '<a href="/gallery/">Components</a>' in html and ">Log in</h1>" in html


@pytest.mark.django_db
def test_gallery_shows_every_component(client: Client) -> None:
    html = client.get("/gallery/").content.decode()
    for marker in (
        'data-variant="link"',
        'data-size="icon"',
        'class="fui-badge"',
        'class="fui-alert"',
        'class="fui-card"',
        'class="fui-input"',
        'class="fui-textarea"',
        'class="fui-select"',
        'class="fui-checkbox"',
        'class="fui-radio-group"',
        'role="switch"',
        'class="fui-label"',
        'class="fui-field"',
        'class="fui-form"',
        'class="fui-table"',
        "<dialog",
        'role="menu"',
        'role="tablist"',
        'role="tooltip"',
        'class="fui-toast"',
        'class="fui-avatar"',
        'class="fui-skeleton',
        'class="fui-separator',
        'class="fui-breadcrumb"',
        'class="fui-pagination"',
        'class="fui-navbar"',
        "data-fui-theme-toggle",
    ):
        assert marker in html, marker
    for variant in ("default", "secondary", "outline", "ghost", "destructive", "link"):
        for size in ("sm", "default", "lg"):
            assert f'data-variant="{variant}" data-size="{size}"' in html, (variant, size)
    assert 'id="id_email_error"' in html and 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_gallery_sends_messages_as_toasts(client: Client) -> None:
    response = client.post("/gallery/", {"level": "warning"}, follow=True)
    html = response.content.decode()
    toaster = html[html.index("data-fui-toaster") :]
    assert (
        '<li class="fui-toast" data-variant="warning"><div class="fui-toast-body">Your trial ends in 3 days.'
        in toaster
    )


def test_the_sites_stylesheet_is_current_with_its_templates() -> None:
    # Rebuilt with `python manage.py foundation_ui_css -o demo/static/demo/site.css`.
    from django.conf import settings

    output = settings.BASE_DIR / "demo" / "static" / "demo" / "site.css"
    call_command("foundation_ui_css", "-o", str(output), "--check", verbosity=0)


@pytest.mark.django_db
def test_the_account_pages_are_foundation_uis_and_the_admin_keeps_its_own(
    client: Client, settings: Any
) -> None:
    from django.contrib.auth import get_user_model

    response = client.get("/accounts/login/")
    assert "foundation_ui/account/login.html" in [t.name for t in response.templates]
    root = get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(root)
    response = client.get("/admin/password_change/")
    assert response.status_code == 200
    assert "admin/base_site.html" in [t.name for t in response.templates]
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and response["Location"] == "/"  # LOGOUT_REDIRECT_URL
    settings.LOGOUT_REDIRECT_URL = None  # without it, the admin shows its own logged-out page
    client.force_login(root)
    response = client.post("/admin/logout/")
    names = [t.name for t in response.templates]
    assert response.status_code == 200
    assert "admin/base_site.html" in names and "foundation_ui/base.html" not in names
