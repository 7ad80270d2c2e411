"""Four eyes on access (privacy/changes.py): request a change, and the pending-changes page
where a second person approves or rejects it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import IdentityProvider, Organisation, User

from . import changes, policies, security
from .access import AccessDenied
from .forms import (
    DecisionForm,
    IdentityProviderRequestForm,
    OrganisationChangeRequestForm,
    UserAccessRequestForm,
)
from .models import ChangeStatus


def _page(request, *, form=None, failed=None, status=200):
    """The pending-changes page; `form` is the bound decision form of request `failed`."""
    user = request.user
    visible = changes.visible_to(user)
    pending = list(visible.filter(status=ChangeStatus.PENDING).order_by("requested_at", "pk"))
    rows = [
        {
            "change": c,
            "lines": changes.describe(c),
            "decision": policies.check(user, "change.decide", obj=c),
            "form": form if failed == c.pk else DecisionForm(prefix=f"c{c.pk}"),
        }
        for c in pending
    ]
    decided = Paginator(visible.exclude(status=ChangeStatus.PENDING), 25).get_page(request.GET.get("page"))
    context = {"rows": rows, "decided": decided, "may_decide": policies.allowed(user, "change.decide")}
    return render(request, "privacy/changes.html", context, status=status)


@login_required
def change_list(request):
    if not policies.allowed(request.user, "change.list"):
        raise Http404
    return _page(request)


def _decide(request, pk, service, done_message):
    if not policies.allowed(request.user, "change.list"):
        raise Http404
    change = security.visible_or_404(changes.visible_to(request.user), request.user, pk)
    form = DecisionForm(request.POST, prefix=f"c{change.pk}")
    if form.is_valid():
        try:
            service(change, actor=request.user, reason=form.cleaned_data["reason"])
        except (AccessDenied, changes.ChangeError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done_message)
            return redirect("privacy:changes")
    return _page(request, form=form, failed=change.pk, status=400)


@login_required
@require_POST
def change_approve(request, pk):
    return _decide(request, pk, changes.approve, _("Goedgekeurd; de wijziging is doorgevoerd."))


@login_required
@require_POST
def change_reject(request, pk):
    return _decide(request, pk, changes.reject, _("Afgewezen; er is niets gewijzigd."))


def _request_page(request, form, subject, template, service, extra=None):
    if request.method == "POST" and form.is_valid():
        try:
            service(subject, actor=request.user, reason=form.cleaned_data["reason"], **form.values())
        except changes.ChangeError as error:
            for field, errors in (error.errors or {"__all__": [str(error)]}).items():
                for message in errors:
                    form.add_error(None if field == "__all__" else field, message)
        else:
            messages.success(
                request,
                _(
                    "Aangevraagd. De wijziging gaat in zodra een tweede beheerder of de privacyfunctionaris haar goedkeurt."
                ),
            )
            return redirect("privacy:changes")
    pending = changes.visible_to(request.user).filter(status=ChangeStatus.PENDING)
    pending = (
        pending.filter(user=subject) if isinstance(subject, User) else pending.filter(organisation=subject)
    )
    return render(
        request,
        template,
        {"form": form, "subject": subject, "pending": pending, **(extra or {})},
        status=400 if form.errors else 200,
    )


@login_required
def request_user_change(request, pk):
    subject = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    if not policies.allowed(request.user, "change.request_user"):
        raise Http404
    decision = policies.check(request.user, "change.request_user", obj=subject)
    initial = {f: getattr(subject, f) for f in UserAccessRequestForm.FIELDS}
    form = UserAccessRequestForm(request.POST or None, initial=initial)
    if not decision:
        return render(
            request,
            "privacy/change_user.html",
            {"form": None, "subject": subject, "refusal": decision.reason},
            status=403,
        )
    return _request_page(request, form, subject, "privacy/change_user.html", changes.request_user_access)


@login_required
def request_organisation_change(request, pk):
    subject = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    if not policies.allowed(request.user, "change.request_organisation"):
        raise Http404
    initial = {"kind": subject.kind, "municipality": subject.municipality}
    form = OrganisationChangeRequestForm(request.POST or None, initial=initial)
    return _request_page(
        request, form, subject, "privacy/change_organisation.html", changes.request_organisation_change
    )


@login_required
def request_identity_provider_change(request, pk):
    """The beheerder asks for (new) OpenID Connect settings of an organisation (ADR 0017)."""
    subject = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    if not policies.allowed(request.user, "change.request_organisation"):
        raise Http404
    provider = IdentityProvider.objects.filter(organisation=subject).first()
    initial = (
        {f: getattr(provider, f) for f in IdentityProviderRequestForm.FIELDS if f != "client_secret"}
        if provider
        else {"name": subject.name}
    )
    form = IdentityProviderRequestForm(request.POST or None, initial=initial)
    callback = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    return _request_page(
        request,
        form,
        subject,
        "privacy/change_identity_provider.html",
        changes.request_identity_provider,
        {"callback": callback},
    )
