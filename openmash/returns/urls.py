"""Statutory returns pages, mounted at /returns/."""

from openmash.returns.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
