from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from demo import gallery, views

urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.ask, name="ask"),
    path("gallery/", gallery.gallery, name="gallery"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/status/", views.job_status, name="job_status"),
    # The answer as server-sent events, and the stop button (foundation-llm).
    path("llm/", include("foundation_llm.urls")),
    # foundation-ui's account pages (log in, log out, password change and reset), opted into here.
    path("accounts/", include("foundation_ui.urls")),
    path("admin/", admin.site.urls),
    path("", include("foundation_health.urls")),
]
