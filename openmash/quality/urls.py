"""Quality pages, mounted at /quality/."""

from openmash.quality.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
