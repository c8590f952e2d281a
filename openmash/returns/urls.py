from openmash.returns.cin_views import urlpatterns as cin_urlpatterns
from openmash.returns.views import app_name
from openmash.returns.views import urlpatterns as annex_a_urlpatterns
from openmash.returns.views_sac import urlpatterns as sac_urlpatterns

urlpatterns = [*annex_a_urlpatterns, *sac_urlpatterns, *cin_urlpatterns]

__all__ = ["app_name", "urlpatterns"]
