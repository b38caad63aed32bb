from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from demo import gallery, views
from foundation_ui.views import LogoutView

urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.ask, name="ask"),
    path("gallery/", gallery.gallery, name="gallery"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/status/", views.job_status, name="job_status"),
    # Before Django's auth URLs: a GET of the logout URL gets a page that asks, not an empty 405.
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("foundation_health.urls")),
]
