"""Statutory returns pages, mounted at /returns/."""

from openmash.returns.cin_views import urlpatterns as cin_urlpatterns
from openmash.returns.views import app_name
from openmash.returns.views import urlpatterns as annex_a_urlpatterns

urlpatterns = [*annex_a_urlpatterns, *cin_urlpatterns]

__all__ = ["app_name", "urlpatterns"]
