from django.urls import path

from openmash.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list_view, name="list"),
    path("yours/", views.contact_mine, name="mine"),
    path("record/", views.contact_record, name="record"),
    path("<int:contact_id>/", views.contact_detail, name="detail"),
    path(
        "<int:contact_id>/subjects/<int:subject_id>/match/",
        views.contact_subject_resolve_view,
        name="subject_resolve",
    ),
    path(
        "<int:contact_id>/duplicate/confirm/",
        views.contact_duplicate_confirm_view,
        name="duplicate_confirm",
    ),
    path(
        "<int:contact_id>/duplicate/reject/",
        views.contact_duplicate_reject_view,
        name="duplicate_reject",
    ),
    # The referral form for partner practitioners.
    path("refer/", views.referral_start, name="refer_start"),
    path("refer/sent/<int:contact_id>/", views.referral_sent, name="refer_sent"),
    path("refer/<int:draft_id>/people/", views.referral_people, name="refer_people"),
    path("refer/<int:draft_id>/people/add/", views.referral_person, name="refer_person_add"),
    path(
        "refer/<int:draft_id>/people/<int:index>/",
        views.referral_person,
        name="refer_person_change",
    ),
    path(
        "refer/<int:draft_id>/people/<int:index>/remove/",
        views.referral_person_remove,
        name="refer_person_remove",
    ),
    path("refer/<int:draft_id>/check/", views.referral_check, name="refer_check"),
    path("refer/<int:draft_id>/delete/", views.referral_delete, name="refer_delete"),
    path("refer/<int:draft_id>/<slug:step>/", views.referral_step, name="refer_step"),
]
