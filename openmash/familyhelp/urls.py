"""Family Help pages, mounted at /family-help/."""

from openmash.familyhelp.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
