"""A site that opts into foundation-ui's account pages, with the admin, and without
django.contrib.auth.urls (as on a site whose accounts come from django-allauth)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("foundation_ui.urls")),
    path("admin/", admin.site.urls),
]
