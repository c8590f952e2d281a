"""Front-door API routes, included in /api/v1/ (names in the `api` namespace)."""

from openmash.frontdoor.apis import (
    breaches,
    consent,
    contact,
    queue,
    requests,
    routes,
    second_reports,
    thresholds,
)

api_urlpatterns = [
    *queue.api_urlpatterns,
    *contact.api_urlpatterns,
    *routes.api_urlpatterns,
    *second_reports.api_urlpatterns,
    *requests.api_urlpatterns,
    *consent.api_urlpatterns,
    *thresholds.api_urlpatterns,
    *breaches.api_urlpatterns,
]
