"""Front-door API: contact."""

from __future__ import annotations

from django.urls import URLPattern

api_urlpatterns: list[URLPattern] = []
