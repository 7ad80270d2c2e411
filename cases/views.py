from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.reads import case_or_404
from groups.models import MembershipStatus, YouthGroup
from groups.reads import visible_members
from privacy import access, log
from privacy.categories import Category
from privacy.models import MatrixCluster, MatrixItem

from . import services, workflow
from .forms import (
    AnswerForm,
    CoordinatorForm,
    InviteForm,
    MatrixEntryForm,
    RequestForm,
    TransitionForm,
)
from .guide import STEP_GUIDE
from .models import InformationRequest, Step

ERRORS = (services.AccessDenied, workflow.WorkflowError)


@require_POST
@login_required
def case_open(request, group_pk):
    group = YouthGroup.objects.visible_to(request.user).filter(pk=group_pk).first()
    if group is None:
        raise Http404
    try:
        case = services.open_case(
            group, actor=request.user, reason=request.POST.get("reason") or _("Casus geopend.")
        )
    except ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("groups:detail", pk=group.pk)
    messages.success(request, _("Casus geopend in stap 1."))
    return redirect("cases:detail", pk=case.pk)


@login_required
def case_detail(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    moves = workflow.allowed_moves(case) if case.is_open else []
    transition_form = TransitionForm(prefix="move", moves=moves)
    coordinator_form = CoordinatorForm(
        prefix="coord",
        municipality_id=case.municipality_id,
        initial={
            "coordinator": case.coordinator_id,
            "legal_basis_choice": case.legal_basis_choice,
            "legal_basis": case.legal_basis,
            "necessity": case.necessity,
        },
    )
    invite_form = InviteForm(prefix="invite", case=case)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "move":
                transition_form = TransitionForm(request.POST, prefix="move", moves=moves)
                if transition_form.is_valid():
                    services.advance_case(
                        case,
                        to_step=transition_form.target(),
                        actor=user,
                        reason=transition_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("De casus is verplaatst."))
                    return redirect("cases:detail", pk=case.pk)
            elif action == "coordinator":
                coordinator_form = CoordinatorForm(
                    request.POST, prefix="coord", municipality_id=case.municipality_id
                )
                if coordinator_form.is_valid():
                    services.appoint_coordinator(case, actor=user, **coordinator_form.cleaned_data)
                    messages.success(request, _("Uitvoeringscoördinator en grondslag vastgelegd."))
                    return redirect("cases:detail", pk=case.pk)
            elif action == "invite":
                invite_form = InviteForm(request.POST, prefix="invite", case=case)
                if invite_form.is_valid():
                    services.invite_participant(
                        case, organisation=invite_form.cleaned_data["organisation"], actor=user
                    )
                    messages.success(request, _("Organisatie uitgenodigd."))
                    return redirect("cases:detail", pk=case.pk)
            elif action == "reopen":
                services.reopen_case(case, actor=user, reason=request.POST.get("reason") or _("Heropend."))
                messages.success(request, _("De casus is heropend als nieuwe cyclus."))
                return redirect("cases:detail", pk=case.pk)
        except ERRORS as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "can_manage": can_manage,
            "guide": STEP_GUIDE.get(case.step),
            "steps": Step.choices,
            "checklist": workflow.checklist(case),
            "transition_form": transition_form,
            "moves": moves,
            "coordinator_form": coordinator_form,
            "invite_form": invite_form,
            "participants": case.participants.select_related("organisation"),
            "transitions": case.transitions.select_related("actor").order_by("-at"),
            "gate": access.personal_data_gate(case),
            "personal": access.can_receive(user, case, Category.PERSONAL),
        },
    )


@login_required
def name_list(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    supply = access.can_supply(user, case, Category.PERSONAL)
    from groups.forms import MemberForm

    form = MemberForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "status":
                if not can_manage:
                    raise Http404
                membership = get_object_or_404(case.memberships, pk=request.POST.get("membership"))
                services.set_membership_status(
                    membership,
                    status=request.POST.get("status", ""),
                    actor=user,
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("Status op de namenlijst bijgewerkt."))
                return redirect("cases:name_list", pk=case.pk)
            if form.is_valid():
                services.add_to_name_list(case, actor=user, **form.cleaned_data)
                messages.success(request, _("Naam toegevoegd aan de namenlijst (voorgesteld)."))
                return redirect("cases:name_list", pk=case.pk)
        except ERRORS as exc:
            form.add_error(None, str(exc))
    members, withheld = visible_members(user, case)
    groepsscan = (
        case.requests.filter(kind="groepsscan", status="answered").exclude(unknown_to_police=None).first()
    )
    return render(
        request,
        "cases/name_list.html",
        {
            "case": case,
            "members": members,
            "withheld": withheld,
            "form": form,
            "supply": supply,
            "can_manage": can_manage,
            # translated once, not once per member (a select per row)
            "statuses": [(value, str(label)) for value, label in MembershipStatus.choices],
            "groepsscan": groepsscan,
            "agreed": sum(1 for m in members if m.status == MembershipStatus.AGREED),
        },
    )


@login_required
def requests_page(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    form = RequestForm(request.POST or None, case=case)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.send_request(
                    case, actor=user, confirmed_findings=form.guard_accepted, **form.cleaned_data
                )
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Informatieverzoek verstuurd."))
                return redirect("cases:requests", pk=case.pk)
    requests = case.requests.select_related("addressee", "requested_by").prefetch_related("items")
    return render(
        request,
        "cases/requests.html",
        {"case": case, "requests": requests, "form": form, "can_manage": can_manage},
    )


@login_required
def request_answer(request, pk, request_pk):
    user = request.user
    case = case_or_404(user, pk)
    info_request = get_object_or_404(
        InformationRequest.objects.select_related("addressee"), pk=request_pk, case=case
    )
    if user.organisation_id != info_request.addressee_id:
        raise Http404
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_request(
                info_request, actor=user, confirmed_findings=form.guard_accepted, **form.cleaned_data
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Antwoord verstuurd."))
            return redirect("cases:requests", pk=case.pk)
    return render(
        request,
        "cases/request_answer.html",
        {"case": case, "info_request": info_request, "form": form},
    )


@login_required
def matrix(request, pk):
    """The informatiematrix as a checklist: per cluster which items are known, by whom,
    in which category — only what this user may see; the rest is named as withheld."""
    user = request.user
    case = case_or_404(user, pk)
    members, _withheld = (
        visible_members(user, case) if access.can_receive(user, case, Category.PERSONAL) else ([], "")
    )
    form = MatrixEntryForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        person_id = form.cleaned_data["person"]
        person = next((m.person for m in members if str(m.person_id) == person_id), None)
        try:
            services.add_information(
                case,
                actor=user,
                matrix_item=form.cleaned_data["matrix_item"],
                content=form.cleaned_data["content"],
                person=person,
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Informatie toegevoegd aan de matrix."))
            return redirect("cases:matrix", pk=case.pk)
    allowed = {c for c in Category.values if access.can_receive(user, case, c)}
    entries = list(
        case.information.filter(category__in=allowed).select_related("matrix_item", "person", "supplied_by")
    )
    log.read(
        user,
        "matrix.read",
        [e.person.pseudonym for e in entries if e.person_id],
        case=case,
        categories=sorted({e.category for e in entries if e.person_id}),
    )
    by_item = {}
    for e in entries:
        by_item.setdefault(e.matrix_item_id, []).append(e)
    clusters = []
    for code, label in MatrixCluster.choices:
        items = [
            (item, by_item.get(item.pk, []), item.category in allowed)
            for item in MatrixItem.objects.filter(cluster=code)
        ]
        clusters.append((label, items))
    withheld = [
        access.can_receive(user, case, c).reason
        for c in (Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL)
        if c not in allowed
    ]
    return render(
        request,
        "cases/matrix.html",
        {
            "case": case,
            "clusters": clusters,
            "form": form,
            "withheld": withheld,
            "filled": len(entries),
            "can_add": bool(access.can_supply(user, case, Category.GROUP)),
        },
    )
