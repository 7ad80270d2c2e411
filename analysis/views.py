"""Pages of steps 3–4. Every case page loads the case through privacy.access (404 for
who may not see it); what a user may not see is withheld with the reason (analysis.reads)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

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


@login_required
def dynamics(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    history = HistoryForm(request.GET or None)
    on = timezone.localdate()
    if history.is_valid() and history.cleaned_data.get("op"):
        on = min(history.cleaned_data["op"], on)
    members, withheld = reads.members(user, case)
    supply = access.can_supply(user, case, Category.PERSONAL)
    session_form = AssessmentSessionForm(prefix="assess", members=members)
    tie_form = TieForm(prefix="tie", members=members)
    if request.method == "POST":
        if not supply or not members:
            raise Http404
        action = request.POST.get("action")
        by_pk = {m.pk: m for m in members}
        try:
            if action == "assess":
                session_form = AssessmentSessionForm(request.POST, prefix="assess", members=members)
                if session_form.is_valid():
                    done = services.assess_members(
                        case,
                        actor=user,
                        assessed_on=session_form.cleaned_data["assessed_on"],
                        rows=session_form.assessments(),
                    )
                    messages.success(
                        request,
                        _("%(n)s beoordelingen vastgelegd.") % {"n": len(done)},
                    )
                    return redirect("analysis:dynamics", pk=case.pk)
            elif action == "tie":
                tie_form = TieForm(request.POST, prefix="tie", members=members)
                if tie_form.is_valid():
                    d = tie_form.cleaned_data
                    services.add_tie(
                        case,
                        actor=user,
                        source=by_pk[int(d["source"])],
                        target=by_pk[int(d["target"])],
                        kind=d["kind"],
                        since=d["since"],
                        note=d["note"],
                    )
                    messages.success(request, _("Band vastgelegd."))
                    return redirect("analysis:dynamics", pk=case.pk)
            elif action == "end_tie":
                tie = get_object_or_404(Tie, pk=request.POST.get("tie"), case=case)
                try:
                    until = date.fromisoformat(request.POST.get("until") or "")
                except ValueError:
                    until = timezone.localdate()
                services.end_tie(tie, actor=user, until=until)
                messages.success(request, _("Band beëindigd; hij blijft zichtbaar in de geschiedenis."))
                return redirect("analysis:dynamics", pk=case.pk)
            else:
                raise Http404
        except ERRORS as exc:
            target = tie_form if action == "tie" else session_form
            target.add_error(None, str(exc))
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
            can_supply=bool(supply),
            session_form=session_form,
            tie_form=tie_form,
            ties=ties,
        ),
    )


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


@login_required
def circular_round(request, pk, number):
    user = request.user
    case = case_or_404(user, pk)
    circular_round = get_object_or_404(CircularRound, case=case, number=number)
    can_manage = access.can_manage_case(user, case)
    show_members = _may_personal(user, case)
    members, _withheld = reads.members(user, case) if show_members else ([], "")
    mine = circular_round.answers.filter(organisation_id=user.organisation_id).first()
    may_answer = bool(policies.check(user, "step3.work", case=case)) and circular_round.is_open
    answer_form = AnswerForm(
        prefix="answer", members=members, show_members=show_members, initial=_answer_initial(mine)
    )
    thread_form = ThreadForm(prefix="thread")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                if not access.can_supply(user, case, Category.GROUP):
                    raise Http404
                answer_form = AnswerForm(
                    request.POST, prefix="answer", members=members, show_members=show_members
                )
                if answer_form.is_valid():
                    d = answer_form.cleaned_data
                    chosen = set(d.get("key_figures_inside") or [])
                    services.answer_round(
                        circular_round,
                        actor=user,
                        characteristics=answer_form.items("characteristics"),
                        risks=answer_form.items("risks"),
                        connections=answer_form.items("connections"),
                        key_figures_inside=[m for m in members if str(m.pk) in chosen],
                        key_figures_inside_note=d["key_figures_inside_note"],
                        key_figures_outside=d["key_figures_outside"],
                        confirmed_findings=_confirmed(request),
                    )
                    messages.success(request, _("Uw antwoorden zijn opgeslagen."))
                    return redirect("analysis:round", pk=case.pk, number=number)
            elif action == "thread":
                if not can_manage:
                    raise Http404
                thread_form = ThreadForm(request.POST, prefix="thread")
                if thread_form.is_valid():
                    services.record_thread(
                        circular_round,
                        actor=user,
                        question=thread_form.cleaned_data["question"],
                        text=thread_form.cleaned_data["text"],
                        confirmed_findings=_confirmed(request),
                    )
                    messages.success(request, _("Rode draad vastgelegd."))
                    return redirect("analysis:round", pk=case.pk, number=number)
            elif action == "close":
                if not can_manage:
                    raise Http404
                services.close_round(circular_round, actor=user)
                messages.success(request, _("Ronde afgesloten."))
                return redirect("analysis:round", pk=case.pk, number=number)
            else:
                raise Http404
        except ERRORS as exc:
            (thread_form if action == "thread" else answer_form).add_error(None, str(exc))
            if action == "close":
                messages.error(request, str(exc))
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
            may_answer=may_answer,
            mine=mine,
        ),
    )


# --- the concept plan ----------------------------------------------------------------------------------


@login_required
def concept_plan(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    versions = case.concept_plan_versions.select_related("author", "author_organisation")
    current = versions.first()
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
    capacity_form = CapacityForm(prefix="cap", case=case, user=user, can_manage=can_manage)
    if request.method == "POST":
        if not access.can_supply(user, case, Category.GROUP):
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "plan":
                plan_form = ConceptPlanForm(
                    request.POST, prefix="plan", show_persons=_may_personal(user, case)
                )
                if plan_form.is_valid():
                    data = dict(plan_form.cleaned_data)
                    try:
                        services.save_concept_plan(
                            case,
                            actor=user,
                            based_on=data.pop("based_on"),
                            confirmed_findings=_confirmed(request),
                            **data,
                        )
                    except services.VersionConflict as exc:
                        plan_form.add_error(None, str(exc))
                        _rebase(plan_form, exc.current.number)
                        current = versions.first()
                    else:
                        messages.success(
                            request, _("Nieuwe versie van het concept plan van aanpak opgeslagen.")
                        )
                        return redirect("analysis:plan", pk=case.pk)
            elif action == "capacity":
                capacity_form = CapacityForm(
                    request.POST, prefix="cap", case=case, user=user, can_manage=can_manage
                )
                if capacity_form.is_valid():
                    services.add_capacity(
                        case, actor=user, confirmed_findings=_confirmed(request), **capacity_form.cleaned_data
                    )
                    messages.success(request, _("Schatting van de inzet toegevoegd."))
                    return redirect("analysis:plan", pk=case.pk)
            elif action == "remove":
                estimate = get_object_or_404(CapacityEstimate, pk=request.POST.get("estimate"), case=case)
                services.remove_capacity(estimate, actor=user)
                messages.success(request, _("Schatting verwijderd."))
                return redirect("analysis:plan", pk=case.pk)
            else:
                raise Http404
        except ERRORS as exc:
            (capacity_form if action == "capacity" else plan_form).add_error(None, str(exc))
            if action == "remove":
                messages.error(request, str(exc))
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


# --- step 4: advice -------------------------------------------------------------------------------------


@login_required
def advice(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage = access.can_manage_case(user, case)
    advices = case.advices.select_related("created_by", "sent_by").prefetch_related("forum_members")
    if not can_manage:
        advices = advices.filter(status=AdviceStatus.SENT)  # drafts may still hold names
    advices = list(advices)
    draft = next((a for a in advices if not a.is_sent), None) if can_manage else None
    edit_form = member_form = None
    findings, marked = [], ""
    if draft is not None:
        edit_form = AdviceEditForm(
            prefix="advice",
            initial={"body": draft.body, "forum": draft.forum, "meeting_on": draft.meeting_on},
        )
        member_form = ForumMemberForm(prefix="member")
    if request.method == "POST":
        if not can_manage:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "generate":
                services.generate_advice(case, actor=user)
                messages.success(
                    request, _("Advies gegenereerd en geanonimiseerd. Lees het na en pas het zo nodig aan.")
                )
                return redirect("analysis:advice", pk=case.pk)
            if draft is None:
                raise Http404
            if action == "save":
                edit_form = AdviceEditForm(request.POST, prefix="advice")
                if edit_form.is_valid():
                    services.edit_advice(draft, actor=user, **edit_form.cleaned_data)
                    messages.success(request, _("Concept opgeslagen."))
                    return redirect("analysis:advice", pk=case.pk)
            elif action == "member":
                member_form = ForumMemberForm(request.POST, prefix="member")
                if member_form.is_valid():
                    services.add_forum_member(draft, actor=user, **member_form.cleaned_data)
                    messages.success(request, _("Deelnemer aan het overleg toegevoegd."))
                    return redirect("analysis:advice", pk=case.pk)
            elif action == "remove_member":
                member = get_object_or_404(ForumMember, pk=request.POST.get("member"), advice=draft)
                services.remove_forum_member(member, actor=user)
                return redirect("analysis:advice", pk=case.pk)
            elif action == "send":
                services.send_advice(draft, actor=user, confirmed_findings=_confirmed(request))
                messages.success(request, _("Het advies is verzonden aan het overleg."))
                return redirect("analysis:advice", pk=case.pk)
            else:
                raise Http404
        except services.GuardRefused as exc:
            messages.error(request, str(exc))
        except ERRORS as exc:
            messages.error(request, str(exc))
    leftovers = set()
    if draft is not None:
        draft.refresh_from_db()
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
