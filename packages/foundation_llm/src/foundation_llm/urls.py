"""``path("llm/", include("foundation_llm.urls"))``: a job's events and its stop button."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "foundation_llm"
urlpatterns = [
    path("jobs/<int:job_id>/events/", views.job_events, name="job_events"),
    path("jobs/<int:job_id>/cancel/", views.job_cancel, name="job_cancel"),
]
