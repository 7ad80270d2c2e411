"""Step 5: the plan of approach (the app namespace "approach" is set in approach/urls.py)."""

from django.urls import path

from . import views_plan

urlpatterns = [
    path("casussen/<int:pk>/plan-van-aanpak/", views_plan.plan, name="plan"),
    path("casussen/<int:pk>/plan-van-aanpak/bewerken/", views_plan.plan_edit, name="plan_edit"),
    path(
        "casussen/<int:pk>/plan-van-aanpak/versie/<int:number>/",
        views_plan.plan_version,
        name="plan_version",
    ),
    path("casussen/<int:pk>/plan-van-aanpak/vergelijken/", views_plan.plan_compare, name="plan_compare"),
]
