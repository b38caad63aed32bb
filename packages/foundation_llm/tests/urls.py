from __future__ import annotations

from django.urls import include, path

urlpatterns = [path("llm/", include("foundation_llm.urls"))]
