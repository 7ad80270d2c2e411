"""Pages of step 6: the case's actions (per track, with progress and filters), one action
(history, status update, escalation along the decision's line) and "Mijn acties".
Every case page loads the case through privacy.access (404 for who may not see it);
member-aimed actions are withheld, with the reason, from who may not receive personal
data (monitoring.actions)."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Organisation
from cases import workflow
from cases.models import Step
from cases.reads import case_or_404
from monitoring import actions as services
from monitoring import reads
from monitoring.forms_actions import ActionFilterForm, ActionForm, EscalateForm, OutcomeForm, UpdateForm
from monitoring.models import Action, ActionStatus
from plans import content as c
from plans import services as plan_services
from plans.common import ERRORS
from plans.models import Track
from privacy import access, policies
from privacy.guarding import parse_confirmations

PER_PAGE = 50  # a filtered list of actions, per page
TRACK_PREVIEW = 10  # actions per track on the unfiltered page (open ones first)


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


@login_required
def actions(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    version = plan_services.current(case)
    measures = c.measures(version.content) if version else []
    may_add = can_manage and case.is_open and workflow.write_allowed(case, "action") and bool(measures)
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
                return redirect("monitoring:action", pk=case.pk, action_pk=action.pk)
    elif may_add and "maatregel" in request.GET:
        # The add form (with the partners' staff as owners) only when asked for: the
        # measures table and the button below link here; the overview stays light.
        form = ActionForm(initial=_add_form_initial(request, measures), case=case, measures=measures)

    # Counts come from every action of the case (group level, also the member-aimed ones);
    # the rows shown are one bounded page of what this user may see.
    all_actions = list(
        Action.objects.filter(case=case).values_list(*reads.PROGRESS_FIELDS, "measure_key", named=True)
    )
    report = reads.progress(case, actions=all_actions)
    organisations = Organisation.objects.filter(pk__in=[t.key for t in report["partners"]]).order_by("name")
    filter_form = ActionFilterForm(
        request.GET if any(k in request.GET for k in ActionFilterForm.base_fields) else None,
        organisations=organisations,
    )
    filters = filter_form.cleaned_data if filter_form.is_bound and filter_form.is_valid() else {}
    partner = filters.get("partner")
    visible, withheld = reads.visible_actions(
        user,
        case,
        track=filters.get("spoor", ""),
        status=filters.get("status", ""),
        partner=partner.pk if partner else None,
    )
    page, tracks = None, []
    if filter_form.is_bound:
        page = Paginator(visible, PER_PAGE).get_page(request.GET.get("pagina"))
        shown = list(page.object_list)
    else:
        tallies = {t.key: t for t in report["tracks"]}
        shown, per_track = reads.first_per_track(visible, case, TRACK_PREVIEW)
        for code, label in Track.choices:
            tracks.append(
                {
                    "code": code,
                    "label": label,
                    "tally": tallies[code],
                    "actions": [a for a in shown if a.track == code],
                    "count": per_track.get(code, 0),
                }
            )
    reads.log_shown(user, case, shown)
    per_measure = Counter(a.measure_key for a in all_actions)
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
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "monitoring/actions.html",
        _base(
            case,
            user,
            version=version,
            form=form,
            may_add=may_add,
            tracks=tracks,
            page=page,
            query=query.urlencode(),
            progress=report,
            withheld=withheld,
            filter_form=filter_form,
            filtered=filter_form.is_bound,
            measure_rows=measure_rows,
            first_measure=measures[0]["key"] if measures else "",
        ),
    )


def _action_for(request, pk, action_pk):
    """(case, action, withheld): the action as the user may see it (the member read logged);
    action None with the reason when it is aimed at a youth the user may not see."""
    user = request.user
    case = case_or_404(user, pk)
    obj = get_object_or_404(
        Action.objects.select_related("organisation", "owner", "membership__person", "created_by"),
        case=case,
        pk=action_pk,
    )
    obj.case = case
    shown, withheld = reads.action_for(user, obj)
    return case, shown, withheld


def _posted_action(request, pk, action_pk, policy: str):
    """(case, action) for a POST on the action page: 404 unless the user may see the action
    and `policy` allows this write."""
    case, obj, _withheld = _action_for(request, pk, action_pk)
    target = {"obj": obj} if policy == "action.update" else {"case": case}
    if obj is None or not policies.allowed(request.user, policy, **target):
        raise Http404
    return case, obj


def _render_action(
    request, case, obj, *, update_form=None, escalate_form=None, outcome_form=None, escalate_error=""
):
    """The action page: for the GET and for a POST that failed (its bound form, its error)."""
    user = request.user
    may_move = access.can_manage_case(user, case)
    if update_form is None:
        update_form = UpdateForm(initial={"status": obj.status}, may_move_deadline=may_move, prefix="update")
    version = plan_services.current(case)
    state = services.escalation_state(obj)
    last = state["last"]
    if outcome_form is None:
        initial = {"escalation": last.pk} if last is not None and not last.outcome else None
        outcome_form = OutcomeForm(prefix="outcome", initial=initial)
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
        "monitoring/action.html",
        _base(
            case,
            user,
            action=obj,
            withheld="",
            history=obj.updates.select_related("actor").order_by("at", "pk"),
            update_allowed=policies.check(user, "action.update", obj=obj),
            update_form=update_form,
            can_escalate=policies.allowed(user, "action.escalate", case=case),
            escalatable=obj.status == ActionStatus.NOT_KEPT or obj.is_overdue,
            escalate_form=escalate_form or EscalateForm(prefix="escalate"),
            escalate_error=escalate_error,
            next_label=state["line"][state["next"]] if state["next"] is not None else "",
            outcome_form=outcome_form,
            line=line,
            state=state,
            measure=c.measure(version.content, obj.measure_key) if version else None,
        ),
    )


@login_required
@require_safe
def action(request, pk, action_pk):
    case, obj, withheld = _action_for(request, pk, action_pk)
    if obj is None:
        return render(
            request, "monitoring/action.html", _base(case, request.user, action=None, withheld=withheld)
        )
    return _render_action(request, case, obj)


@login_required
@require_POST
def action_update(request, pk, action_pk):
    case, obj = _posted_action(request, pk, action_pk, "action.update")
    form = UpdateForm(
        request.POST, may_move_deadline=access.can_manage_case(request.user, case), prefix="update"
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.update_action(
                obj,
                actor=request.user,
                status=d["status"],
                result_note=d["result_note"],
                due_date=d.get("due_date"),
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De actie is bijgewerkt."))
            return redirect("monitoring:action", pk=case.pk, action_pk=obj.pk)
    return _render_action(request, case, obj, update_form=form)


@login_required
@require_POST
def action_escalate(request, pk, action_pk):
    case, obj = _posted_action(request, pk, action_pk, "action.escalate")
    form = EscalateForm(request.POST, prefix="escalate")
    error = ""
    if form.is_valid():
        try:
            escalation = services.escalate(
                obj,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            error = str(exc)
        else:
            messages.success(request, _("Geëscaleerd naar %(level)s.") % {"level": escalation.level_label})
            return redirect("monitoring:action", pk=case.pk, action_pk=obj.pk)
    return _render_action(request, case, obj, escalate_form=form, escalate_error=error)


@login_required
@require_POST
def action_outcome(request, pk, action_pk):
    case, obj = _posted_action(request, pk, action_pk, "action.escalate")
    form = OutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        escalation = get_object_or_404(obj.escalations, pk=form.cleaned_data["escalation"])
        try:
            services.record_escalation_outcome(
                escalation,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De uitkomst van de escalatie is vastgelegd."))
            return redirect("monitoring:action", pk=case.pk, action_pk=obj.pk)
    return _render_action(request, case, obj, outcome_form=form)


@login_required
def my_actions(request):
    user = request.user
    today = timezone.localdate()
    items = reads.my_actions(user, today=today)
    open_items = [a for a in items if a.is_open]
    closed_items = [a for a in items if not a.is_open]
    overdue = sum(1 for a in open_items if a.due_date < today)
    return render(
        request,
        "monitoring/my_actions.html",
        {
            "open_items": open_items,
            "closed_items": closed_items,
            "overdue": overdue,
            "today": today,
            "recent_days": reads.RECENT_DAYS,
        },
    )
