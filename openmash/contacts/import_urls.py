"""Bulk notification imports (police ViST/CARA and other systems)."""

from django.urls import path  # noqa: F401

app_name = "imports"
urlpatterns: list = []
