"""Step 5: the plan of approach (full paths from the root)."""

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("casussen/<int:pk>/plan-van-aanpak/", views.plan, name="plan"),
    path("casussen/<int:pk>/plan-van-aanpak/bewerken/", views.plan_edit, name="plan_edit"),
    path("casussen/<int:pk>/plan-van-aanpak/versie/<int:number>/", views.plan_version, name="plan_version"),
    path("casussen/<int:pk>/plan-van-aanpak/vergelijken/", views.plan_compare, name="plan_compare"),
]
