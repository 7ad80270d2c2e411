from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("<int:pk>/beeld/", views.picture, name="picture"),
    path("<int:pk>/beeld/versie/<int:number>/", views.picture_version, name="picture_version"),
    path("<int:pk>/groepsdynamiek/", views.dynamics, name="dynamics"),
    path("<int:pk>/interventiematrix/", views.interventions, name="interventions"),
    path("<int:pk>/circulair/", views.circular, name="circular"),
    path("<int:pk>/circulair/<int:number>/", views.circular_round, name="round"),
    path("<int:pk>/concept-pva/", views.concept_plan, name="plan"),
    path("<int:pk>/advies/", views.advice, name="advice"),
    path("<int:pk>/besluit/", views.decision, name="decision"),
    path("<int:pk>/gemeenten/", views.contacts, name="contacts"),
]
