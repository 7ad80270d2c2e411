from django.urls import path

from . import views

app_name = "persons"
urlpatterns = [
    path("<int:pk>/bekend-bij/", views.person_overview, name="overview"),
    path("<int:pk>/samenvoegen/", views.person_merge, name="merge"),
    path("samenvoegingen/<int:pk>/ongedaan/", views.merge_undo, name="merge_undo"),
]
