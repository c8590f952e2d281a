"""Adults' safeguarding enquiry pages, mounted at /adults/."""

from openmash.adults.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
