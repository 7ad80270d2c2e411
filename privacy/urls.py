from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("verwerkingslog/", views.log_index, name="log_index"),
    path("personen/<uuid:pseudonym>/verwerkingen/", views.person_log, name="person_log"),
]
