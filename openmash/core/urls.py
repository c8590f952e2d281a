from django.urls import path

from openmash.core import views

app_name = "core"
urlpatterns = [
    path("", views.audit_search, name="audit_search"),
    path("break-glass/", views.break_glass_list, name="break_glass_list"),
    path(
        "break-glass/<int:grant_id>/review/",
        views.break_glass_review_view,
        name="break_glass_review",
    ),
]
