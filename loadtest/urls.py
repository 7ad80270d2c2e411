"""The project's URLs plus the framework floor; mounted only by loadtest.bench_settings."""

from django.urls import path

from groepsaanpak.urls import urlpatterns as project_urlpatterns

from . import views

urlpatterns = [path("_bench/vloer/", views.floor, name="bench_floor"), *project_urlpatterns]
