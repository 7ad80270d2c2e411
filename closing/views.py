"""Pages of step 7: closing (checklist, the forum's decision, hand-overs, retention and
legal hold), the hand-overs offered to my organisation, and the evaluation with its
printable report. The case is loaded through privacy.access (404 for who may not see it);
the privacy officer, who sees no case content, gets only the retention part of the closing
page. A POST by who may not act is a 404; a refused action is a Dutch message on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from analysis import reads as name_list
from cases.models import Step
from cases.reads import case_or_404
from closing import exports
from closing import reads as closing_reads
from closing import services as closing
from closing.forms import (
    ClosingDecisionForm,
    ContributionForm,
    DeclineForm,
    DiscussionForm,
    HandoverOfferForm,
    LegalHoldForm,
    RetentionForm,
)
from closing.models import Handover, HandoverStatus
from documents import evaluation as evaluation_document
from monitoring.models import OPEN_ACTION_STATUSES
from plans.common import ERRORS
from privacy import access, policies
from privacy.categories import Category
from privacy.guarding import parse_confirmations


def _confirmed(request):
    return parse_confirmations(request.POST.getlist("guard_confirm"))


def _members_to_offer(user, case):
    """Members whose guidance the user may hand over: the name list as the user may see it
    (analysis.reads.members: the read logged per member), only for who may also supply
    personal data."""
    if not access.can_supply(user, case, Category.PERSONAL):
        return []
    members, _withheld = name_list.members(user, case)
    return members


def _subject(case, value):
    """The action or membership chosen in the offer form (404 for one of another case)."""
    kind, _sep, pk = (value or "").partition(":")
    if kind == "actie":
        return get_object_or_404(case.actions, pk=pk), None
    if kind == "jongere":
        return None, get_object_or_404(case.memberships.select_related("person"), pk=pk)
    return None, None


def _decision_form(case, rights, data=None):
    rows = closing.proposed_results(case) if rights["may_decide"] else []
    return ClosingDecisionForm(data, rows=rows, prefix="decision")


def _offer_form(user, case, data=None):
    loose = case.actions.filter(status__in=OPEN_ACTION_STATUSES).order_by("due_date", "pk")
    return HandoverOfferForm(
        data,
        organisations=closing.organisations_of(case),
        actions=loose,
        members=_members_to_offer(user, case),
        prefix="offer",
    )


def _retention_form(case, data=None):
    return RetentionForm(data, prefix="retention", initial={"keep_until": closing.default_keep_until(case)})


def _render_closing(
    request,
    case,
    officer_only,
    *,
    decision_form=None,
    offer_form=None,
    retention_form=None,
    hold_form=None,
    decline_form=None,
):
    """The closing page: for the GET and for a POST that failed (its bound form, its error)."""
    user = request.user
    rights = closing_reads.closing_rights(user, case, officer_only)
    if decision_form is None:
        decision_form = _decision_form(case, rights)
    if offer_form is None and rights["may_offer"]:
        offer_form = _offer_form(user, case)
    context = {
        "case": case,
        "steps": Step.choices,
        "officer_only": officer_only,
        **rights,
        "decision_form": decision_form,
        "offer_form": offer_form,
        "retention_form": retention_form if retention_form is not None else _retention_form(case),
        "hold_form": hold_form if hold_form is not None else LegalHoldForm(prefix="hold"),
        "decline_form": decline_form if decline_form is not None else DeclineForm(prefix="answer"),
        "retention": closing.current_retention(case),
        "retention_history": list(case.retention_decisions.select_related("decided_by")),
        "legal_holds": list(case.legal_holds.select_related("decided_by")),
        "covenant_months": closing.covenant_retention_months(case),
        "default_until": closing.default_keep_until(case),
    }
    if not officer_only:
        decisions = list(case.closing_decisions.select_related("recorded_by", "plan"))
        handovers, withheld = closing_reads.handovers_for(user, case)
        context.update(
            checklist=closing.checklist(case),
            decisions=[(d, closing.tested_results(case, d)) for d in decisions],
            handovers=handovers,
            handovers_withheld=withheld,
            evaluation=closing_reads.evaluation_of(case),
        )
    return render(request, "closing/closing.html", context)


@login_required
@require_safe
def closing_page(request, pk):
    case, officer_only = closing_reads.case_for_closing(request.user, pk)
    return _render_closing(request, case, officer_only)


@login_required
@require_POST
def closing_decision(request, pk):
    user = request.user
    case, officer_only = closing_reads.case_for_closing(user, pk)
    if not policies.allowed(user, "closing.decide", case=case) or officer_only:
        raise Http404
    form = _decision_form(case, closing_reads.closing_rights(user, case, officer_only), request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            closing.record_closing_decision(
                case,
                actor=user,
                forum=d["forum"],
                decided_on=d["decided_on"],
                outcome=d["outcome"],
                motivation=d["motivation"],
                results=form.results(),
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Het besluit is vastgelegd. Het kan niet meer worden gewijzigd."))
            return redirect("closing:closing", pk=case.pk)
    return _render_closing(request, case, officer_only, decision_form=form)


@login_required
@require_POST
def closing_offer(request, pk):
    user = request.user
    case, officer_only = closing_reads.case_for_closing(user, pk)
    if not closing_reads.closing_rights(user, case, officer_only)["may_offer"]:
        raise Http404
    form = _offer_form(user, case, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        act, membership = _subject(case, d["subject"])
        try:
            closing.offer_handover(
                case,
                actor=user,
                to_organisation=d["to_organisation"],
                what=d["what"],
                action=act,
                membership=membership,
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("De overdracht is aangeboden aan %(org)s.") % {"org": d["to_organisation"].name}
            )
            return redirect("closing:closing", pk=case.pk)
    return _render_closing(request, case, officer_only, offer_form=form)


@login_required
@require_POST
def closing_answer(request, pk):
    user = request.user
    case, officer_only = closing_reads.case_for_closing(user, pk)
    if officer_only:
        raise Http404
    posted = request.POST.get("handover") or ""
    handover = get_object_or_404(Handover, pk=int(posted) if posted.isdigit() else 0, case=case)
    if not policies.allowed(user, "handover.answer", obj=handover):
        raise Http404
    form = DeclineForm(request.POST, prefix="answer")
    try:
        if _answer(request, handover, form):
            return redirect("closing:closing", pk=case.pk)
    except ERRORS as exc:
        form.add_error(None, str(exc))
    return _render_closing(request, case, officer_only, decline_form=form)


@login_required
@require_POST
def closing_retention(request, pk):
    user = request.user
    case, officer_only = closing_reads.case_for_closing(user, pk)
    if not policies.allowed(user, "retention.set", case=case):
        raise Http404
    form = _retention_form(case, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            closing.set_retention(
                case,
                actor=user,
                keep_until=d["keep_until"],
                motivation=d["motivation"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De bewaartermijn is vastgesteld."))
            return redirect("closing:closing", pk=case.pk)
    return _render_closing(request, case, officer_only, retention_form=form)


@login_required
@require_POST
def closing_hold(request, pk):
    user = request.user
    case, officer_only = closing_reads.case_for_closing(user, pk)
    if not closing_reads.closing_rights(user, case, officer_only)["may_hold"]:
        raise Http404
    form = LegalHoldForm(request.POST, prefix="hold")
    if form.is_valid():
        try:
            closing.set_legal_hold(
                case,
                actor=user,
                on=not case.legal_hold,
                reason=form.cleaned_data["reason"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De bewaarplicht is gewijzigd."))
            return redirect("closing:closing", pk=case.pk)
    return _render_closing(request, case, officer_only, hold_form=form)


def _answer(request, handover, form) -> bool:
    """Accept or decline from a page; True when done (the caller redirects)."""
    accept = request.POST.get("answer") == "accept"
    if not form.is_valid():
        return False
    closing.answer_handover(
        handover,
        actor=request.user,
        accept=accept,
        reason=form.cleaned_data["reason"],
        confirmed_findings=_confirmed(request),
    )
    if accept:
        messages.success(request, _("U hebt de overdracht geaccepteerd."))
    else:
        messages.success(request, _("U hebt de overdracht geweigerd; de procesregisseur ziet uw reden."))
    return True


@login_required
def handovers(request):
    """Hand-overs offered to my organisation, to accept or decline."""
    user = request.user
    if not policies.allowed(user, "handover.list"):
        raise Http404
    form = DeclineForm(request.POST or None, prefix="answer")
    answering = None
    if request.method == "POST":
        handover = get_object_or_404(
            Handover.objects.select_related("case"),
            pk=request.POST.get("handover") or 0,
            to_organisation_id=user.organisation_id,
        )
        if not access.can_view_case(user, handover.case) or not policies.allowed(
            user, "handover.answer", obj=handover
        ):
            raise Http404
        answering = handover.pk
        try:
            if _answer(request, handover, form):
                return redirect("closing:handovers")
        except ERRORS as exc:
            form.add_error(None, str(exc))
    rows = closing_reads.offered_to(user)
    return render(
        request,
        "closing/handovers.html",
        {
            "open_rows": [h for h in rows if h.status == HandoverStatus.OFFERED],
            "answered_rows": [h for h in rows if h.status != HandoverStatus.OFFERED],
            "form": form,
            "answering": answering,
        },
    )


def _criteria(case, evaluation):
    contributions = (
        list(evaluation.contributions.select_related("organisation", "author")) if evaluation else []
    )
    return evaluation_document.criteria(
        closing.evaluation_figures(evaluation, case), contributions
    ), contributions


def _render_evaluation(request, case, evaluation, *, contribution_form=None, discussion_form=None):
    """The evaluation page: for the GET and for a POST that failed (its bound form, its error)."""
    user = request.user
    rights = closing_reads.evaluation_rights(user, case, evaluation)
    own = (
        evaluation.contributions.filter(organisation_id=user.organisation_id).first() if evaluation else None
    )
    if contribution_form is None:
        contribution_form = ContributionForm(prefix="contribution", initial=own.texts if own else None)
    if discussion_form is None:
        discussion_form = DiscussionForm(prefix="discussion")
    criteria, contributions = _criteria(case, evaluation)
    return render(
        request,
        "closing/evaluation.html",
        {
            "case": case,
            "steps": Step.choices,
            "evaluation": evaluation,
            "criteria": criteria,
            "contributions": contributions,
            **rights,
            "contribution_form": contribution_form,
            "discussion_form": discussion_form,
            "own": own,
        },
    )


@login_required
@require_safe
def evaluation(request, pk):
    case = case_or_404(request.user, pk)
    return _render_evaluation(request, case, closing_reads.evaluation_of(case))


@login_required
@require_POST
def evaluation_open(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    evaluation = closing_reads.evaluation_of(case)
    rights = closing_reads.evaluation_rights(user, case, evaluation)
    if not (rights["can_manage"] and rights["in_step"]):
        raise Http404
    try:
        closing.open_evaluation(case, actor=user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _render_evaluation(request, case, evaluation)
    messages.success(request, _("De evaluatie is geopend; de partners kunnen hun bijdrage schrijven."))
    return redirect("closing:evaluation", pk=case.pk)


@login_required
@require_POST
def evaluation_contribute(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    evaluation = closing_reads.evaluation_of(case)
    if evaluation is None or not policies.allowed(user, "evaluation.contribute", case=case):
        raise Http404
    form = ContributionForm(request.POST, prefix="contribution")
    if form.is_valid():
        try:
            closing.save_contribution(
                evaluation, actor=user, texts=form.texts(), confirmed_findings=_confirmed(request)
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De bijdrage van uw organisatie is opgeslagen."))
            return redirect("closing:evaluation", pk=case.pk)
    return _render_evaluation(request, case, evaluation, contribution_form=form)


@login_required
@require_POST
def evaluation_discuss(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    evaluation = closing_reads.evaluation_of(case)
    if evaluation is None or not closing_reads.evaluation_rights(user, case, evaluation)["can_manage"]:
        raise Http404
    form = DiscussionForm(request.POST, prefix="discussion")
    if form.is_valid():
        try:
            closing.record_discussion(
                evaluation, actor=user, confirmed_findings=_confirmed(request), **form.cleaned_data
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De bespreking is vastgelegd; de cijfers liggen nu vast."))
            return redirect("closing:evaluation", pk=case.pk)
    return _render_evaluation(request, case, evaluation, discussion_form=form)


@login_required
def evaluation_report(request, pk):
    """The evaluation report, print-friendly: group level only."""
    case = case_or_404(request.user, pk)
    evaluation = closing_reads.evaluation_of(case)
    if evaluation is None:
        raise Http404
    return render(request, "documents/evaluation_report.html", exports.report_context(case, evaluation))
