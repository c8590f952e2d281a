from django.urls import path

from openmash.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/merge/", views.merge_start, name="merge_start"),
    path("<int:person_id>/merge/<int:other_id>/", views.merge_check, name="merge_check"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pair_id>/", views.duplicate_decide, name="duplicate_decide"),
]
