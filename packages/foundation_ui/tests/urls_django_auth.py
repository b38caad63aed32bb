"""A site on Django's own auth URLs that uses foundation-ui's layout but not its account pages."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from .urls_without_auth import plain

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("plain/", plain),
]
