"""Views a site may route to: Django's own, with foundation-ui's pages where Django has none or a
bare one.

The error views are opt-in, like the account pages: foundation-ui ships no ``404.html`` (or any
other template of Django's own names), so a site that does not route to these views keeps its
pages. A site opts in from its root URLconf and settings::

    handler400 = "foundation_ui.views.bad_request"
    handler403 = "foundation_ui.views.permission_denied"
    handler404 = "foundation_ui.views.page_not_found"
    handler500 = "foundation_ui.views.server_error"
    CSRF_FAILURE_VIEW = "foundation_ui.views.csrf_failure"  # in settings

Each renders the site's own template of Django's name (``404.html``...) when it has one, else
foundation-ui's ``foundation_ui/errors/<name>``, through Django's view of the same name, so the
status, the context and the care Django takes (no request in a 500 page's context) stay Django's.
The 500 page alone gets one thing more: the nonce of the site's Content Security Policy.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.views import csrf, defaults

# The context processors that give a template the nonce of a Content Security Policy: Django 6's
# and django-csp's.
CSP_NONCE_PROCESSORS = ("django.template.context_processors.csp", "csp.context_processors.nonce")


def _select(name: str) -> Any:
    """The site's ``name`` if a template loader finds one, else foundation-ui's page."""
    return select_template([name, f"foundation_ui/errors/{name}"])


def _template(name: str) -> str:
    """The name of :func:`_select`'s template, for Django's views that take a name."""
    found: str = _select(name).template.name
    return found


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: Django's ``bad_request`` with ``400.html`` or foundation-ui's."""
    return defaults.bad_request(request, exception, template_name=_template("400.html"))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler403``: Django's ``permission_denied`` with ``403.html`` or foundation-ui's."""
    return defaults.permission_denied(request, exception, template_name=_template("403.html"))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: Django's ``page_not_found`` with ``404.html`` or foundation-ui's."""
    return defaults.page_not_found(request, exception, template_name=_template("404.html"))


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: ``500.html`` or foundation-ui's, with no request in its context, as Django's
    ``server_error`` renders it (the error may lie in a context processor), but with the CSP nonce.

    Not Django's view: it renders with no context at all, so under a policy with nonces the page's
    inline theme script is blocked and a dark-mode user gets a light error page."""
    return HttpResponseServerError(_select("500.html").render(_csp_nonce(request)))


def _csp_nonce(request: HttpRequest) -> dict[str, Any]:
    """What the site's CSP context processors put in a context, and nothing else."""
    configured = {
        name
        for engine in settings.TEMPLATES
        for name in engine.get("OPTIONS", {}).get("context_processors", [])
    }
    context: dict[str, Any] = {}
    for name in CSP_NONCE_PROCESSORS:
        if name in configured:
            context.update(import_string(name)(request))
    return context


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: Django's ``csrf_failure`` with ``403_csrf.html`` or foundation-ui's."""
    return csrf.csrf_failure(request, reason, template_name=_template("403_csrf.html"))


class LogoutView(auth_views.LogoutView):
    """Django's ``LogoutView`` (log out on POST), and on GET a page that asks, with a button.

    Since Django 5.0 a GET of the logout URL answers an empty 405, which browsers show as a broken
    page; people still follow old links and bookmarks to it. ``foundation_ui.urls`` serves it; a
    site on ``django.contrib.auth.urls`` routes it before them::

        path("accounts/logout/", LogoutView.as_view(), name="logout"),
    """

    http_method_names = ("get", "post", "options")
    confirm_template_name = "foundation_ui/account/logout.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = {"next": self.get_redirect_url()}
        return TemplateResponse(request, self.confirm_template_name, context)
