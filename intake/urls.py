from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("melden/", views.signal_create, name="create"),
    path("importeren/", views.signal_import, name="import"),
    path("<int:pk>/", views.signal_detail, name="detail"),
]
