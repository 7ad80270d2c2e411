"""Step 6: the actions of a case, one action and "Mijn acties"; monitoring, progress reports
and crisis mode (full paths from the root)."""

from django.urls import path

from . import views, views_actions, views_fast_track

app_name = "monitoring"

urlpatterns = [
    path("casussen/<int:pk>/acties/", views_actions.actions, name="actions"),
    path("casussen/<int:pk>/acties/<int:action_pk>/", views_actions.action, name="action"),
    path(
        "casussen/<int:pk>/acties/<int:action_pk>/bijwerken/",
        views_actions.action_update,
        name="action_update",
    ),
    path(
        "casussen/<int:pk>/acties/<int:action_pk>/escaleren/",
        views_actions.action_escalate,
        name="action_escalate",
    ),
    path(
        "casussen/<int:pk>/acties/<int:action_pk>/uitkomst/",
        views_actions.action_outcome,
        name="action_outcome",
    ),
    path("mijn-acties/", views_actions.my_actions, name="my_actions"),
    path("casussen/<int:pk>/monitoring/", views.monitoring_page, name="monitoring"),
    path(
        "casussen/<int:pk>/monitoring/indicator-uit-plan/",
        views.monitoring_from_result,
        name="monitoring_from_result",
    ),
    path(
        "casussen/<int:pk>/monitoring/indicator-toevoegen/",
        views.monitoring_indicator,
        name="monitoring_indicator",
    ),
    path("casussen/<int:pk>/monitoring/meting/", views.monitoring_measure, name="monitoring_measure"),
    path("casussen/<int:pk>/monitoring/importeren/", views.monitoring_import, name="monitoring_import"),
    path("casussen/<int:pk>/monitoring/berekenen/", views.monitoring_compute, name="monitoring_compute"),
    path("casussen/<int:pk>/monitoring/rapportage/", views.monitoring_report, name="monitoring_report"),
    path(
        "casussen/<int:pk>/monitoring/indicator/<int:indicator_pk>/", views.indicator_page, name="indicator"
    ),
    path(
        "casussen/<int:pk>/voortgangsrapportage/<int:number>/",
        views.progress_report_page,
        name="progress_report",
    ),
    path("casussen/<int:pk>/crisis/", views.crisis_page, name="crisis"),
    path("casussen/<int:pk>/crisis/starten/", views.crisis_start, name="crisis_start"),
    path("casussen/<int:pk>/crisis/beeindigen/", views.crisis_end, name="crisis_end"),
    path("casussen/<int:pk>/crisis/briefing/", views.crisis_briefing, name="crisis_briefing"),
    path("casussen/<int:pk>/crisis/snelle-route/", views_fast_track.fast_track_choose, name="fast_track"),
    path(
        "casussen/<int:pk>/crisis/spoedmaatregel/", views_fast_track.urgent_action_add, name="urgent_action"
    ),
    path("casussen/<int:pk>/crisis/publiceren/", views_fast_track.crisis_publish, name="crisis_publish"),
    path(
        "casussen/<int:pk>/crisis/briefing/<int:publication_pk>/",
        views_fast_track.crisis_publication,
        name="crisis_publication",
    ),
    path(
        "casussen/<int:pk>/crisis/briefing/<int:publication_pk>/pdf/",
        views_fast_track.crisis_publication_pdf,
        name="crisis_publication_pdf",
    ),
]
