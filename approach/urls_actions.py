"""Step 6: the actions of a case, one action, and "Mijn acties" (full paths from the root)."""

from django.urls import path

from . import views_actions

urlpatterns = [
    path("casussen/<int:pk>/acties/", views_actions.actions, name="actions"),
    path("casussen/<int:pk>/acties/<int:action_pk>/", views_actions.action, name="action"),
    path("mijn-acties/", views_actions.my_actions, name="my_actions"),
]
