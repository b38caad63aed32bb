"""The example's URLs and one more, for the browser tests: a view that fails, so that the
production 500 page can be seen as a person meets it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a view that fails, for the 500 page")


urlpatterns = [path("test-only/broken/", broken), *site_urlpatterns]
