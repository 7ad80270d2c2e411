from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.mfa_verify, name="mfa_verify"),
    path("inloggen/oidc/terug/", views.oidc_callback, name="oidc_callback"),
    path("inloggen/oidc/<int:pk>/", views.oidc_start, name="oidc_start"),
    path("inloggen/tweede-factor/", views.mfa_setup, name="mfa_setup"),
    path("inloggen/wachtwoord-instellen/<uidb64>/<token>/", views.set_password, name="set_password"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("profiel/", views.profile, name="profile"),
    path("profiel/wachtwoord/", views.password_change, name="password_change"),
]
