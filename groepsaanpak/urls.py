from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Groepsaanpak — beheer"
admin.site.site_title = "Groepsaanpak beheer"

urlpatterns = [
    # The admin uses our login (password + second factor), never its own form.
    path("beheer/login/", RedirectView.as_view(pattern_name="accounts:login")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", include("privacy.urls_health")),
    path("", include("accounts.urls")),
    path("privacy/", include("privacy.urls")),
    path("meldingen/", include("notifications.urls")),
    path("signalen/", include("intake.urls")),
    path("groepen/", include("groups.urls")),
    path("groepen/personen/", include("persons.urls")),
    path("casussen/", include("cases.urls")),
    path("casussen/", include("analysis.urls")),
    path("", include("plans.urls")),
    path("", include("monitoring.urls")),
    path("", include("closing.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("dashboard.urls")),
]

# A server error, and the database going away mid-request (503): groepsaanpak/errorpages.py.
handler500 = "groepsaanpak.errorpages.server_error"
