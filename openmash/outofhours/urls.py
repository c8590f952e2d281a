"""Out-of-hours pages, mounted at /out-of-hours/."""

from openmash.outofhours.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
