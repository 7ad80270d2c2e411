from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("melden/", views.signal_create, name="create"),
    path("kaart/", views.signal_map, name="map"),
    path("snel/", views.signal_quick, name="quick"),
    path("importeren/", views.signal_import, name="import"),
    path("importeren/bevestigen/", views.signal_import_confirm, name="import_confirm"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("<int:pk>/afhandelen/", views.signal_handle, name="handle"),
    path("<int:pk>/koppelen/", views.signal_link, name="link"),
]
