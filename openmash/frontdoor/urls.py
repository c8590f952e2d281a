"""Front-door pages, mounted at /mash/. Each area's module lists its own routes."""

from openmash.frontdoor.views import (
    breaches,
    consent,
    contact,
    queue,
    requests,
    routes,
    second_reports,
    thresholds,
)

app_name = "frontdoor"
urlpatterns = [
    *queue.urlpatterns,
    *contact.urlpatterns,
    *routes.urlpatterns,
    *second_reports.urlpatterns,
    *requests.urlpatterns,
    *consent.urlpatterns,
    *thresholds.urlpatterns,
    *breaches.urlpatterns,
]
