"""Views a site may route to: Django's own, with a page where Django answers with nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class LogoutView(auth_views.LogoutView):
    """Django's ``LogoutView`` (log out on POST), and on GET a page that asks, with a button.

    Since Django 5.0 a GET of the logout URL answers an empty 405, which browsers show as a broken
    page; people still follow old links and bookmarks to it. Route it before Django's auth URLs::

        path("accounts/logout/", LogoutView.as_view(), name="logout"),
    """

    http_method_names = ("get", "post", "options")
    confirm_template_name = "foundation_ui/logout.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = {"next": self.get_redirect_url()}
        return TemplateResponse(request, self.confirm_template_name, context)
