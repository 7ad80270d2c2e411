from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cases.reads import (
    attachment_filename,
    attachment_for_download,
    case_or_404,
    matrix_for,
    namings,
    report_for_download,
    reports_for,
    request_names,
)
from groepsaanpak import uploads
from groups.forms import MemberForm
from groups.models import MembershipStatus, YouthGroup
from groups.reads import visible_members
from persons import reads as person_reads
from persons.checks import NameRefused, NameWarning
from persons.matching import outside_age
from privacy import access, policies, security
from privacy.categories import Category
from privacy.models import MatrixCluster, MatrixItem

from . import informing, services, workflow
from .forms import (
    AnswerForm,
    CoordinatorForm,
    InviteForm,
    MatrixEntryForm,
    NameForm,
    NamesAnswerForm,
    PoliceGroepsscanForm,
    RequestForm,
    TransitionForm,
)
from .guide import STEP_GUIDE
from .models import InformationRequest, RequestKind, RequestStatus, Step

ERRORS = (services.AccessDenied, workflow.WorkflowError, NameRefused, NameWarning)


@require_POST
@login_required
def case_open(request, group_pk):
    group = security.visible_or_404(YouthGroup.objects.visible_to(request.user), request.user, group_pk)
    try:
        case = services.open_case(
            group, actor=request.user, reason=request.POST.get("reason") or _("Casus geopend.")
        )
    except ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("groups:detail", pk=group.pk)
    messages.success(request, _("Casus geopend in stap 1."))
    return redirect("cases:detail", pk=case.pk)


def _naming_case(user, pk):
    """The case for a naming: 404 for who may see it but name nobody for it."""
    case = case_or_404(user, pk)
    if not policies.allowed(user, "case.name", case=case):
        raise Http404
    return case


def _managed_case(user, pk):
    """The case for a write from its pages: 404 for who may not see it, and also for who
    may see it but not manage it (the buttons are not shown to them)."""
    case = case_or_404(user, pk)
    if not access.can_manage_case(user, case):
        raise Http404
    return case


def _moves(case):
    return workflow.allowed_moves(case) if case.is_open else []


def _case_page(
    request, case, *, transition_form=None, coordinator_form=None, invite_form=None, name_form=None
):
    """The case page; the POST views below render it again, with their bound form, when the
    input is invalid or the service refuses."""
    user = request.user
    moves = _moves(case)
    if transition_form is None:
        transition_form = TransitionForm(prefix="move", moves=moves)
    if coordinator_form is None:
        coordinator_form = CoordinatorForm(
            prefix="coord",
            municipality_id=case.municipality_id,
            case=case,
            initial={
                "coordinator": case.coordinator_id,
                "legal_basis_choice": case.legal_basis_choice,
                "legal_basis": case.legal_basis,
                "necessity": case.necessity,
            },
        )
    if invite_form is None:
        invite_form = InviteForm(prefix="invite", case=case)
    may_name = policies.allowed(user, "case.name", case=case)
    named = namings(user, case)
    if name_form is None and may_name:
        name_form = NameForm(prefix="name", case=case, actor=user)
    informing_rows = None  # who is still to be informed: names only for who works on it (logged)
    if policies.allowed(user, "informing.manage", case=case):
        informing_rows = [r for r in informing.overview(user, case) if r.outstanding]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "can_manage": access.can_manage_case(user, case),
            "guide": STEP_GUIDE.get(case.step),
            "steps": Step.choices,
            "checklist": workflow.checklist(case),
            "transition_form": transition_form,
            "moves": moves,
            "coordinator_form": coordinator_form,
            "mandate": case.coordinator_mandates.filter(coordinator_id=case.coordinator_id)
            .prefetch_related("agreed_by")
            .first(),
            "invite_form": invite_form,
            "participants": case.participants.select_related("organisation").order_by(
                "invited_at_step", "organisation__name"
            ),  # a stable order: PostgreSQL returns unordered rows as they lie on disk
            "named": named,
            "may_name": may_name,
            "name_form": name_form,
            "transitions": case.transitions.select_related("actor").order_by("-at"),
            "gate": access.personal_data_gate(case),
            "personal": access.can_receive(user, case, Category.PERSONAL),
            "informing_rows": informing_rows,
            "informing_outstanding": informing.outstanding_count(case) if informing_rows is None else None,
        },
    )


@require_safe
@login_required
def case_detail(request, pk):
    return _case_page(request, case_or_404(request.user, pk))


@require_POST
@login_required
def case_move(request, pk):
    case = _managed_case(request.user, pk)
    form = TransitionForm(request.POST, prefix="move", moves=_moves(case))
    if form.is_valid():
        try:
            services.advance_case(
                case, to_step=form.target(), actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ERRORS as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("De casus is verplaatst."))
            return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, transition_form=form)


@require_POST
@login_required
def case_coordinator(request, pk):
    case = _managed_case(request.user, pk)
    form = CoordinatorForm(request.POST, prefix="coord", municipality_id=case.municipality_id, case=case)
    if form.is_valid():
        try:
            services.appoint_coordinator(case, actor=request.user, **form.cleaned_data)
        except ERRORS as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Uitvoeringscoördinator en grondslag vastgelegd."))
            return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, coordinator_form=form)


@require_POST
@login_required
def case_invite(request, pk):
    case = _managed_case(request.user, pk)
    form = InviteForm(request.POST, prefix="invite", case=case)
    if form.is_valid():
        try:
            services.invite_participant(
                case, organisation=form.cleaned_data["organisation"], actor=request.user
            )
        except ERRORS as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Organisatie uitgenodigd."))
            return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, invite_form=form)


@require_POST
@login_required
def case_name(request, pk):
    case = _naming_case(request.user, pk)
    form = NameForm(request.POST, prefix="name", case=case, actor=request.user)
    if form.is_valid():
        try:
            named = services.name_person(
                case, user=form.cleaned_data["user"], reason=form.cleaned_data["reason"], actor=request.user
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("%(who)s is bij naam aan de casus verbonden.") % {"who": named.user.display_name()}
            )
            return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, name_form=form)


@require_POST
@login_required
def case_unname(request, pk, named_pk):
    case = _naming_case(request.user, pk)
    named = get_object_or_404(case.named, pk=named_pk)
    try:
        services.unname_person(named, reason=request.POST.get("reason") or "", actor=request.user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _case_page(request, case)
    messages.success(
        request,
        _("%(who)s is niet meer bij naam aan de casus verbonden.") % {"who": named.user.display_name()},
    )
    return redirect("cases:detail", pk=case.pk)


@require_POST
@login_required
def case_reopen(request, pk):
    case = _managed_case(request.user, pk)
    try:
        services.reopen_case(case, actor=request.user, reason=request.POST.get("reason") or _("Heropend."))
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _case_page(request, case)
    messages.success(request, _("De casus is heropend als nieuwe cyclus."))
    return redirect("cases:detail", pk=case.pk)


def _name_list_page(request, case, *, form=None, likely=()):
    """The name list; its POST views render it again with their error."""
    user = request.user
    if form is None:
        form = MemberForm()
    members, withheld = visible_members(user, case)
    # One youth across groups: the other lists the user may also see, and the age flag.
    overlap = person_reads.other_lists(user, case, members)
    for m in members:
        m.also_on = overlap.get(m.pk, [])
        m.age_flag = outside_age(m.person.date_of_birth)
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
            "supply": access.can_supply(user, case, Category.PERSONAL),
            "can_manage": access.can_manage_case(user, case),
            # translated once, not once per member (a select per row)
            "statuses": [(value, str(label)) for value, label in MembershipStatus.choices],
            "groepsscan": groepsscan,
            "agreed": sum(1 for m in members if m.status == MembershipStatus.AGREED),
            "likely": likely,
        },
    )


@login_required
def name_list(request, pk):
    """The name list; a POST proposes a name (the status of a name is name_list_status)."""
    user = request.user
    case = case_or_404(user, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_to_name_list(case, actor=user, **form.cleaned_data)
        except ERRORS as exc:
            _refused(form, exc)
            # a likely duplicate the user may see elsewhere: offer to link that person instead
            return _name_list_page(request, case, form=form, likely=getattr(exc, "found", ()))
        else:
            messages.success(request, _("Naam toegevoegd aan de namenlijst (voorgesteld)."))
            return redirect("cases:name_list", pk=case.pk)
    return _name_list_page(request, case, form=form)


@require_POST
@login_required
def name_list_status(request, pk, membership_pk):
    user = request.user
    case = _managed_case(user, pk)
    membership = get_object_or_404(case.memberships, pk=membership_pk)
    try:
        services.set_membership_status(
            membership, status=request.POST.get("status", ""), actor=user, note=request.POST.get("note", "")
        )
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _name_list_page(request, case)
    messages.success(request, _("Status op de namenlijst bijgewerkt."))
    return redirect("cases:name_list", pk=case.pk)


def _refused(form, exc) -> None:
    """A service refusal on the form: on its field where the service names one the form has."""
    fields = [f for f in (getattr(exc, "errors", None) or {}) if f in form.fields]
    if fields:
        for field in fields:
            form.add_error(field, exc.errors[field])
    else:
        form.add_error(None, str(exc))


def _may_start_police_scan(user, case) -> bool:
    return case.step <= Step.INFORMATIE and policies.allowed(user, "groepsscan.police_start", case=case)


def _requests_page(request, case, *, form=None, police_form=None):
    user = request.user
    can_manage = access.can_manage_case(user, case)
    if form is None:
        form = RequestForm(case=case)
    if police_form is None and _may_start_police_scan(user, case):
        police_form = PoliceGroepsscanForm(prefix="police", case=case)
    requests = case.requests.select_related(
        "addressee", "requested_by", "mayor", "om_officer"
    ).prefetch_related("items")
    for r in requests:
        r.may_answer = r.status == RequestStatus.OPEN and policies.allowed(
            user, "request.answer", case=case, obj=r
        )
    return render(
        request,
        "cases/requests.html",
        {
            "case": case,
            "requests": requests,
            "form": form,
            "police_form": police_form,
            "can_manage": can_manage,
        },
    )


@login_required
def requests_page(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    if request.method != "POST":
        return _requests_page(request, case)
    if not access.can_manage_case(user, case):
        raise Http404
    form = RequestForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.send_request(
                case, actor=user, confirmed_findings=form.guard_accepted, **form.cleaned_data
            )
        except ERRORS as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Informatieverzoek verstuurd."))
            return redirect("cases:requests", pk=case.pk)
    return _requests_page(request, case, form=form)


@require_POST
@login_required
def police_groepsscan(request, pk):
    """The police record a groepsscan they started themselves (step 1 or 2)."""
    user = request.user
    case = case_or_404(user, pk)
    if not _may_start_police_scan(user, case):
        raise Http404
    form = PoliceGroepsscanForm(request.POST, request.FILES, prefix="police", case=case)
    if form.is_valid():
        try:
            services.record_police_groepsscan(
                case, actor=user, confirmed_findings=form.guard_accepted, **form.cleaned_data
            )
        except ERRORS as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Eigen groepsscan van de politie vastgelegd."))
            return redirect("cases:requests", pk=case.pk)
    return _requests_page(request, case, police_form=form)


def _answerable(user, case, request_pk):
    """The open-or-answered request of this case that this user answers, else 404."""
    info_request = get_object_or_404(
        InformationRequest.objects.select_related("addressee", "case"), pk=request_pk, case=case
    )
    if not policies.allowed(user, "request.answer", case=case, obj=info_request):
        raise Http404
    return info_request


def _answer_page(request, case, info_request, *, form=None, names_form=None):
    rows, _withheld = request_names(request.user, info_request)
    if form is None:
        form = AnswerForm()
    if names_form is None and rows and info_request.status == RequestStatus.OPEN:
        names_form = NamesAnswerForm(
            prefix="names", rows=rows, with_content=info_request.kind == RequestKind.OM
        )
    return render(
        request,
        "cases/request_answer.html",
        {
            "case": case,
            "info_request": info_request,
            "form": form,
            "names_form": names_form,
            "rows": rows,
            "names_pending": any(not r.outcome for r in rows),
        },
    )


@login_required
def request_answer(request, pk, request_pk):
    user = request.user
    case = case_or_404(user, pk)
    info_request = _answerable(user, case, request_pk)
    if request.method != "POST":
        return _answer_page(request, case, info_request)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.answer_request(
                info_request, actor=user, confirmed_findings=form.guard_accepted, **form.cleaned_data
            )
        except ERRORS as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Antwoord verstuurd."))
            return redirect("cases:requests", pk=case.pk)
    return _answer_page(request, case, info_request, form=form)


@require_POST
@login_required
def request_names_answer(request, pk, request_pk):
    """The answer per name (known / unknown / selected; the OM: information per person)."""
    user = request.user
    case = case_or_404(user, pk)
    info_request = _answerable(user, case, request_pk)
    rows, _withheld = request_names(user, info_request)
    form = NamesAnswerForm(
        request.POST, prefix="names", rows=rows, with_content=info_request.kind == RequestKind.OM
    )
    if form.is_valid():
        try:
            services.answer_names(info_request, actor=user, answers=form.answers())
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Antwoord per naam vastgelegd."))
            return redirect("cases:request_answer", pk=case.pk, request_pk=info_request.pk)
    return _answer_page(request, case, info_request, names_form=form)


@require_safe
@login_required
def request_names_page(request, pk, request_pk):
    """The names a groepsscan or OM request covers and the answer per name: criminal-law
    data, shown only to who may receive it in this case (the others read why not)."""
    case = case_or_404(request.user, pk)
    info_request = get_object_or_404(case.requests.select_related("addressee"), pk=request_pk)
    rows, withheld = request_names(request.user, info_request)
    return render(
        request,
        "cases/request_names.html",
        {"case": case, "info_request": info_request, "rows": rows, "withheld": withheld},
    )


@require_safe
@login_required
def reports(request):
    """The groepsscan standard reports provided to me (burgemeester, gebiedsofficier)."""
    return render(request, "cases/reports.html", {"reports": reports_for(request.user)})


@require_safe
@login_required
def report_download(request, request_pk):
    info_request = report_for_download(request.user, request_pk)
    return uploads.download_response(
        info_request.attachment,
        filename=attachment_filename(info_request),
        content_type=info_request.attachment_content_type,
    )


@require_safe
@login_required
def request_attachment(request, pk, request_pk):
    """The attachment of an information request as a download, for whoever may see the
    case's group-level information; the download is logged (cases.reads)."""
    case = case_or_404(request.user, pk)
    info_request = attachment_for_download(request.user, case, request_pk)
    return uploads.download_response(
        info_request.attachment,
        filename=attachment_filename(info_request),
        content_type=info_request.attachment_content_type,
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
                confirmed_findings=form.guard_accepted,
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Informatie toegevoegd aan de matrix."))
            return redirect("cases:matrix", pk=case.pk)
    entries, allowed, withheld = matrix_for(user, case)
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
    return render(
        request,
        "cases/matrix.html",
        {
            "case": case,
            "clusters": clusters,
            "form": form,
            "withheld": list(withheld.values()),
            "filled": len(entries),
            "can_add": bool(access.can_supply(user, case, Category.GROUP)),
        },
    )
