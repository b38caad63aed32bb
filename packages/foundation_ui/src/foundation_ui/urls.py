"""foundation-ui's account pages, for a site that opts into them: ``path("accounts/",
include("foundation_ui.urls"))``.

Django's own auth views with foundation-ui's templates (``foundation_ui/account/*``), under the
``foundation_ui`` namespace: ``{% url "foundation_ui:login" %}``, ``LOGIN_URL = "foundation_ui:login"``.
Nothing here overrides ``registration/*``, so the admin's pages keep their own look, and a site that
does not include these URLs (one on django-allauth, say) is not changed at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views
from django.urls import URLPattern, path, reverse_lazy
from django.views import View

app_name = "foundation_ui"


def _page(
    route: str, view: type[View[Any]], name: str, template: str, **options: Any
) -> URLPattern:
    """Django's ``view`` at ``route``, named ``name``, with ``foundation_ui/account/<template>``."""
    template_name = f"foundation_ui/account/{template}"
    pattern: URLPattern = path(
        route, view.as_view(template_name=template_name, **options), name=name
    )
    return pattern


urlpatterns = [
    _page("login/", views.LoginView, "login", "login.html"),
    _page("logout/", views.LogoutView, "logout", "logged_out.html"),
    _page(
        "password_change/",
        views.PasswordChangeView,
        "password_change",
        "password_change_form.html",
        success_url=reverse_lazy("foundation_ui:password_change_done"),
    ),
    _page(
        "password_change/done/",
        views.PasswordChangeDoneView,
        "password_change_done",
        "password_change_done.html",
    ),
    _page(
        "password_reset/",
        views.PasswordResetView,
        "password_reset",
        "password_reset_form.html",
        email_template_name="foundation_ui/account/password_reset_email.html",
        subject_template_name="foundation_ui/account/password_reset_subject.txt",
        success_url=reverse_lazy("foundation_ui:password_reset_done"),
    ),
    _page(
        "password_reset/done/",
        views.PasswordResetDoneView,
        "password_reset_done",
        "password_reset_done.html",
    ),
    _page(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView,
        "password_reset_confirm",
        "password_reset_confirm.html",
        success_url=reverse_lazy("foundation_ui:password_reset_complete"),
    ),
    _page(
        "reset/done/",
        views.PasswordResetCompleteView,
        "password_reset_complete",
        "password_reset_complete.html",
    ),
]
