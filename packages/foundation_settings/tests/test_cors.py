"""CORS answers with django-cors-headers for the origins `Env.origins()` reads, per profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings

from foundation_settings import Env

MIDDLEWARE = [
    "foundation_settings.middleware.RequestContextMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]


def allowed_origin(origins: list[str], origin: str) -> str | None:
    with override_settings(
        ROOT_URLCONF="tests.urls",
        MIDDLEWARE=MIDDLEWARE,
        CORS_ALLOWED_ORIGINS=origins,
        CSRF_TRUSTED_ORIGINS=list(origins),
    ):
        response = Client().get("/api/", headers={"Origin": origin})
    assert response.status_code == 200
    value = response.headers.get("Access-Control-Allow-Origin")
    return value


@pytest.mark.parametrize("origin", ["http://localhost:5173", "http://127.0.0.1:5173"])
def test_dev_defaults_allow_the_vite_dev_server(tmp_path: Path, origin: str) -> None:
    origins = Env(base_dir=tmp_path, profile="dev", environ={}).origins()
    assert allowed_origin(origins, origin) == origin


@pytest.mark.parametrize("origin", ["http://localhost:3000", "https://evil.example", "null"])
def test_dev_defaults_refuse_other_origins(tmp_path: Path, origin: str) -> None:
    origins = Env(base_dir=tmp_path, profile="dev", environ={}).origins()
    assert allowed_origin(origins, origin) is None


def test_prod_with_nothing_set_allows_no_origin(tmp_path: Path) -> None:
    origins = Env(base_dir=tmp_path, profile="prod", environ={}).origins()
    assert origins == []
    for origin in ("http://localhost:5173", "https://app.example.com", "https://evil.example"):
        assert allowed_origin(origins, origin) is None


def test_prod_allows_exactly_the_listed_origins(tmp_path: Path) -> None:
    environ = {"CORS_ORIGINS": "https://app.example.com, https://admin.example.com:8443"}
    origins = Env(base_dir=tmp_path, profile="prod", environ=environ).origins()
    assert allowed_origin(origins, "https://app.example.com") == "https://app.example.com"
    assert (
        allowed_origin(origins, "https://admin.example.com:8443")
        == "https://admin.example.com:8443"
    )
    assert allowed_origin(origins, "https://admin.example.com") is None
    assert allowed_origin(origins, "http://app.example.com") is None
    assert allowed_origin(origins, "https://evil.example") is None
