"""A site that uses foundation_ui's layout but not django.contrib.auth.urls."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import path


def plain(request: HttpRequest) -> HttpResponse:
    page = Template(
        '{% extends "foundation_ui/base.html" %}{% block content %}<p>plain page</p>{% endblock %}'
    )
    return HttpResponse(page.render(Context({"request": request})))


urlpatterns = [path("plain/", plain)]
