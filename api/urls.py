from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import (
    pages,
    views,
    views_analysis,
    views_approach,
    views_dashboard,
    views_intake,
    views_members,
    views_privacy,
)

app_name = "api"
urlpatterns = [
    path("", pages.ApiRoot.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.docs, name="docs"),
    path("profiel/tokens/", pages.profile_tokens, name="profile_tokens"),
    path("me", views.MeView.as_view(), name="me"),
    path("signals", views.SignalListView.as_view(), name="signals"),
    path("signals/import", views_intake.SignalImportView.as_view(), name="signals_import"),
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
    path("cases/<int:pk>/name-list/<int:member_pk>", views_members.MemberView.as_view(), name="case_member"),
    path("cases/<int:pk>/requests", views.RequestListView.as_view(), name="case_requests"),
    path("cases/<int:pk>/requests/<int:request_pk>", views.RequestDetailView.as_view(), name="case_request"),
    path(
        "cases/<int:pk>/requests/<int:request_pk>/answer",
        views.AnswerView.as_view(),
        name="case_request_answer",
    ),
    path("cases/<int:pk>/matrix", views.MatrixView.as_view(), name="case_matrix"),
    # steps 3–4 (api/views_analysis.py)
    path("cases/<int:pk>/picture", views_analysis.PictureView.as_view(), name="case_picture"),
    path(
        "cases/<int:pk>/picture/<int:number>",
        views_analysis.PictureVersionView.as_view(),
        name="case_picture_version",
    ),
    path("cases/<int:pk>/concept-plan", views_analysis.ConceptPlanView.as_view(), name="case_concept_plan"),
    path(
        "cases/<int:pk>/concept-plan/<int:number>",
        views_analysis.ConceptPlanVersionView.as_view(),
        name="case_concept_plan_version",
    ),
    path("cases/<int:pk>/capacity", views_analysis.CapacityView.as_view(), name="case_capacity"),
    path(
        "cases/<int:pk>/capacity/<int:estimate_pk>",
        views_analysis.CapacityDetailView.as_view(),
        name="case_capacity_estimate",
    ),
    path(
        "cases/<int:pk>/interventions", views_analysis.InterventionsView.as_view(), name="case_interventions"
    ),
    path("cases/<int:pk>/dynamics", views_analysis.DynamicsView.as_view(), name="case_dynamics"),
    path("cases/<int:pk>/assessments", views_analysis.AssessmentsView.as_view(), name="case_assessments"),
    path("cases/<int:pk>/ties", views_analysis.TiesView.as_view(), name="case_ties"),
    path("cases/<int:pk>/ties/<int:tie_pk>/end", views_analysis.TieEndView.as_view(), name="case_tie_end"),
    path("cases/<int:pk>/circular-rounds", views_analysis.RoundListView.as_view(), name="case_rounds"),
    path(
        "cases/<int:pk>/circular-rounds/<int:number>",
        views_analysis.RoundDetailView.as_view(),
        name="case_round",
    ),
    path(
        "cases/<int:pk>/circular-rounds/<int:number>/answer",
        views_analysis.RoundAnswerView.as_view(),
        name="case_round_answer",
    ),
    path(
        "cases/<int:pk>/circular-rounds/<int:number>/threads",
        views_analysis.RoundThreadView.as_view(),
        name="case_round_threads",
    ),
    path(
        "cases/<int:pk>/circular-rounds/<int:number>/close",
        views_analysis.RoundCloseView.as_view(),
        name="case_round_close",
    ),
    path("cases/<int:pk>/advices", views_analysis.AdviceListView.as_view(), name="case_advices"),
    path(
        "cases/<int:pk>/advices/<int:number>", views_analysis.AdviceDetailView.as_view(), name="case_advice"
    ),
    path(
        "cases/<int:pk>/advices/<int:number>/forum-members",
        views_analysis.ForumMemberListView.as_view(),
        name="case_advice_forum_members",
    ),
    path(
        "cases/<int:pk>/advices/<int:number>/forum-members/<int:member_pk>",
        views_analysis.ForumMemberDetailView.as_view(),
        name="case_advice_forum_member",
    ),
    path(
        "cases/<int:pk>/advices/<int:number>/send",
        views_analysis.AdviceSendView.as_view(),
        name="case_advice_send",
    ),
    path("cases/<int:pk>/decisions", views_analysis.DecisionListView.as_view(), name="case_decisions"),
    path(
        "cases/<int:pk>/municipality-contacts",
        views_analysis.ContactListView.as_view(),
        name="case_municipality_contacts",
    ),
    path("agenda", views_analysis.AgendaView.as_view(), name="agenda"),
    path(
        "cases/<int:pk>/name-list/<int:member_pk>/role",
        views_members.MemberRoleView.as_view(),
        name="case_member_role",
    ),
    path(
        "cases/<int:pk>/name-list/<int:member_pk>/assessments",
        views_members.MemberAssessmentView.as_view(),
        name="case_member_assessments",
    ),
    path(
        "cases/<int:pk>/name-list/<int:member_pk>/referrals",
        views_members.MemberReferralView.as_view(),
        name="case_member_referrals",
    ),
    path(
        "cases/<int:pk>/name-list/<int:member_pk>/family-links",
        views_members.MemberFamilyView.as_view(),
        name="case_member_family_links",
    ),
    path("cases/<int:pk>/plan", views_approach.PlanView.as_view(), name="case_plan"),
    path(
        "cases/<int:pk>/plan/<int:number>", views_approach.PlanVersionView.as_view(), name="case_plan_version"
    ),
    # steps 5–7 (api/views_approach.py)
    path("cases/<int:pk>/plan/compare", views_approach.PlanCompareView.as_view(), name="case_plan_compare"),
    path("cases/<int:pk>/actions", views_approach.ActionListView.as_view(), name="case_actions"),
    path(
        "cases/<int:pk>/actions/progress",
        views_approach.ActionProgressView.as_view(),
        name="case_actions_progress",
    ),
    path(
        "cases/<int:pk>/actions/<int:action_pk>",
        views_approach.ActionDetailView.as_view(),
        name="case_action",
    ),
    path(
        "cases/<int:pk>/actions/<int:action_pk>/escalations",
        views_approach.EscalationListView.as_view(),
        name="case_action_escalations",
    ),
    path(
        "cases/<int:pk>/actions/<int:action_pk>/escalations/<int:escalation_pk>/outcome",
        views_approach.EscalationOutcomeView.as_view(),
        name="case_action_escalation_outcome",
    ),
    path("my-actions", views_approach.MyActionsView.as_view(), name="my_actions"),
    path("cases/<int:pk>/indicators", views_approach.IndicatorListView.as_view(), name="case_indicators"),
    path(
        "cases/<int:pk>/indicators/import",
        views_approach.IndicatorImportView.as_view(),
        name="case_indicators_import",
    ),
    path(
        "cases/<int:pk>/indicators/<int:indicator_pk>",
        views_approach.IndicatorDetailView.as_view(),
        name="case_indicator",
    ),
    path(
        "cases/<int:pk>/indicators/<int:indicator_pk>/measurements",
        views_approach.MeasurementView.as_view(),
        name="case_indicator_measurements",
    ),
    path(
        "cases/<int:pk>/indicators/<int:indicator_pk>/compute",
        views_approach.IndicatorComputeView.as_view(),
        name="case_indicator_compute",
    ),
    path(
        "cases/<int:pk>/progress-reports",
        views_approach.ProgressReportListView.as_view(),
        name="case_progress_reports",
    ),
    path("cases/<int:pk>/crisis", views_approach.CrisisView.as_view(), name="case_crisis"),
    path(
        "cases/<int:pk>/crisis/briefings", views_approach.BriefingView.as_view(), name="case_crisis_briefings"
    ),
    path("cases/<int:pk>/closing", views_approach.ClosingView.as_view(), name="case_closing"),
    path("cases/<int:pk>/handovers", views_approach.HandoverListView.as_view(), name="case_handovers"),
    path("handovers", views_approach.OfferedHandoversView.as_view(), name="handovers"),
    path("handovers/<int:pk>/answer", views_approach.HandoverAnswerView.as_view(), name="handover_answer"),
    path("cases/<int:pk>/retention", views_approach.RetentionView.as_view(), name="case_retention"),
    path("cases/<int:pk>/legal-hold", views_approach.LegalHoldView.as_view(), name="case_legal_hold"),
    path("cases/<int:pk>/evaluation", views_approach.EvaluationView.as_view(), name="case_evaluation"),
    path(
        "cases/<int:pk>/evaluation/contributions",
        views_approach.ContributionView.as_view(),
        name="case_evaluation_contributions",
    ),
    path(
        "cases/<int:pk>/evaluation/discussion",
        views_approach.DiscussionView.as_view(),
        name="case_evaluation_discussion",
    ),
    path("matrix-items", views.MatrixItemListView.as_view(), name="matrix_items"),
    path("search", views_dashboard.SearchView.as_view(), name="search"),
    path("regie", views_dashboard.RegieView.as_view(), name="regie"),
    path("privacy/scan", views.ScanView.as_view(), name="privacy_scan"),
    path("processing-log", views.ProcessingLogView.as_view(), name="processing_log"),
    path("organisations", views.OrganisationListView.as_view(), name="organisations"),
    path("organisations/<int:pk>", views.OrganisationDetailView.as_view(), name="organisation"),
    path("covenants", views_privacy.CovenantListView.as_view(), name="covenants"),
    path("covenants/<int:pk>", views.CovenantDetailView.as_view(), name="covenant"),
    path(
        "privacy/guard-confirmations",
        views_privacy.GuardConfirmationListView.as_view(),
        name="guard_confirmations",
    ),
    re_path(r"^(?P<rest>.*)$", pages.not_found),
]
