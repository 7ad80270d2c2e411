"""Step 7: closing, hand-overs and the evaluation (full paths from the root)."""

from django.urls import path

from . import views

app_name = "closing"

urlpatterns = [
    path("casussen/<int:pk>/afronden/", views.closing_page, name="closing"),
    path("casussen/<int:pk>/afronden/besluit/", views.closing_decision, name="closing_decision"),
    path("casussen/<int:pk>/afronden/overdracht/", views.closing_offer, name="closing_offer"),
    path("casussen/<int:pk>/afronden/overdracht/antwoord/", views.closing_answer, name="closing_answer"),
    path("casussen/<int:pk>/afronden/bewaartermijn/", views.closing_retention, name="closing_retention"),
    path("casussen/<int:pk>/afronden/bewaarplicht/", views.closing_hold, name="closing_hold"),
    path("overdrachten/", views.handovers, name="handovers"),
    path("casussen/<int:pk>/evaluatie/", views.evaluation, name="evaluation"),
    path("casussen/<int:pk>/evaluatie/openen/", views.evaluation_open, name="evaluation_open"),
    path("casussen/<int:pk>/evaluatie/bijdrage/", views.evaluation_contribute, name="evaluation_contribute"),
    path("casussen/<int:pk>/evaluatie/bespreking/", views.evaluation_discuss, name="evaluation_discuss"),
    path("casussen/<int:pk>/evaluatie/rapport/", views.evaluation_report, name="evaluation_report"),
]
