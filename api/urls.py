from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import pages, views, views_approach

app_name = "api"
urlpatterns = [
    path("", pages.ApiRoot.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.docs, name="docs"),
    path("profiel/tokens/", pages.profile_tokens, name="profile_tokens"),
    path("me", views.MeView.as_view(), name="me"),
    path("signals", views.SignalListView.as_view(), name="signals"),
    path("signals/<int:pk>", views.SignalDetailView.as_view(), name="signal"),
    path("signals/<int:pk>/handle", views.SignalHandleView.as_view(), name="signal_handle"),
    path("signals/<int:pk>/link", views.SignalLinkView.as_view(), name="signal_link"),
    path("groups", views.GroupListView.as_view(), name="groups"),
    path("groups/<int:pk>", views.GroupDetailView.as_view(), name="group"),
    path("groups/<int:pk>/members", views.GroupMembersView.as_view(), name="group_members"),
    path("persons/<int:pk>", views.PersonDetailView.as_view(), name="person"),
    path("persons/<int:pk>/processing-log", views.PersonLogView.as_view(), name="person_log"),
    path(
        "persons/<int:pk>/processing-log/export",
        views.PersonLogExportView.as_view(),
        name="person_log_export",
    ),
    path("cases", views.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>", views.CaseDetailView.as_view(), name="case"),
    path("cases/<int:pk>/transitions", views.TransitionView.as_view(), name="case_transitions"),
    path("cases/<int:pk>/coordinator", views.CoordinatorView.as_view(), name="case_coordinator"),
    path("cases/<int:pk>/participants", views.ParticipantView.as_view(), name="case_participants"),
    path("cases/<int:pk>/reopen", views.ReopenView.as_view(), name="case_reopen"),
    path("cases/<int:pk>/name-list", views.NameListView.as_view(), name="case_name_list"),
    path("cases/<int:pk>/name-list/<int:member_pk>", views.MemberView.as_view(), name="case_member"),
    path("cases/<int:pk>/requests", views.RequestListView.as_view(), name="case_requests"),
    path("cases/<int:pk>/requests/<int:request_pk>", views.RequestDetailView.as_view(), name="case_request"),
    path(
        "cases/<int:pk>/requests/<int:request_pk>/answer",
        views.AnswerView.as_view(),
        name="case_request_answer",
    ),
    path("cases/<int:pk>/matrix", views.MatrixView.as_view(), name="case_matrix"),
    path("cases/<int:pk>/plan", views_approach.PlanView.as_view(), name="case_plan"),
    path("cases/<int:pk>/plan/<int:number>", views_approach.PlanVersionView.as_view(), name="case_plan_version"),
    path("matrix-items", views.MatrixItemListView.as_view(), name="matrix_items"),
    path("privacy/scan", views.ScanView.as_view(), name="privacy_scan"),
    path("processing-log", views.ProcessingLogView.as_view(), name="processing_log"),
    path("organisations", views.OrganisationListView.as_view(), name="organisations"),
    path("organisations/<int:pk>", views.OrganisationDetailView.as_view(), name="organisation"),
    path("covenants", views.CovenantListView.as_view(), name="covenants"),
    path("covenants/<int:pk>", views.CovenantDetailView.as_view(), name="covenant"),
    re_path(r"^(?P<rest>.*)$", pages.not_found),
]
