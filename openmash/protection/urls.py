"""Child protection pages, mounted at /protection/."""

from openmash.protection.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
