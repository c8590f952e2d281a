from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from openmash.core import views as core_views
from openmash.core.admin_site import admin_site

handler404 = "openmash.api.errors.not_found"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin_site.urls),
    path(
        "accessibility/",
        core_views.static_page("pages/accessibility.html", "Accessibility statement"),
        name="accessibility",
    ),
    path(
        "privacy/", core_views.static_page("pages/privacy.html", "Privacy notice"), name="privacy"
    ),
    path("cookies/", core_views.static_page("pages/cookies.html", "Cookies"), name="cookies"),
    path("audit/", include("openmash.core.urls")),
    path(
        "restricted/<slug:target_type>/<int:target_id>/",
        core_views.break_glass_request,
        name="break_glass_request",
    ),
    path("people/", include("openmash.people.urls")),
    path("contacts/imports/", include("openmash.contacts.imports.urls")),
    path("contacts/", include("openmash.contacts.urls")),
    path("mash/", include("openmash.frontdoor.urls")),
    path("chronology/", include("openmash.chronology.views")),
    path("family-help/", include("openmash.familyhelp.urls")),
    path("out-of-hours/", include("openmash.outofhours.urls")),
    path("returns/", include("openmash.returns.urls")),
    path("insights/", include("openmash.insights.urls")),
    path("protection/", include("openmash.protection.urls")),
    path("adults/", include("openmash.adults.urls")),
    path("lado/", include("openmash.lado.urls")),
    path("quality/", include("openmash.quality.urls")),
    path("exploitation/", include("openmash.exploitation.urls")),
    path("information-governance/", include("openmash.privacy.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]
