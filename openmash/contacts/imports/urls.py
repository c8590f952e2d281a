"""Bulk notification imports (police ViST/CARA and other systems)."""

from django.urls import path

from openmash.contacts import import_views

app_name = "imports"
urlpatterns = [
    path("", import_views.import_list, name="list"),
    path("new/", import_views.import_upload, name="upload"),
    path("<int:batch_id>/", import_views.import_detail, name="detail"),
]
