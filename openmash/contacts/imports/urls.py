"""Bulk notification imports (police ViST/CARA and other systems)."""

from django.urls import path

from openmash.contacts.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("new/", views.import_upload, name="upload"),
    path("<int:batch_id>/", views.import_detail, name="detail"),
]
