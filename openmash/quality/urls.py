"""Quality pages, mounted at /quality/: calibration exercises, and case audits, audit templates,
dip samples and decision analytics."""

from openmash.quality import audit_views, views

app_name = views.app_name
urlpatterns = [*views.urlpatterns, *audit_views.urlpatterns]
