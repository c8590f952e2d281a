from django.urls import path

from openmash.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list_view, name="list"),
    path("yours/", views.contact_mine, name="mine"),
    path("<int:contact_id>/", views.contact_detail, name="detail"),
]
