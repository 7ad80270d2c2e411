"""Pages of steps 3–4. Every case page loads the case through privacy.access (404 for
who may not see it); what a user may not see is withheld with the reason (analysis.reads)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from cases.models import Step
from cases.reads import case_or_404
from privacy import access, policies
from privacy.categories import Category
from privacy.guarding import highlight, parse_confirmations

from . import anonymise, reads, services
from .forms import (
    AdviceEditForm,
    AnswerForm,
    AssessmentSessionForm,
    CapacityForm,
    ConceptPlanForm,
    ContactForm,
    DecisionForm,
    ForumMemberForm,
    HistoryForm,
    InterventionForm,
    PictureForm,
    RoundForm,
    ThreadForm,
    TieForm,
)
from .models import (
    AdviceStatus,
    CapacityEstimate,
    CircularRound,
    Domain,
    ForumMember,
    MatrixColumn,
    PictureVersion,
    Question,
    Tie,
)

ERRORS = (services.AccessDenied, services.WorkflowError, services.AnalysisError)


def _confirmed(request):
    return parse_confirmations(request.POST.getlist("guard_confirm"))


def _base(case, user, **extra):
    return {
        "case": case,
        "steps": Step.choices,
        "can_manage": access.can_manage_case(user, case),
        **extra,
    }


def _may_personal(user, case) -> bool:
    return bool(access.can_receive(user, case, Category.PERSONAL)) and bool(
        access.can_supply(user, case, Category.PERSONAL)
    )


def _rebase(form, number: int):
    """After a conflict: keep the author's text, point the form at the newest version."""
    data = form.data.copy()
    data[form.add_prefix("based_on")] = str(number)
    form.data = data


# --- the integral picture ----------------------------------------------------------------------


def _picture_initial(version) -> dict:
    if version is None:
        return {"based_on": 0}
    initial = {name: getattr(version, name) for name in PictureVersion.GROUP_TEXT_FIELDS}
    initial.update(
        based_on=version.number,
        persons=version.persons,
        severity=version.severity,
        urgency=version.urgency,
        partners=list(version.partners.values_list("pk", flat=True)),
    )
    initial.update({f"domain_{code}": version.domains.get(code, "") for code in Domain.values})
    return initial


@login_required
def picture(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    versions = case.picture_versions.select_related("author", "author_organisation")
    current = versions.first()
    editable = policies.check(user, "step3.work", case=case)
    form = PictureForm(
        request.POST or None,
        case=case,
        show_persons=_may_personal(user, case),
        initial=_picture_initial(current),
    )
    conflict = False
    if request.method == "POST":
        if not access.can_supply(user, case, Category.GROUP):
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.save_picture(
                    case,
                    actor=user,
                    based_on=data.pop("based_on"),
                    partners=data.pop("partners"),
                    confirmed_findings=_confirmed(request),
                    **data,
                )
            except services.VersionConflict as exc:
                conflict = True
                form.add_error(None, str(exc))
                _rebase(form, exc.current.number)
                current = versions.first()
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Nieuwe versie van het integraal beeld opgeslagen."))
                return redirect("analysis:picture", pk=case.pk)
    return render(
        request,
        "analysis/picture.html",
        _base(
            case,
            user,
            version=current,
            versions=versions,
            form=form,
            editable=editable,
            conflict=conflict,
            threads=services.current_threads(case).select_related("round"),
            **_picture_display(user, case, current),
        ),
    )


def _picture_display(user, case, version) -> dict:
    persons, persons_withheld = reads.personal_text(
        user, case, version.persons if version else "", "picture.read"
    )
    return {"persons": persons, "persons_withheld": persons_withheld}


@login_required
def picture_version(request, pk, number):
    user = request.user
    case = case_or_404(user, pk)
    version = get_object_or_404(
        PictureVersion.objects.select_related("author", "author_organisation"), case=case, number=number
    )
    latest = case.picture_versions.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "analysis/picture_version.html",
        _base(case, user, version=version, latest=latest, **_picture_display(user, case, version)),
    )


# --- work form 2: group dynamics ---------------------------------------------------------------


def _dynamics_page(request, case, listing=None, *, session_form=None, tie_form=None):
    """The dynamics page; the POST views below render it again with their bound form.
    `listing` is the name list as reads.members gave it, so a failed POST logs one read."""
    user = request.user
    history = HistoryForm(request.GET or None)
    on = timezone.localdate()
    if history.is_valid() and history.cleaned_data.get("op"):
        on = min(history.cleaned_data["op"], on)
    members, withheld = reads.members(user, case) if listing is None else listing
    if session_form is None:
        session_form = AssessmentSessionForm(prefix="assess", members=members)
    if tie_form is None:
        tie_form = TieForm(prefix="tie", members=members)
    picture_state, _reason = reads.sociogram_on(user, case, on) if not withheld else (None, withheld)
    ties = case.ties.select_related("source__person", "target__person") if not withheld else []
    return render(
        request,
        "analysis/dynamics.html",
        _base(
            case,
            user,
            on=on,
            is_today=on == timezone.localdate(),
            history=history,
            picture=picture_state,
            withheld=withheld,
            members=members,
            can_supply=bool(access.can_supply(user, case, Category.PERSONAL)),
            session_form=session_form,
            tie_form=tie_form,
            ties=ties,
        ),
    )


@require_safe
@login_required
def dynamics(request, pk):
    return _dynamics_page(request, case_or_404(request.user, pk))


def _dynamics_write(user, pk):
    """The case and its name list for a write on the dynamics page: 404 unless this user
    may supply personal data in it and the list has members."""
    case = case_or_404(user, pk)
    listing = reads.members(user, case)
    if not access.can_supply(user, case, Category.PERSONAL) or not listing[0]:
        raise Http404
    return case, listing


@require_POST
@login_required
def dynamics_assess(request, pk):
    case, listing = _dynamics_write(request.user, pk)
    form = AssessmentSessionForm(request.POST, prefix="assess", members=listing[0])
    if form.is_valid():
        try:
            done = services.assess_members(
                case,
                actor=request.user,
                assessed_on=form.cleaned_data["assessed_on"],
                rows=form.assessments(),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                ngettext("%(n)s beoordeling vastgelegd.", "%(n)s beoordelingen vastgelegd.", len(done))
                % {"n": len(done)},
            )
            return redirect("analysis:dynamics", pk=case.pk)
    return _dynamics_page(request, case, listing, session_form=form)


@require_POST
@login_required
def dynamics_tie(request, pk):
    case, listing = _dynamics_write(request.user, pk)
    form = TieForm(request.POST, prefix="tie", members=listing[0])
    if form.is_valid():
        by_pk = {m.pk: m for m in listing[0]}
        d = form.cleaned_data
        try:
            services.add_tie(
                case,
                actor=request.user,
                source=by_pk[int(d["source"])],
                target=by_pk[int(d["target"])],
                kind=d["kind"],
                since=d["since"],
                note=d["note"],
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Band vastgelegd."))
            return redirect("analysis:dynamics", pk=case.pk)
    return _dynamics_page(request, case, listing, tie_form=form)


@require_POST
@login_required
def dynamics_end_tie(request, pk, tie_pk):
    case, listing = _dynamics_write(request.user, pk)
    tie = get_object_or_404(Tie, pk=tie_pk, case=case)
    try:
        until = date.fromisoformat(request.POST.get("until") or "")
    except ValueError:
        until = timezone.localdate()
    try:
        services.end_tie(tie, actor=request.user, until=until)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _dynamics_page(request, case, listing)
    messages.success(request, _("Band beëindigd; hij blijft zichtbaar in de geschiedenis."))
    return redirect("analysis:dynamics", pk=case.pk)


# --- work form 1: the interventiematrix -----------------------------------------------------------


@login_required
def interventions(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    editable = policies.check(user, "step3.work", case=case)
    members, _withheld = (
        reads.members(user, case) if access.can_supply(user, case, Category.PERSONAL) else ([], "")
    )
    form = InterventionForm(request.POST or None, members=members)
    if request.method == "POST":
        if not access.can_supply(user, case, Category.GROUP):
            raise Http404
        if form.is_valid():
            row = form.cleaned_data["row"]
            membership = next((m for m in members if str(m.pk) == row), None)
            if row and membership is None:
                raise Http404
            try:
                services.add_intervention(
                    case,
                    actor=user,
                    membership=membership,
                    column=form.cleaned_data["column"],
                    category=form.cleaned_data["category"] or Category.PERSONAL,
                    content=form.cleaned_data["content"],
                    confirmed_findings=_confirmed(request),
                )
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Toegevoegd aan de interventiematrix."))
                return redirect("analysis:interventions", pk=case.pk)
    group_entries, rows, withheld = reads.interventions(user, case)
    columns = MatrixColumn.choices

    def cells(entries):
        return [(code, [e for e in entries if e.column == code]) for code, _label in columns]

    return render(
        request,
        "analysis/interventions.html",
        _base(
            case,
            user,
            columns=columns,
            group_cells=cells(group_entries),
            member_rows=[(m, cells(entries)) for m, entries in rows],
            withheld=withheld,
            form=form,
            editable=editable,
        ),
    )


# --- work form 3: circular questioning --------------------------------------------------------------


@login_required
def circular(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                r = services.open_round(case, actor=user, session_on=form.cleaned_data["session_on"])
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Ronde geopend. De partners kunnen de vragen nu vooraf beantwoorden.")
                )
                return redirect("analysis:round", pk=case.pk, number=r.number)
    rounds = case.circular_rounds.select_related("opened_by").prefetch_related("answers", "threads")
    return render(
        request,
        "analysis/circular.html",
        _base(case, user, rounds=rounds, form=form, editable=policies.check(user, "step3.work", case=case)),
    )


def _answer_initial(answer) -> dict:
    if answer is None:
        return {}
    initial = {
        "key_figures_inside": [str(m.pk) for m in answer.key_figures_inside.all()],
        "key_figures_inside_note": answer.key_figures_inside_note,
        "key_figures_outside": answer.key_figures_outside,
    }
    for code, prefix in AnswerForm.QUESTION_FIELDS.items():
        for i, text in enumerate(answer.items(code), start=1):
            initial[f"{prefix}_{i}"] = text
    return initial


def _round_or_404(user, pk, number):
    case = case_or_404(user, pk)
    return case, get_object_or_404(CircularRound, case=case, number=number)


def _round_members(user, case):
    """The name list to choose key figures inside from: only for who may receive and
    supply personal data (the read is logged)."""
    return reads.members(user, case) if _may_personal(user, case) else ([], "")


def _round_page(request, case, circular_round, listing=None, *, answer_form=None, thread_form=None):
    """One round of circular questioning; the POST views below render it again with their
    bound form. `listing` is the name list as _round_members gave it (one read logged)."""
    user = request.user
    members, _withheld = _round_members(user, case) if listing is None else listing
    mine = circular_round.answers.filter(organisation_id=user.organisation_id).first()
    if answer_form is None:
        answer_form = AnswerForm(
            prefix="answer",
            members=members,
            show_members=_may_personal(user, case),
            initial=_answer_initial(mine),
        )
    if thread_form is None:
        thread_form = ThreadForm(prefix="thread")
    answers, inside, inside_withheld = reads.round_answers(user, circular_round)
    threads = list(circular_round.threads.select_related("recorded_by"))
    table = []
    for code, label in Question.choices:
        if code == Question.INSIDE:
            cells = [
                (a, [m.person.full_name for m in inside.get(a.pk, [])], a.key_figures_inside_note)
                for a in answers
            ]
        elif code == Question.OUTSIDE:
            cells = [(a, [a.key_figures_outside] if a.key_figures_outside else [], "") for a in answers]
        else:
            cells = [(a, a.items(code), "") for a in answers]
        table.append((code, label, cells, [t for t in threads if t.question == code]))
    return render(
        request,
        "analysis/circular_round.html",
        _base(
            case,
            user,
            round=circular_round,
            answers=answers,
            table=table,
            inside_withheld=inside_withheld,
            answer_form=answer_form,
            thread_form=thread_form,
            may_answer=bool(policies.check(user, "step3.work", case=case)) and circular_round.is_open,
            mine=mine,
        ),
    )


@require_safe
@login_required
def circular_round(request, pk, number):
    return _round_page(request, *_round_or_404(request.user, pk, number))


@require_POST
@login_required
def round_answer(request, pk, number):
    user = request.user
    case, circular_round = _round_or_404(user, pk, number)
    if not access.can_supply(user, case, Category.GROUP):
        raise Http404
    listing = _round_members(user, case)
    members = listing[0]
    form = AnswerForm(request.POST, prefix="answer", members=members, show_members=_may_personal(user, case))
    if form.is_valid():
        d = form.cleaned_data
        chosen = set(d.get("key_figures_inside") or [])
        try:
            services.answer_round(
                circular_round,
                actor=user,
                characteristics=form.items("characteristics"),
                risks=form.items("risks"),
                connections=form.items("connections"),
                key_figures_inside=[m for m in members if str(m.pk) in chosen],
                key_figures_inside_note=d["key_figures_inside_note"],
                key_figures_outside=d["key_figures_outside"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Uw antwoorden zijn opgeslagen."))
            return redirect("analysis:round", pk=case.pk, number=number)
    return _round_page(request, case, circular_round, listing, answer_form=form)


def _managed_round(user, pk, number):
    """The round for the coordinator's writes: 404 for who may not manage the case."""
    case, circular_round = _round_or_404(user, pk, number)
    if not access.can_manage_case(user, case):
        raise Http404
    return case, circular_round


@require_POST
@login_required
def round_thread(request, pk, number):
    case, circular_round = _managed_round(request.user, pk, number)
    form = ThreadForm(request.POST, prefix="thread")
    if form.is_valid():
        try:
            services.record_thread(
                circular_round,
                actor=request.user,
                question=form.cleaned_data["question"],
                text=form.cleaned_data["text"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Rode draad vastgelegd."))
            return redirect("analysis:round", pk=case.pk, number=number)
    return _round_page(request, case, circular_round, thread_form=form)


@require_POST
@login_required
def round_close(request, pk, number):
    case, circular_round = _managed_round(request.user, pk, number)
    try:
        services.close_round(circular_round, actor=request.user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _round_page(request, case, circular_round)
    messages.success(request, _("Ronde afgesloten."))
    return redirect("analysis:round", pk=case.pk, number=number)


# --- the concept plan ----------------------------------------------------------------------------------


def _plan_page(request, case, *, plan_form=None, capacity_form=None):
    """The concept plan with the capacity estimates; the POST views below render it again
    with their bound form (after a version conflict: the newest version above the form)."""
    user = request.user
    can_manage = access.can_manage_case(user, case)
    versions = case.concept_plan_versions.select_related("author", "author_organisation")
    current = versions.first()
    if plan_form is None:
        initial = {"based_on": 0}
        if current:
            initial = {
                "based_on": current.number,
                "person_line": current.person_line,
                "group_line": current.group_line,
                "area_line": current.area_line,
                "strategy": current.strategy,
            }
        plan_form = ConceptPlanForm(prefix="plan", show_persons=_may_personal(user, case), initial=initial)
    if capacity_form is None:
        capacity_form = CapacityForm(prefix="cap", case=case, user=user, can_manage=can_manage)
    person_line, person_withheld = reads.personal_text(
        user, case, current.person_line if current else "", "concept_plan.read"
    )
    estimates = list(case.capacity_estimates.select_related("organisation"))
    return render(
        request,
        "analysis/concept_plan.html",
        _base(
            case,
            user,
            version=current,
            versions=versions,
            person_line=person_line,
            person_withheld=person_withheld,
            plan_form=plan_form,
            capacity_form=capacity_form,
            estimates=estimates,
            total_hours=sum(e.total_hours or 0 for e in estimates),
            total_cost=sum(int(e.cost or 0) for e in estimates),
            editable=policies.check(user, "step3.work", case=case),
            user_org=user.organisation_id,
        ),
    )


@require_safe
@login_required
def concept_plan(request, pk):
    return _plan_page(request, case_or_404(request.user, pk))


def _plan_write(user, pk):
    """The case for a write on the concept plan page: 404 for who may not supply to it."""
    case = case_or_404(user, pk)
    if not access.can_supply(user, case, Category.GROUP):
        raise Http404
    return case


@require_POST
@login_required
def plan_save(request, pk):
    user = request.user
    case = _plan_write(user, pk)
    form = ConceptPlanForm(request.POST, prefix="plan", show_persons=_may_personal(user, case))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.save_concept_plan(
                case,
                actor=user,
                based_on=data.pop("based_on"),
                confirmed_findings=_confirmed(request),
                **data,
            )
        except services.VersionConflict as exc:
            form.add_error(None, str(exc))
            _rebase(form, exc.current.number)
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Nieuwe versie van het concept plan van aanpak opgeslagen."))
            return redirect("analysis:plan", pk=case.pk)
    return _plan_page(request, case, plan_form=form)


@require_POST
@login_required
def plan_capacity(request, pk):
    user = request.user
    case = _plan_write(user, pk)
    form = CapacityForm(
        request.POST, prefix="cap", case=case, user=user, can_manage=access.can_manage_case(user, case)
    )
    if form.is_valid():
        try:
            services.add_capacity(
                case, actor=user, confirmed_findings=_confirmed(request), **form.cleaned_data
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Schatting van de inzet toegevoegd."))
            return redirect("analysis:plan", pk=case.pk)
    return _plan_page(request, case, capacity_form=form)


@require_POST
@login_required
def plan_capacity_remove(request, pk, estimate_pk):
    case = _plan_write(request.user, pk)
    estimate = get_object_or_404(CapacityEstimate, pk=estimate_pk, case=case)
    try:
        services.remove_capacity(estimate, actor=request.user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _plan_page(request, case)
    messages.success(request, _("Schatting verwijderd."))
    return redirect("analysis:plan", pk=case.pk)


# --- step 4: advice -------------------------------------------------------------------------------------


def _advice_page(request, case, *, edit_form=None, member_form=None):
    """The advice page; the POST views below render it again with their bound form."""
    user = request.user
    can_manage = access.can_manage_case(user, case)
    advices = case.advices.select_related("created_by", "sent_by").prefetch_related("forum_members")
    if not can_manage:
        advices = advices.filter(status=AdviceStatus.SENT)  # drafts may still hold names
    advices = list(advices)
    draft = next((a for a in advices if not a.is_sent), None) if can_manage else None
    findings, marked, leftovers = [], "", set()
    if draft is not None:
        if edit_form is None:
            edit_form = AdviceEditForm(
                prefix="advice",
                initial={"body": draft.body, "forum": draft.forum, "meeting_on": draft.meeting_on},
            )
        if member_form is None:
            member_form = ForumMemberForm(prefix="member")
        anonymiser = anonymise.for_case(case)
        findings = anonymiser.findings(draft.body)
        leftovers = {(f.start, f.end) for f in anonymiser.leftover_names(draft.body)}
        marked = highlight(draft.body, findings) if findings else ""
    has_sources = case.picture_versions.exists() and case.concept_plan_versions.exists()
    return render(
        request,
        "analysis/advice.html",
        _base(
            case,
            user,
            advices=[a for a in advices if a.is_sent],
            draft=draft,
            edit_form=edit_form,
            member_form=member_form,
            findings=[
                {
                    "finding": f,
                    "key": f"{f.kind}:{f.text}",
                    "explanation": anonymise.describe_finding(f),
                    # a member's own name is never a false alarm
                    "confirmable": (f.start, f.end) not in leftovers,
                }
                for f in findings
            ],
            marked=marked,
            can_generate=can_manage
            and case.step in (Step.BEELD, Step.ADVIES)
            and has_sources
            and case.is_open,
            has_sources=has_sources,
            can_decide=policies.allowed(user, "step4.record_decision", case=case),
            show_agenda=policies.allowed(user, "agenda.view"),
        ),
    )


@require_safe
@login_required
def advice(request, pk):
    return _advice_page(request, case_or_404(request.user, pk))


def _advice_case(user, pk):
    """The case for the advice's writes: 404 for who may not manage it."""
    case = case_or_404(user, pk)
    if not access.can_manage_case(user, case):
        raise Http404
    return case


def _advice_draft(user, pk):
    """The case and its draft advice: 404 without a draft (or for who may not manage it)."""
    case = _advice_case(user, pk)
    draft = next((a for a in case.advices.all() if not a.is_sent), None)
    if draft is None:
        raise Http404
    return case, draft


@require_POST
@login_required
def advice_generate(request, pk):
    case = _advice_case(request.user, pk)
    try:
        services.generate_advice(case, actor=request.user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _advice_page(request, case)
    messages.success(request, _("Advies gegenereerd en geanonimiseerd. Lees het na en pas het zo nodig aan."))
    return redirect("analysis:advice", pk=case.pk)


@require_POST
@login_required
def advice_save(request, pk):
    case, draft = _advice_draft(request.user, pk)
    form = AdviceEditForm(request.POST, prefix="advice")
    if form.is_valid():
        try:
            services.edit_advice(draft, actor=request.user, **form.cleaned_data)
        except ERRORS as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Concept opgeslagen."))
            return redirect("analysis:advice", pk=case.pk)
    return _advice_page(request, case, edit_form=form)


@require_POST
@login_required
def advice_member(request, pk):
    case, draft = _advice_draft(request.user, pk)
    form = ForumMemberForm(request.POST, prefix="member")
    if form.is_valid():
        try:
            services.add_forum_member(draft, actor=request.user, **form.cleaned_data)
        except ERRORS as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Deelnemer aan het overleg toegevoegd."))
            return redirect("analysis:advice", pk=case.pk)
    return _advice_page(request, case, member_form=form)


@require_POST
@login_required
def advice_member_remove(request, pk, member_pk):
    case, draft = _advice_draft(request.user, pk)
    member = get_object_or_404(ForumMember, pk=member_pk, advice=draft)
    try:
        services.remove_forum_member(member, actor=request.user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _advice_page(request, case)
    return redirect("analysis:advice", pk=case.pk)


@require_POST
@login_required
def advice_send(request, pk):
    case, draft = _advice_draft(request.user, pk)
    try:
        services.send_advice(draft, actor=request.user, confirmed_findings=_confirmed(request))
    except (services.GuardRefused, *ERRORS) as exc:
        messages.error(request, str(exc))
        return _advice_page(request, case)
    messages.success(request, _("Het advies is verzonden aan het overleg."))
    return redirect("analysis:advice", pk=case.pk)


# --- step 4: the decision ------------------------------------------------------------------------------


@login_required
def decision(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    may_decide = (
        policies.allowed(user, "step4.record_decision", case=case)
        and case.step == Step.ADVIES
        and case.is_open
    )
    form = DecisionForm(request.POST or None, prefix="decision")
    if request.method == "POST":
        if not policies.allowed(user, "step4.record_decision", case=case):
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.record_decision(
                    case,
                    actor=user,
                    forum=d["forum"],
                    decided_on=d["decided_on"],
                    outcome=d["outcome"],
                    priority=d["priority"],
                    goals=d["goals"],
                    frame_cost=d["frame_cost"],
                    frame_capacity=d["frame_capacity"],
                    steering=d["steering"],
                    escalation_line=form.escalation(),
                    inform_moments=d["inform_moments"],
                    criminal_relation=d["criminal_relation"],
                    external_communication=d["external_communication"],
                    motivation=d["motivation"],
                    analysis_domains=d["analysis_domains"],
                    fast_track=d["fast_track"],
                    confirmed_findings=_confirmed(request),
                )
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het besluit is vastgelegd. Het kan niet meer worden gewijzigd."))
                return redirect("analysis:decision", pk=case.pk)
    decisions = list(
        case.decisions.select_related("recorded_by", "advice", "supersedes").order_by("-recorded_at", "-pk")
    )
    advice = case.advices.filter(status=AdviceStatus.SENT).order_by("-sent_at").first()
    return render(
        request,
        "analysis/decision.html",
        _base(
            case,
            user,
            decisions=decisions,
            current=decisions[0] if decisions else None,
            advice=advice,
            form=form,
            may_decide=may_decide,
            show_agenda=policies.allowed(user, "agenda.view"),
        ),
    )


# --- contacts with other municipalities ---------------------------------------------------------------


@login_required
def contacts(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    form = ContactForm(request.POST or None, case=case)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.record_municipality_contact(
                    case, actor=user, confirmed_findings=_confirmed(request), **form.cleaned_data
                )
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Contact met de andere gemeente vastgelegd."))
                return redirect("analysis:contacts", pk=case.pk)
    return render(
        request,
        "analysis/contacts.html",
        _base(
            case,
            user,
            contacts=case.municipality_contacts.select_related("municipality", "recorded_by"),
            others=case.group.other_municipalities.all(),
            form=form,
        ),
    )


# --- the forum's agenda ------------------------------------------------------------------------------------


@login_required
def agenda(request):
    user = request.user
    if not policies.allowed(user, "agenda.view"):
        raise Http404
    waiting, in_approach = reads.agenda(user)
    return render(request, "analysis/agenda.html", {"waiting": waiting, "in_approach": in_approach})
