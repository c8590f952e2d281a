"""Dashboards and the journey map, mounted at /insights/."""

from openmash.insights.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
