"""Version 1 of the REST API. Every view calls the same gates and services as the HTML pages."""

from django.urls import path

from openmash.accounts import apis as accounts_apis
from openmash.adults.apis import api_urlpatterns as adults_api_urlpatterns
from openmash.chronology.apis import api_urlpatterns as chronology_api_urlpatterns
from openmash.contacts import apis as contacts_apis
from openmash.core import apis as core_apis
from openmash.exploitation.apis import api_urlpatterns as exploitation_api_urlpatterns
from openmash.familyhelp.apis import api_urlpatterns as familyhelp_api_urlpatterns
from openmash.frontdoor.apis.urls import api_urlpatterns as frontdoor_api_urlpatterns
from openmash.insights.apis import api_urlpatterns as insights_api_urlpatterns
from openmash.lado.apis import api_urlpatterns as lado_api_urlpatterns
from openmash.outofhours.apis import api_urlpatterns as outofhours_api_urlpatterns
from openmash.people import apis as people_apis
from openmash.privacy.apis import api_urlpatterns as privacy_api_urlpatterns
from openmash.protection.apis import api_urlpatterns as protection_api_urlpatterns
from openmash.quality.apis import api_urlpatterns as quality_api_urlpatterns
from openmash.returns.apis import api_urlpatterns as returns_api_urlpatterns
from openmash.returns.apis_sac import api_urlpatterns as returns_sac_api_urlpatterns

app_name = "api"
urlpatterns = [
    path("me/", accounts_apis.MeApi.as_view(), name="me"),
    path("agencies/", accounts_apis.AgencyListApi.as_view(), name="agency_list"),
    path("users/", accounts_apis.UserListApi.as_view(), name="user_list"),
    path("api-keys/", accounts_apis.ApiKeyListApi.as_view(), name="api_key_list"),
    path(
        "api-keys/<int:key_id>/revoke/",
        accounts_apis.ApiKeyRevokeApi.as_view(),
        name="api_key_revoke",
    ),
    path("audit-events/", core_apis.AuditEventListApi.as_view(), name="audit_event_list"),
    path("break-glass/", core_apis.BreakGlassApi.as_view(), name="break_glass"),
    path("contacts/", contacts_apis.ContactListApi.as_view(), name="contact_list"),
    path(
        "contacts/<int:contact_id>/",
        contacts_apis.ContactDetailApi.as_view(),
        name="contact_detail",
    ),
    path("persons/search/", people_apis.PersonSearchApi.as_view(), name="person_search"),
    path("persons/<int:person_id>/", people_apis.PersonDetailApi.as_view(), name="person_detail"),
    path(
        "persons/<int:person_id>/merge/", people_apis.PersonMergeApi.as_view(), name="person_merge"
    ),
    path(
        "person-merges/<int:merge_id>/undo/",
        people_apis.PersonMergeUndoApi.as_view(),
        name="person_merge_undo",
    ),
    path("person-pairs/", people_apis.PersonPairPileApi.as_view(), name="person_pairs"),
    path(
        "person-pairs/<int:pair_id>/decision/",
        people_apis.PersonPairDecisionApi.as_view(),
        name="person_pair_decide",
    ),
    *frontdoor_api_urlpatterns,
    *chronology_api_urlpatterns,
    *familyhelp_api_urlpatterns,
    *outofhours_api_urlpatterns,
    *returns_api_urlpatterns,
    *returns_sac_api_urlpatterns,
    *insights_api_urlpatterns,
    *protection_api_urlpatterns,
    *adults_api_urlpatterns,
    *lado_api_urlpatterns,
    *quality_api_urlpatterns,
    *exploitation_api_urlpatterns,
    *privacy_api_urlpatterns,
]
