from __future__ import annotations

from django.urls import include, path

from foundation_ui.views import LogoutView

urlpatterns = [
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
]
