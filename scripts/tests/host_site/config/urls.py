from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", include("foundation_health.urls")),  # foundation-health
    path("", TemplateView.as_view(template_name="pages/home.html"), name="home"),
    path("components/", TemplateView.as_view(template_name="pages/components.html")),
    # The same components in foundation-ui's own layout, to compare their look with.
    path(
        "in-foundation-layout/", TemplateView.as_view(template_name="pages/foundation_layout.html")
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
]
