"""Steps 5–7: pages under /casussen/<pk>/… and /mijn-acties/; each part of the app has its own
url module (full paths, included at the root)."""

from django.urls import include, path

app_name = "approach"
urlpatterns = [
    path("", include("approach.urls_plan")),
    path("", include("approach.urls_actions")),
    path("", include("approach.urls_monitoring")),
    path("", include("approach.urls_closing")),
]
