"""Privacy pages, mounted at /information-governance/."""

from openmash.privacy.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
