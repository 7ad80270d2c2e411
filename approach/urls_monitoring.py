"""Step 6: monitoring, progress reports and crisis mode (full paths from the root; the app
namespace "approach" is set in approach/urls.py)."""

from django.urls import path

from . import views_monitoring

urlpatterns = [
    path("casussen/<int:pk>/monitoring/", views_monitoring.monitoring_page, name="monitoring"),
    path(
        "casussen/<int:pk>/monitoring/indicator/<int:indicator_pk>/",
        views_monitoring.indicator_page,
        name="indicator",
    ),
    path(
        "casussen/<int:pk>/voortgangsrapportage/<int:number>/",
        views_monitoring.progress_report_page,
        name="progress_report",
    ),
    path("casussen/<int:pk>/crisis/", views_monitoring.crisis_page, name="crisis"),
]
