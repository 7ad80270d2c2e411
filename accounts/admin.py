"""The beheerder manages organisations and users here; no case data is registered in the admin.

Four eyes: what decides who sees case data — a user's organisation, role, staff status,
reactivation and e-mail address (where the password link goes), an organisation's kind and
municipality — is read-only here for everyone, superusers included. The link on the page
leads to the request form (privacy.changes); a second person approves. Taking access
away (deactivating) stays immediate. Nobody sets a password here: the user sets their own
through a one-time link sent to their address (accounts.services.send_password_link).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Municipality, Organisation, User
from .services import ORGANISATION_FIELDS, deactivate_users, reset_mfa, send_password_link, unlock_login

USER_ACCESS_FIELDS = (
    "organisation",
    "role",
    "is_staff",
    "is_superuser",
    "email",
    "user_permissions",
    "groups",
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        # A new organisation has no users yet: its kind is chosen with it. Afterwards the
        # kind and municipality change only through a four-eyes request.
        return [*ORGANISATION_FIELDS, "change_request"] if obj is not None else []

    def get_fields(self, request, obj=None):
        fields = ["name", "kind", "municipality"]
        return [*fields, "change_request"] if obj is not None else fields

    @admin.display(description=_("Soort of gemeente wijzigen"))
    def change_request(self, obj):
        url = reverse("privacy:request_organisation_change", args=[obj.pk])
        signin = reverse("privacy:request_identity_provider_change", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">{}</a>',
            url,
            _("Wijziging aanvragen (vraagt goedkeuring)"),
            signin,
            _("Inloggen via OpenID Connect instellen (vraagt goedkeuring)"),
        )


class UserAddForm(forms.ModelForm):
    """A new account: who it is, no password and no access. It starts inactive, without an
    organisation; its access is requested next and applies once a second person approves."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "function_title"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.is_active = False
        user.organisation = None
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserAddForm
    add_fieldsets = ((None, {"fields": ("username", "first_name", "last_name", "email", "function_title")}),)
    fieldsets = (
        (None, {"fields": ("username", "access_request")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email", "function_title")}),
        (
            _("Toegang (wijzigen vraagt goedkeuring)"),
            {"fields": ("organisation", "role", "is_active", "is_staff")},
        ),
        (_("Rechten in het beheer"), {"fields": ("is_superuser", "groups", "user_permissions")}),
        (_("Belangrijke datums"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation__municipality", "organisation__kind"]
    actions = ["send_password_links", "deactivate", "unlock", "reset_second_factor"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = [*USER_ACCESS_FIELDS, "role", "access_request", "last_login", "date_joined"]
        # Deactivating takes access away and happens at once; reactivating gives it back
        # and is a request. Nobody deactivates themselves here.
        if not obj.is_active or obj.pk == request.user.pk:
            readonly.append("is_active")
        return readonly

    def save_model(self, request, obj, form, change):
        # Who deactivates (the form's "actief" box) is named in the security log.
        obj.security_actor, obj.security_request = request.user, request
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        # No password set by someone else is ever used: the user sets their own via a link.
        raise PermissionDenied

    @admin.display(description=_("Toegang"))
    def access_request(self, obj):
        url = reverse("privacy:request_user_change", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a>', url, _("Toegang wijzigen of activeren (vraagt goedkeuring)")
        )

    @admin.action(description=_("Link sturen om zelf een wachtwoord in te stellen"))
    def send_password_links(self, request, queryset):
        sent = [u for u in queryset if send_password_link(u, actor=request.user)]
        skipped = queryset.count() - len(sent)
        if sent:
            self.message_user(
                request,
                _("Link verstuurd naar het e-mailadres van %(n)s gebruiker(s).") % {"n": len(sent)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Geen link voor %(n)s gebruiker(s): niet actief of geen e-mailadres.") % {"n": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Deactiveren (sessies en API-tokens vervallen)"))
    def deactivate(self, request, queryset):
        n = deactivate_users(queryset, actor=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(n)s gebruiker gedeactiveerd.", "%(n)s gebruikers gedeactiveerd.", n) % {"n": n},
            messages.SUCCESS,
        )
        if queryset.filter(pk=request.user.pk, is_active=True).exists():
            self.message_user(request, _("Uw eigen account deactiveert u niet zelf."), messages.WARNING)

    @admin.action(description=_("Blokkade na mislukte inlogpogingen opheffen"))
    def unlock(self, request, queryset):
        n = sum(unlock_login(user, actor=request.user, request=request) for user in queryset)
        self.message_user(
            request, _("Blokkade opgeheven voor %(n)s gebruiker(s).") % {"n": n}, messages.SUCCESS
        )

    @admin.action(description=_("Tweestapsverificatie terugzetten (opnieuw instellen bij volgende login)"))
    def reset_second_factor(self, request, queryset):
        others = queryset.exclude(pk=request.user.pk)
        n = sum(reset_mfa(user, actor=request.user, request=request) for user in others)
        self.message_user(
            request,
            _(
                "Tweestapsverificatie teruggezet voor %(n)s gebruiker(s); zij stellen bij de volgende login een nieuwe app in."
            )
            % {"n": n},
            messages.SUCCESS,
        )
        if others.count() != queryset.count():
            self.message_user(
                request, _("Uw eigen tweestapsverificatie zet een collega-beheerder terug."), messages.WARNING
            )
