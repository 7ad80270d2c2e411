from django.urls import path

from . import views, views_documents, views_informing, views_persons, views_rights

app_name = "cases"
urlpatterns = [
    path("personen/<int:pk>/verzoeken/", views_rights.person_requests, name="person_requests"),
    path("personen/<int:pk>/verzoeken/nieuw/", views_rights.request_record, name="request_record"),
    path("verzoeken/", views_rights.requests_overview, name="requests_overview"),
    path("verzoeken/<int:pk>/besluit/", views_rights.request_decide, name="request_decide"),
    path("verzoeken/<int:pk>/verlengen/", views_rights.request_extend, name="request_extend"),
    path("groep/<int:group_pk>/openen/", views.case_open, name="open"),
    path("rapporten/", views.reports, name="reports"),
    path("rapporten/<int:request_pk>/bijlage/", views.report_download, name="report_download"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/stap/", views.case_move, name="move"),
    path("<int:pk>/documenten/<slug:kind>/", views_documents.document, name="document"),
    path("<int:pk>/coordinator/", views.case_coordinator, name="coordinator"),
    path("<int:pk>/uitnodigen/", views.case_invite, name="invite"),
    path("<int:pk>/bij-naam/", views.case_name, name="name"),
    path("<int:pk>/bij-naam/<int:named_pk>/beeindigen/", views.case_unname, name="unname"),
    path("<int:pk>/heropenen/", views.case_reopen, name="reopen"),
    path("<int:pk>/namenlijst/", views.name_list, name="name_list"),
    path("<int:pk>/namenlijst/<int:membership_pk>/status/", views.name_list_status, name="name_list_status"),
    path("<int:pk>/namenlijst/koppelen/", views_persons.name_list_link, name="name_list_link"),
    path(
        "<int:pk>/namenlijst/koppelen/persoon/",
        views_persons.name_list_link_person,
        name="name_list_link_person",
    ),
    path("<int:pk>/namenlijst/importeren/", views_persons.name_list_import, name="name_list_import"),
    path(
        "<int:pk>/namenlijst/importeren/bevestigen/",
        views_persons.name_list_import_confirm,
        name="name_list_import_confirm",
    ),
    path("<int:pk>/verzoeken/", views.requests_page, name="requests"),
    path("<int:pk>/verzoeken/groepsscan-politie/", views.police_groepsscan, name="police_groepsscan"),
    path("<int:pk>/verzoeken/<int:request_pk>/", views.request_answer, name="request_answer"),
    path("<int:pk>/verzoeken/<int:request_pk>/namen/", views.request_names_page, name="request_names"),
    path(
        "<int:pk>/verzoeken/<int:request_pk>/namen/beantwoorden/",
        views.request_names_answer,
        name="request_names_answer",
    ),
    path("<int:pk>/verzoeken/<int:request_pk>/bijlage/", views.request_attachment, name="request_attachment"),
    path("<int:pk>/informatiematrix/", views.matrix, name="matrix"),
    path("<int:pk>/informatieplicht/", views_informing.informing_page, name="informing"),
    path("<int:pk>/informatieplicht/ouder/", views_informing.informing_parent, name="informing_parent"),
    path(
        "<int:pk>/informatieplicht/geinformeerd/",
        views_informing.informing_informed,
        name="informing_informed",
    ),
    path("<int:pk>/informatieplicht/uitstel/", views_informing.informing_postpone, name="informing_postpone"),
    path("<int:pk>/informatieplicht/brief/", views_informing.informing_letter, name="informing_letter"),
    path("<int:pk>/brief-ouders-scholen/", views_informing.school_letter, name="school_letter"),
    path("informatieplicht/brief/<str:audience>/", views_informing.letter_template, name="letter_template"),
]
