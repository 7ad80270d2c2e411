from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("<int:pk>/beeld/", views.picture, name="picture"),
    path("<int:pk>/beeld/versie/<int:number>/", views.picture_version, name="picture_version"),
    path("<int:pk>/groepsdynamiek/", views.dynamics, name="dynamics"),
    path("<int:pk>/groepsdynamiek/beoordelen/", views.dynamics_assess, name="dynamics_assess"),
    path("<int:pk>/groepsdynamiek/banden/", views.dynamics_tie, name="dynamics_tie"),
    path(
        "<int:pk>/groepsdynamiek/banden/<int:tie_pk>/beeindigen/",
        views.dynamics_end_tie,
        name="dynamics_end_tie",
    ),
    path("<int:pk>/interventiematrix/", views.interventions, name="interventions"),
    path("<int:pk>/circulair/", views.circular, name="circular"),
    path("<int:pk>/circulair/<int:number>/", views.circular_round, name="round"),
    path("<int:pk>/circulair/<int:number>/antwoorden/", views.round_answer, name="round_answer"),
    path("<int:pk>/circulair/<int:number>/rode-draad/", views.round_thread, name="round_thread"),
    path("<int:pk>/circulair/<int:number>/afsluiten/", views.round_close, name="round_close"),
    path("<int:pk>/concept-pva/", views.concept_plan, name="plan"),
    path("<int:pk>/concept-pva/opslaan/", views.plan_save, name="plan_save"),
    path("<int:pk>/concept-pva/inzet/", views.plan_capacity, name="plan_capacity"),
    path(
        "<int:pk>/concept-pva/inzet/<int:estimate_pk>/verwijderen/",
        views.plan_capacity_remove,
        name="plan_capacity_remove",
    ),
    path("<int:pk>/advies/", views.advice, name="advice"),
    path("<int:pk>/advies/genereren/", views.advice_generate, name="advice_generate"),
    path("<int:pk>/advies/opslaan/", views.advice_save, name="advice_save"),
    path("<int:pk>/advies/deelnemers/", views.advice_member, name="advice_member"),
    path(
        "<int:pk>/advies/deelnemers/<int:member_pk>/verwijderen/",
        views.advice_member_remove,
        name="advice_member_remove",
    ),
    path("<int:pk>/advies/verzenden/", views.advice_send, name="advice_send"),
    path("<int:pk>/besluit/", views.decision, name="decision"),
    path("<int:pk>/gemeenten/", views.contacts, name="contacts"),
]
