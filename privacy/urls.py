from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("verwerkingslog/", views.log_index, name="log_index"),
    path("convenant/", views.covenant, name="covenant"),
    path("convenant/nieuwe-versie/", views.covenant_new, name="covenant_new"),
    path("privacytoets/bevestigingen/", views.guard_confirmations, name="guard_confirmations"),
    path("personen/<uuid:pseudonym>/verwerkingen/", views.person_log, name="person_log"),
]
