from __future__ import annotations

import pathlib
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client


def test_the_stylesheet_is_shipped_and_layered() -> None:
    path = finders.find("foundation_ui/foundation-ui.css")
    assert path is not None
    text = pathlib.Path(path).read_text(encoding="utf-8")
    assert text.lstrip().startswith("/*")
    assert "@layer foundation {" in text  # a site's own rules win without specificity fights
    for token in (
        "--background",
        "--foreground",
        "--primary",
        "--destructive",
        "--border",
        "--ring",
        "--radius",
    ):
        assert token in text
    assert ".dark {" in text


def test_the_base_layout_has_its_blocks_and_the_no_flash_theme_script() -> None:
    html = render_to_string("foundation_ui/base.html", {"csp_nonce": "abc123"})
    assert '<script nonce="abc123">' in html
    assert 'localStorage.getItem("foundation-ui-theme")' in html
    assert '<a class="fui-skip" href="#main">Skip to content</a>' in html
    assert '<main id="main"' in html
    without_nonce = render_to_string("foundation_ui/base.html", {})
    assert "<script>" in without_nonce and "nonce" not in without_nonce


@pytest.mark.django_db
def test_login_page_is_styled_and_accessible(client: Client) -> None:
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "foundation_ui/base.html" in [t.name for t in response.templates]
    assert '<label for="id_username">' in html
    assert 'aria-labelledby="login-title"' in html
    # One form: the nav offers a link to log in, not a second form.
    assert html.count("<form") == 1
    assert 'href="/accounts/login/">Log in</a>' in html
    # The brand is the site's, not the host name Django's LoginView passes as site_name.
    assert '<a class="fui-brand" href="/">Foundation</a>' in html


@pytest.mark.django_db
def test_login_errors_keep_djangos_aria_attributes(client: Client) -> None:
    User.objects.create_user("ada", password="right-password")
    response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorlist nonfield"' in html
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="username"[^>]*aria-invalid="true"', html)
    assert re.search(r'aria-describedby="id_username_error"', html)


@pytest.mark.django_db
def test_log_in_change_password_and_log_out(client: Client) -> None:
    User.objects.create_user("ada", password="right-password")
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": "right-password"}, follow=True
    )
    html = response.content.decode()
    assert '<h1 id="pw-title">Change password</h1>' in html
    assert "<span>ada</span>" in html
    assert 'action="/accounts/logout/"' in html  # logging out is a POST, as Django requires
    response = client.post("/accounts/logout/")
    assert "You are logged out" in response.content.decode()


def test_user_content_is_escaped() -> None:
    html = render_to_string("foundation_ui/base.html", {"brand": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
