"""LADO pages, mounted at /lado/."""

from openmash.lado.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
