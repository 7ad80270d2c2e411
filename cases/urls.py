from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("groep/<int:group_pk>/openen/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/namenlijst/", views.name_list, name="name_list"),
    path("<int:pk>/verzoeken/", views.requests_page, name="requests"),
    path("<int:pk>/verzoeken/<int:request_pk>/", views.request_answer, name="request_answer"),
    path("<int:pk>/informatiematrix/", views.matrix, name="matrix"),
]
