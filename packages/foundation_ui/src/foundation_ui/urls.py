"""foundation-ui's account pages, for a site that opts into them: ``path("accounts/",
include("foundation_ui.urls"))``.

Django's own auth views with foundation-ui's templates (``foundation_ui/account/*``), under the
``foundation_ui`` namespace: ``{% url "foundation_ui:login" %}``, ``LOGIN_URL = "foundation_ui:login"``.
Nothing here overrides ``registration/*``, so the admin's pages keep their own look, and a site that
does not include these URLs (one on django-allauth, say) is not changed at all.
"""

from __future__ import annotations

from django.contrib.auth import views
from django.urls import path, reverse_lazy

app_name = "foundation_ui"


def _template(name: str) -> str:
    return f"foundation_ui/account/{name}.html"


urlpatterns = [
    path("login/", views.LoginView.as_view(template_name=_template("login")), name="login"),
    path("logout/", views.LogoutView.as_view(template_name=_template("logged_out")), name="logout"),
    path(
        "password_change/",
        views.PasswordChangeView.as_view(
            template_name=_template("password_change_form"),
            success_url=reverse_lazy("foundation_ui:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password_change/done/",
        views.PasswordChangeDoneView.as_view(template_name=_template("password_change_done")),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        views.PasswordResetView.as_view(
            template_name=_template("password_reset_form"),
            email_template_name=_template("password_reset_email"),
            subject_template_name="foundation_ui/account/password_reset_subject.txt",
            success_url=reverse_lazy("foundation_ui:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        views.PasswordResetDoneView.as_view(template_name=_template("password_reset_done")),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name=_template("password_reset_confirm"),
            success_url=reverse_lazy("foundation_ui:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        views.PasswordResetCompleteView.as_view(template_name=_template("password_reset_complete")),
        name="password_reset_complete",
    ),
]
