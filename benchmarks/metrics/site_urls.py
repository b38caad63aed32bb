from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path


def view(request: HttpRequest, pk: int) -> HttpResponse:
    return JsonResponse({"pk": pk})


urlpatterns = [path("items/<int:pk>/", view, name="item")]
