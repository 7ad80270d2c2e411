from django.urls import include, path, re_path

from . import pages, views, views_dashboard, views_intake, views_privacy
from . import views_analysis as analysis
from . import views_approach as approach
from . import views_chain as chain
from . import views_documents as documents
from . import views_members as members
from . import views_naming as naming


def route(pattern: str, view, name: str):
    return path(pattern, view.as_view(), name=name)


# Below cases/<int:pk>/: the case's sub-resources, by step of the process.
case_urls = [
    route("transitions", views.TransitionView, "case_transitions"),
    route("transitions/<int:transition_pk>", views.TransitionDetailView, "case_transition"),
    route("coordinator", views.CoordinatorView, "case_coordinator"),
    route("participants", views.ParticipantView, "case_participants"),
    route("reopen", views.ReopenView, "case_reopen"),
    route("documents/", documents.CaseDocumentsView, "case_documents"),
    route("documents/<slug:kind>", documents.CaseDocumentView, "case_document"),
    route("named", naming.NamingsView, "case_named"),
    route("named/<int:named_pk>", naming.NamingView, "case_naming"),
    route("named/<int:named_pk>/end", naming.NamingEndView, "case_naming_end"),
    route("name-list", views.NameListView, "case_name_list"),
    route("name-list/<int:member_pk>", members.MemberView, "case_member"),
    route("persons/<int:person_pk>", members.PersonOnListView, "case_person"),
    route("name-list/<int:member_pk>/role", members.MemberRoleView, "case_member_role"),
    route("name-list/<int:member_pk>/assessments", members.MemberAssessmentView, "case_member_assessments"),
    route("name-list/<int:member_pk>/referrals", members.MemberReferralView, "case_member_referrals"),
    route("name-list/<int:member_pk>/family-links", members.MemberFamilyView, "case_member_family_links"),
    route(
        "name-list/<int:member_pk>/referrals/<int:referral_pk>",
        chain.ReferralDetailView,
        "case_member_referral",
    ),
    route("requests", views.RequestListView, "case_requests"),
    # step 2's information chain (api/views_chain.py)
    route("requests/groepsscan", chain.GroepsscanView, "case_request_groepsscan"),
    route("requests/om", chain.OmRequestView, "case_request_om"),
    route("requests/police-groepsscan", chain.PoliceGroepsscanView, "case_request_police_groepsscan"),
    route("requests/<int:request_pk>/names", chain.RequestNamesView, "case_request_names"),
    route("requests/<int:request_pk>", views.RequestDetailView, "case_request"),
    route("requests/<int:request_pk>/answer", views.AnswerView, "case_request_answer"),
    route("requests/<int:request_pk>/attachment", views.RequestAttachmentView, "case_request_attachment"),
    route("matrix", views.MatrixView, "case_matrix"),
    # steps 3–4 (api/views_analysis.py)
    route("picture", analysis.PictureView, "case_picture"),
    route("picture/<int:number>", analysis.PictureVersionView, "case_picture_version"),
    route("concept-plan", analysis.ConceptPlanView, "case_concept_plan"),
    route("concept-plan/<int:number>", analysis.ConceptPlanVersionView, "case_concept_plan_version"),
    route("capacity", analysis.CapacityView, "case_capacity"),
    route("capacity/<int:estimate_pk>", analysis.CapacityDetailView, "case_capacity_estimate"),
    route("interventions", analysis.InterventionsView, "case_interventions"),
    route("dynamics", analysis.DynamicsView, "case_dynamics"),
    route("assessments", analysis.AssessmentsView, "case_assessments"),
    route("ties", analysis.TiesView, "case_ties"),
    route("ties/<int:tie_pk>/end", analysis.TieEndView, "case_tie_end"),
    route("circular-rounds", analysis.RoundListView, "case_rounds"),
    route("circular-rounds/<int:number>", analysis.RoundDetailView, "case_round"),
    route("circular-rounds/<int:number>/answer", analysis.RoundAnswerView, "case_round_answer"),
    route("circular-rounds/<int:number>/threads", analysis.RoundThreadView, "case_round_threads"),
    route("circular-rounds/<int:number>/close", analysis.RoundCloseView, "case_round_close"),
    route("advices", analysis.AdviceListView, "case_advices"),
    route("advices/<int:number>", analysis.AdviceDetailView, "case_advice"),
    route("advices/<int:number>/forum-members", analysis.ForumMemberListView, "case_advice_forum_members"),
    route(
        "advices/<int:number>/forum-members/<int:member_pk>",
        analysis.ForumMemberDetailView,
        "case_advice_forum_member",
    ),
    route("advices/<int:number>/send", analysis.AdviceSendView, "case_advice_send"),
    route("decisions", analysis.DecisionListView, "case_decisions"),
    route("decisions/<int:decision_pk>", analysis.DecisionDetailView, "case_decision"),
    route("municipality-contacts", analysis.ContactListView, "case_municipality_contacts"),
    # steps 5–7 (api/views_approach.py)
    route("plan", approach.PlanView, "case_plan"),
    route("plan/<int:number>", approach.PlanVersionView, "case_plan_version"),
    route("plan/compare", approach.PlanCompareView, "case_plan_compare"),
    route("actions", approach.ActionListView, "case_actions"),
    route("actions/progress", approach.ActionProgressView, "case_actions_progress"),
    route("actions/<int:action_pk>", approach.ActionDetailView, "case_action"),
    route("actions/<int:action_pk>/escalations", approach.EscalationListView, "case_action_escalations"),
    route(
        "actions/<int:action_pk>/escalations/<int:escalation_pk>/outcome",
        approach.EscalationOutcomeView,
        "case_action_escalation_outcome",
    ),
    route("indicators", approach.IndicatorListView, "case_indicators"),
    route("indicators/import", approach.IndicatorImportView, "case_indicators_import"),
    route("indicators/<int:indicator_pk>", approach.IndicatorDetailView, "case_indicator"),
    route(
        "indicators/<int:indicator_pk>/measurements", approach.MeasurementView, "case_indicator_measurements"
    ),
    route("indicators/<int:indicator_pk>/compute", approach.IndicatorComputeView, "case_indicator_compute"),
    route("progress-reports", approach.ProgressReportListView, "case_progress_reports"),
    route("crisis", approach.CrisisView, "case_crisis"),
    route("crisis/briefings", approach.BriefingView, "case_crisis_briefings"),
    route("closing", approach.ClosingView, "case_closing"),
    route("handovers", approach.HandoverListView, "case_handovers"),
    route("retention", approach.RetentionView, "case_retention"),
    route("legal-hold", approach.LegalHoldView, "case_legal_hold"),
    route("evaluation", approach.EvaluationView, "case_evaluation"),
    route("evaluation/contributions", approach.ContributionView, "case_evaluation_contributions"),
    route("evaluation/discussion", approach.DiscussionView, "case_evaluation_discussion"),
]

app_name = "api"
urlpatterns = [
    path("", pages.ApiRoot.as_view(), name="root"),
    route("schema/", pages.SchemaView, "schema"),
    path("docs/", pages.docs, name="docs"),
    path("profiel/tokens/", pages.profile_tokens, name="profile_tokens"),
    route("me", views.MeView, "me"),
    route("signals", views.SignalListView, "signals"),
    route("signals/import", views_intake.SignalImportView, "signals_import"),
    route("signals/<int:pk>", views.SignalDetailView, "signal"),
    route("signals/<int:pk>/handle", views.SignalHandleView, "signal_handle"),
    route("signals/<int:pk>/link", views.SignalLinkView, "signal_link"),
    route("groups", views.GroupListView, "groups"),
    route("groups/<int:pk>", views.GroupDetailView, "group"),
    route("groups/<int:pk>/members", views.GroupMembersView, "group_members"),
    route("persons/<int:pk>", views.PersonDetailView, "person"),
    route("persons/<int:pk>/processing-log", views.PersonLogView, "person_log"),
    route("persons/<int:pk>/processing-log/export", views.PersonLogExportView, "person_log_export"),
    route("persons/<int:pk>/subject-access", views.SubjectAccessView, "person_subject_access"),
    route("cases", views.CaseListView, "cases"),
    route("cases/<int:pk>", views.CaseDetailView, "case"),
    path("cases/<int:pk>/", include(case_urls)),
    route("agenda", analysis.AgendaView, "agenda"),
    route("my-actions", approach.MyActionsView, "my_actions"),
    route("handovers", approach.OfferedHandoversView, "handovers"),
    route("handovers/<int:pk>/answer", approach.HandoverAnswerView, "handover_answer"),
    route("reports", chain.ReportListView, "reports"),
    route("reports/<int:pk>/attachment", chain.ReportAttachmentView, "report_attachment"),
    route("matrix-items", views.MatrixItemListView, "matrix_items"),
    route("search", views_dashboard.SearchView, "search"),
    route("regie", views_dashboard.RegieView, "regie"),
    route("privacy/scan", views.ScanView, "privacy_scan"),
    route("processing-log", views.ProcessingLogView, "processing_log"),
    route("organisations", views.OrganisationListView, "organisations"),
    route("organisations/<int:pk>", views.OrganisationDetailView, "organisation"),
    route("covenants", views_privacy.CovenantListView, "covenants"),
    route("covenants/<int:pk>", views.CovenantDetailView, "covenant"),
    route("privacy/guard-confirmations", views_privacy.GuardConfirmationListView, "guard_confirmations"),
    re_path(r"^(?P<rest>.*)$", pages.not_found),
]
