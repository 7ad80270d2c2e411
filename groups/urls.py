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
]
