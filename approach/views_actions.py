"""Pages of step 6: the case's actions (per track, with progress and filters), one action
(history, status update, escalation along the decision's line) and "Mijn acties".
Every case page loads the case through privacy.access (404 for who may not see it);
member-aimed actions are withheld, with the reason, from who may not receive personal
data (approach.actions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from cases.models import Step
from privacy import access
from privacy.guarding import parse_confirmations

from . import actions as services
from . import content as c
from . import plan as plan_services
from .common import ERRORS
from .forms_actions import ActionFilterForm, ActionForm, EscalateForm, OutcomeForm, UpdateForm
from .models import OPEN_ACTION_STATUSES, Action, ActionStatus, Track


def _confirmed(request):
    return parse_confirmations(request.POST.getlist("guard_confirm"))


def _base(case, user, **extra):
    return {
        "case": case,
        "steps": Step.choices,
        "can_manage": access.can_manage_case(user, case),
        "today": timezone.localdate(),
        **extra,
    }


def _add_form_initial(request, measures) -> dict:
    by_key = {m["key"]: m for m in measures}
    measure = by_key.get(request.GET.get("maatregel")) or (measures[0] if measures else None)
    if measure is None:
        return {}
    return {
        "measure": measure["key"],
        "organisation": measure.get("organisation"),
        "description": measure.get("description", ""),
    }


def _filtered(actions, form):
    if not form.is_bound or not form.is_valid():
        return actions
    partner = form.cleaned_data.get("partner")
    status = form.cleaned_data.get("status")
    if partner is not None:
        actions = [a for a in actions if a.organisation_id == partner.pk]
    if status == "open":
        actions = [a for a in actions if a.status in OPEN_ACTION_STATUSES]
    elif status:
        actions = [a for a in actions if a.status == status]
    return actions


@login_required
def actions(request, pk):
    user = request.user
    case = access.get_case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    version = plan_services.current(case)
    measures = c.measures(version.content) if version else []
    may_add = can_manage and case.is_open and case.step in services.ACTION_STEPS and bool(measures)
    form = None
    if request.method == "POST":
        if not can_manage:
            raise Http404
        form = ActionForm(request.POST, case=case, measures=measures)
        if form.is_valid():
            d = form.cleaned_data
            try:
                action = services.add_action(
                    case,
                    actor=user,
                    measure_key=d["measure"],
                    organisation=d["organisation"],
                    owner=d["owner"],
                    description=d["description"],
                    due_date=d["due_date"],
                    confirmed_findings=_confirmed(request),
                )
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De actie is toegevoegd."))
                return redirect("approach:action", pk=case.pk, action_pk=action.pk)
    elif may_add:
        form = ActionForm(initial=_add_form_initial(request, measures), case=case, measures=measures)

    all_actions = list(Action.objects.filter(case=case).select_related("organisation"))
    visible, withheld = services.actions_for(user, case)
    organisations = Organisation.objects.filter(pk__in={a.organisation_id for a in all_actions}).order_by(
        "name"
    )
    filter_form = ActionFilterForm(
        request.GET if "status" in request.GET or "partner" in request.GET else None,
        organisations=organisations,
    )
    shown = _filtered(visible, filter_form)
    report = services.progress(case, actions=all_actions)
    tallies = {t.key: t for t in report["tracks"]}
    tracks = [
        {
            "code": code,
            "label": label,
            "tally": tallies[code],
            "actions": [a for a in shown if a.track == code],
        }
        for code, label in Track.choices
    ]
    per_measure = {}
    for a in all_actions:
        per_measure[a.measure_key] = per_measure.get(a.measure_key, 0) + 1
    org_names = {o.pk: o.name for o in Organisation.objects.filter(municipality_id=case.municipality_id)}
    measure_rows = [
        {
            "measure": m,
            "track": c.TRACKS.get(m.get("track"), ""),
            "target": c.TARGET_KINDS.get(m.get("target_kind"), ""),
            "organisation": org_names.get(m.get("organisation"), ""),
            "count": per_measure.get(m["key"], 0),
        }
        for m in measures
    ]
    return render(
        request,
        "approach/actions.html",
        _base(
            case,
            user,
            version=version,
            form=form,
            may_add=may_add,
            tracks=tracks,
            progress=report,
            withheld=withheld,
            filter_form=filter_form,
            filtered=filter_form.is_bound,
            shown_count=len(shown),
            measure_rows=measure_rows,
        ),
    )


@login_required
def action(request, pk, action_pk):
    user = request.user
    case = access.get_case_or_404(user, pk)
    obj = get_object_or_404(
        Action.objects.select_related("organisation", "owner", "membership__person", "created_by"),
        case=case,
        pk=action_pk,
    )
    obj.case = case
    shown, withheld = services.action_for(user, obj)
    if shown is None:
        if request.method == "POST":
            raise Http404
        return render(request, "approach/action.html", _base(case, user, action=None, withheld=withheld))

    update_allowed = services.may_update(user, obj)
    can_escalate = services.may_escalate(user, case)
    may_move = access.can_manage_case(user, case)
    update_form = UpdateForm(initial={"status": obj.status}, may_move_deadline=may_move, prefix="update")
    escalate_form = EscalateForm(prefix="escalate")
    outcome_form = OutcomeForm(prefix="outcome")
    escalate_error = ""
    kind = request.POST.get("form") if request.method == "POST" else None
    if kind == "update":
        if not update_allowed:
            raise Http404
        update_form = UpdateForm(request.POST, may_move_deadline=may_move, prefix="update")
        if update_form.is_valid():
            d = update_form.cleaned_data
            try:
                services.update_action(
                    obj,
                    actor=user,
                    status=d["status"],
                    result_note=d["result_note"],
                    due_date=d.get("due_date"),
                    confirmed_findings=_confirmed(request),
                )
            except ERRORS as exc:
                update_form.add_error(None, str(exc))
            else:
                messages.success(request, _("De actie is bijgewerkt."))
                return redirect("approach:action", pk=case.pk, action_pk=obj.pk)
    elif kind == "escalate":
        if not can_escalate:
            raise Http404
        escalate_form = EscalateForm(request.POST, prefix="escalate")
        if escalate_form.is_valid():
            try:
                escalation = services.escalate(
                    obj,
                    actor=user,
                    reason=escalate_form.cleaned_data["reason"],
                    confirmed_findings=_confirmed(request),
                )
            except ERRORS as exc:
                escalate_error = str(exc)
            else:
                messages.success(
                    request, _("Geëscaleerd naar %(level)s.") % {"level": escalation.level_label}
                )
                return redirect("approach:action", pk=case.pk, action_pk=obj.pk)
    elif kind == "outcome":
        if not can_escalate:
            raise Http404
        outcome_form = OutcomeForm(request.POST, prefix="outcome")
        if outcome_form.is_valid():
            escalation = obj.escalations.filter(pk=outcome_form.cleaned_data["escalation"]).first()
            if escalation is None:
                raise Http404
            try:
                services.record_escalation_outcome(
                    escalation,
                    actor=user,
                    outcome=outcome_form.cleaned_data["outcome"],
                    confirmed_findings=_confirmed(request),
                )
            except ERRORS as exc:
                outcome_form.add_error(None, str(exc))
            else:
                messages.success(request, _("De uitkomst van de escalatie is vastgelegd."))
                return redirect("approach:action", pk=case.pk, action_pk=obj.pk)
    elif kind is not None:
        raise Http404

    version = plan_services.current(case)
    state = services.escalation_state(obj)
    last = state["last"]
    if last is not None and not last.outcome and not outcome_form.is_bound:
        outcome_form = OutcomeForm(prefix="outcome", initial={"escalation": last.pk})
    escalatable = obj.status == ActionStatus.NOT_KEPT or obj.is_overdue
    line = [
        {
            "label": label,
            "index": i,
            "state": "is-done" if i < state["current"] else ("is-current" if i == state["current"] else ""),
        }
        for i, label in enumerate(state["line"])
    ]
    return render(
        request,
        "approach/action.html",
        _base(
            case,
            user,
            action=obj,
            withheld="",
            history=obj.updates.select_related("actor").order_by("at", "pk"),
            update_allowed=update_allowed,
            update_form=update_form,
            can_escalate=can_escalate,
            escalatable=escalatable,
            escalate_form=escalate_form,
            escalate_error=escalate_error,
            next_label=state["line"][state["next"]] if state["next"] is not None else "",
            outcome_form=outcome_form,
            line=line,
            state=state,
            measure=c.measure(version.content, obj.measure_key) if version else None,
        ),
    )


@login_required
def my_actions(request):
    user = request.user
    today = timezone.localdate()
    items = services.my_actions(user, today=today)
    open_items = [a for a in items if a.is_open]
    closed_items = [a for a in items if not a.is_open]
    overdue = sum(1 for a in open_items if a.due_date < today)
    return render(
        request,
        "approach/my_actions.html",
        {
            "open_items": open_items,
            "closed_items": closed_items,
            "overdue": overdue,
            "today": today,
            "recent_days": services.RECENT_DAYS,
        },
    )
