from django.urls import path

from . import views, views_changes, views_overview

app_name = "privacy"
urlpatterns = [
    path("overzicht/", views_overview.privacy_overview, name="overview"),
    path("verwerkingslog/", views.log_index, name="log_index"),
    path("beveiligingslog/", views.security_log, name="security_log"),
    path("convenant/", views.covenant, name="covenant"),
    path("convenant/nieuwe-versie/", views.covenant_new, name="covenant_new"),
    path("privacytoets/bevestigingen/", views.guard_confirmations, name="guard_confirmations"),
    path("wijzigingen/", views_changes.change_list, name="changes"),
    path("wijzigingen/<int:pk>/goedkeuren/", views_changes.change_approve, name="change_approve"),
    path("wijzigingen/<int:pk>/afwijzen/", views_changes.change_reject, name="change_reject"),
    path("wijzigingen/gebruiker/<int:pk>/", views_changes.request_user_change, name="request_user_change"),
    path(
        "wijzigingen/organisatie/<int:pk>/",
        views_changes.request_organisation_change,
        name="request_organisation_change",
    ),
    path(
        "wijzigingen/organisatie/<int:pk>/inloggen/",
        views_changes.request_identity_provider_change,
        name="request_identity_provider_change",
    ),
    path("personen/<uuid:pseudonym>/verwerkingen/", views.person_log, name="person_log"),
    path("personen/<int:pk>/inzage/", views.subject_access_page, name="subject_access"),
]
