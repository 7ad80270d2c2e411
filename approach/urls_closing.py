"""Step 7: closing, hand-overs and the evaluation (full paths; included at the root)."""

from django.urls import path

from . import views_closing as views

urlpatterns = [
    path("casussen/<int:pk>/afronden/", views.closing_page, name="closing"),
    path("overdrachten/", views.handovers, name="handovers"),
    path("casussen/<int:pk>/evaluatie/", views.evaluation, name="evaluation"),
    path("casussen/<int:pk>/evaluatie/rapport/", views.evaluation_report, name="evaluation_report"),
]
