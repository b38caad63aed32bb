"""A site that opts into foundation-ui's account pages and error views, with the admin, and
without django.contrib.auth.urls (as on a site whose accounts come from django-allauth)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a view that fails, for the 500 page")


urlpatterns = [
    path("accounts/", include("foundation_ui.urls")),
    path("admin/", admin.site.urls),
    path("broken/", broken),
]

handler400 = "foundation_ui.views.bad_request"
handler403 = "foundation_ui.views.permission_denied"
handler404 = "foundation_ui.views.page_not_found"
handler500 = "foundation_ui.views.server_error"
