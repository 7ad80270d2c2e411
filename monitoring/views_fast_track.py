"""The fast track from the first hour on the crisis page: the regisseur's choice (with the
reason), urgent measures before a plan exists, and the half-A4 briefing published to a
distribution list (shown, printed and as PDF). One view per action, POST only; a refusal
renders the crisis page again with the bound form and the Dutch error."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cases.reads import case_or_404
from documents import crisis_briefing
from monitoring import actions
from monitoring import services as monitoring
from monitoring.forms import FastTrackForm, PublishBriefingForm, UrgentActionForm
from monitoring.models import CrisisPublication
from monitoring.views import ERRORS, _confirmed, _crisis_rights, _render_crisis
from privacy import policies


def _manager_case(request, pk):
    case = case_or_404(request.user, pk)
    can_manage, _may_brief = _crisis_rights(request.user, case)
    if not can_manage:
        raise Http404
    return case


def _submit(request, case, form, form_name: str, call, success: str, done=None):
    """Validate, call the service with the cleaned data and the confirmed findings, then
    redirect (to `done(result)` or the crisis page); on a refusal the page with the form."""
    if form.is_valid():
        try:
            result = call(actor=request.user, confirmed_findings=_confirmed(request), **form.cleaned_data)
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return done(result) if done else redirect("monitoring:crisis", pk=case.pk)
    return _render_crisis(request, case, status=400, **{form_name: form})


@login_required
@require_POST
def fast_track_choose(request, pk):
    case = case_or_404(request.user, pk)
    if not policies.allowed(request.user, "case.fast_track", case=case):
        raise Http404
    return _submit(
        request, case, FastTrackForm(request.POST, prefix="fast"), "fast_form",
        partial(monitoring.choose_fast_track, case),
        _("De snelle route is gekozen. Crisismodus en spoedmaatregelen kunnen nu in elke stap."),
    )  # fmt: skip


@login_required
@require_POST
def urgent_action_add(request, pk):
    case = _manager_case(request, pk)
    return _submit(
        request, case, UrgentActionForm(request.POST, prefix="urgent", case=case), "urgent_form",
        partial(actions.add_urgent_action, case), _("Spoedmaatregel vastgelegd als actie."),
    )  # fmt: skip


@login_required
@require_POST
def crisis_publish(request, pk):
    case = _manager_case(request, pk)
    return _submit(
        request, case, PublishBriefingForm(request.POST, prefix="pub", case=case), "publish_form",
        partial(monitoring.publish_briefing, case),
        _("De crisisbriefing is gepubliceerd aan de verspreidingslijst."),
        done=lambda publication: redirect(
            "monitoring:crisis_publication", pk=case.pk, publication_pk=publication.pk
        ),
    )  # fmt: skip


def _publication(request, pk, publication_pk) -> tuple:
    case = case_or_404(request.user, pk)
    publication = get_object_or_404(CrisisPublication, pk=publication_pk, period__case=case)
    return case, publication


@login_required
@require_safe
def crisis_publication(request, pk, publication_pk):
    """The published half-A4 briefing on screen, printable (print CSS) and as PDF."""
    case, publication = _publication(request, pk, publication_pk)
    facts = crisis_briefing.BriefingFacts.from_dict(publication.facts)
    return render(
        request,
        "monitoring/crisis_publication.html",
        {"case": case, "publication": publication, "facts": facts, "title": crisis_briefing.title(facts)},
    )


@login_required
@require_safe
def crisis_publication_pdf(request, pk, publication_pk):
    _case, publication = _publication(request, pk, publication_pk)
    response = HttpResponse(monitoring.publication_pdf(publication), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="crisisbriefing-{publication.day:%Y-%m-%d}.pdf"'
    return response
