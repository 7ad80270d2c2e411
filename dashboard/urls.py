from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("handleiding/", views.help_index, name="help"),
    path("handleiding/<slug:slug>/", views.help_page, name="help_page"),
    path("zoeken/", views.search, name="search"),
    path("regie/", views.regie, name="regie"),
    path("wacht-op-mij/<slug:kind>/", views.waiting, name="waiting"),
]
