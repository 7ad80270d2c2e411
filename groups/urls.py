from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("nieuw/", views.group_create, name="create"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.group_edit, name="edit"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path("leden/<int:pk>/", views.member_detail, name="member"),
    path("leden/<int:pk>/rol/", views.member_update, name="member_update"),
    path("leden/<int:pk>/beoordeling/", views.member_assess, name="member_assess"),
    path("leden/<int:pk>/verwijzing/", views.member_referral, name="member_referral"),
    path("leden/<int:pk>/familie/", views.member_family, name="member_family"),
    path(
        "leden/<int:pk>/verwijzing/<int:referral_pk>/status/", views.referral_status, name="referral_status"
    ),
]
