"""Every write of steps 3–4 goes through a function here: in a transaction, with the case
row locked, the access decision (privacy.access) and the step checked, group-level text
through the privacy guard, and personal data logged per subject (privacy.log)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import notify, workflow
from cases.models import Case, Step
from cases.services import AccessDenied
from cases.workflow import WorkflowError
from cases.writes import GuardRefused, VersionConflict, WriteRefused
from cases.writes import entered_step as _entered_step
from cases.writes import guard as _guard
from cases.writes import keep_confirmations as _keep_confirmations
from cases.writes import lock as _lock
from cases.writes import member_of as _member_of
from cases.writes import require as _require
from cases.writes import require_manager as _require_manager
from documents import advice as advice_document
from groepsaanpak.errors import GATE
from groups import services as group_services
from groups.models import Dynamic, MembershipStatus
from notifications.models import Kind
from privacy import access, log, policies
from privacy.categories import Category

from . import anonymise
from .models import (
    THREE_ITEM_QUESTIONS,
    Advice,
    AdviceStatus,
    CapacityEstimate,
    CircularAnswer,
    CircularRound,
    CommonThread,
    ConceptPlanVersion,
    Domain,
    Forum,
    ForumDecision,
    ForumMember,
    InterventionEntry,
    MatrixColumn,
    MunicipalityContact,
    Outcome,
    PictureVersion,
    Question,
    Tie,
    TieKind,
)
from .sociogram import state_on

__all__ = ["AccessDenied", "AnalysisError", "GuardRefused", "VersionConflict", "WorkflowError"]

MEMBER_CATEGORIES = (Category.PERSONAL, Category.CRIMINAL, Category.CARE)


AnalysisError = WriteRefused  # the refusals of steps 3–7 are one family (cases.writes)


# --- the integral picture and the concept plan (versioned) ----------------------------


def _save_version(
    model, case, *, actor, based_on: int, data: dict, personal_field: str, guarded: dict, confirmed
):
    case = _lock(case)
    _require(access.can_supply(actor, case, Category.GROUP))
    workflow.require_write(case, "picture")
    current = model.objects.filter(case=case).select_related("author").order_by("-number").first()
    if (current.number if current else 0) != based_on:
        raise VersionConflict(current)
    accepted = _guard(guarded, confirmed)
    personal = data.get(personal_field)
    may_personal = access.can_receive(actor, case, Category.PERSONAL) and access.can_supply(
        actor, case, Category.PERSONAL
    )
    if not may_personal or personal is None:
        # Who may not see the field carries it over unchanged; they cannot overwrite what they cannot read.
        if personal not in (None, "") and (current is None or personal != getattr(current, personal_field)):
            raise AccessDenied(access.can_supply(actor, case, Category.PERSONAL).reason or _("Geen toegang."))
        data[personal_field] = getattr(current, personal_field) if current else ""
    version = model.objects.create(
        case=case,
        number=(current.number if current else 0) + 1,
        author=actor,
        author_organisation=actor.organisation,
        **data,
    )
    _keep_confirmations(version, accepted, actor)
    text = data[personal_field]
    if text.strip():
        subjects = anonymise.for_case(case).mentioned(text)
        log.write(actor, f"{model._meta.model_name}.save", [m.person.pseudonym for m in subjects], case=case)
    return version


@transaction.atomic
def save_picture(
    case, *, actor, based_on: int, partners=None, confirmed_findings=(), **fields
) -> PictureVersion:
    """A new version of the integral picture; refused (VersionConflict) when it was not
    based on the current version, so a concurrent edit is never lost. `partners=None`
    keeps the partners of the version it is based on."""
    domains = {code: (fields.pop(f"domain_{code}", "") or "").strip() for code in Domain.values}
    data = {name: (fields.get(name) or "").strip() for name in PictureVersion.GROUP_TEXT_FIELDS}
    data["severity"] = fields.get("severity") or ""
    data["urgency"] = fields.get("urgency") or ""
    data["domains"] = {k: v for k, v in domains.items() if v}
    if "persons" in fields and fields["persons"] is not None:
        data["persons"] = fields["persons"].strip()
    labels = {
        name: str(PictureVersion._meta.get_field(name).verbose_name)
        for name in PictureVersion.GROUP_TEXT_FIELDS
    }
    guarded = {labels[name].capitalize(): data[name] for name in PictureVersion.GROUP_TEXT_FIELDS}
    guarded.update({str(Domain(code).label): text for code, text in data["domains"].items()})
    if partners is not None:
        partners = list(partners)
        if any(p.municipality_id != case.municipality_id for p in partners):
            raise AccessDenied(_("Kies partners uit de eigen gemeente."))
    version = _save_version(
        PictureVersion,
        case,
        actor=actor,
        based_on=based_on,
        data=data,
        personal_field="persons",
        guarded=guarded,
        confirmed=confirmed_findings,
    )
    if partners is None:
        previous = case.picture_versions.filter(number=version.number - 1).first()
        partners = list(previous.partners.all()) if previous else []
    version.partners.set(partners)
    return version


@transaction.atomic
def save_concept_plan(case, *, actor, based_on: int, confirmed_findings=(), **fields) -> ConceptPlanVersion:
    data = {name: (fields.get(name) or "").strip() for name in ConceptPlanVersion.GROUP_TEXT_FIELDS}
    if fields.get("person_line") is not None:
        data["person_line"] = fields["person_line"].strip()
    guarded = {
        str(ConceptPlanVersion._meta.get_field(name).verbose_name).capitalize(): data[name]
        for name in ConceptPlanVersion.GROUP_TEXT_FIELDS
    }
    return _save_version(
        ConceptPlanVersion,
        case,
        actor=actor,
        based_on=based_on,
        data=data,
        personal_field="person_line",
        guarded=guarded,
        confirmed=confirmed_findings,
    )


@transaction.atomic
def add_capacity(
    case, *, actor, organisation, months: int, hours_per_week=None, fte=None, cost=None, note: str = "",
    confirmed_findings=(),
) -> CapacityEstimate:  # fmt: skip
    case = _lock(case)
    _require(access.can_supply(actor, case, Category.GROUP))
    workflow.require_write(case, "estimate")
    if not case.participants.filter(organisation=organisation).exists():
        raise AccessDenied(_("Deze organisatie neemt niet deel aan de casus."))
    if organisation.pk != actor.organisation_id and not access.can_manage_case(actor, case):
        raise access.refuse(
            actor,
            case,
            _("U kunt alleen de inzet van uw eigen organisatie schatten."),
            what="capacity.estimate",
        )
    if hours_per_week is None and fte is None:
        raise AnalysisError(_("Geef de inzet in uren per week of in fte."))
    if not months or months < 1:
        raise AnalysisError(_("Geef de periode in maanden (ten minste 1)."))
    accepted = _guard({_("Waarvoor"): note}, confirmed_findings)
    estimate = CapacityEstimate.objects.create(
        case=case,
        organisation=organisation,
        hours_per_week=hours_per_week,
        fte=fte,
        months=months,
        cost=cost,
        note=note.strip(),
        created_by=actor,
    )
    _keep_confirmations(estimate, accepted, actor)
    return estimate


@transaction.atomic
def remove_capacity(estimate: CapacityEstimate, *, actor) -> None:
    case = _lock(estimate.case)
    _require(access.can_supply(actor, case, Category.GROUP))
    workflow.require_write(case, "estimate")
    if estimate.organisation_id != actor.organisation_id and not access.can_manage_case(actor, case):
        raise access.refuse(
            actor,
            estimate,
            _("U kunt alleen de inzet van uw eigen organisatie verwijderen."),
            what="capacity.remove",
        )
    estimate.delete()


# --- work form 1: the interventiematrix --------------------------------------------------


@transaction.atomic
def add_intervention(
    case, *, actor, column: str, content: str, membership=None, category: str = Category.GROUP,
    confirmed_findings=(),
) -> InterventionEntry:  # fmt: skip
    """One partner's contribution to a cell. Group row: group-level, guarded. Member row:
    personal data of the chosen category, only if the covenant lets this partner supply it."""
    case = _lock(case)
    workflow.require_write(case, "interventiematrix")
    if column not in MatrixColumn.values:
        raise AnalysisError(_("Onbekende kolom."))
    if not content.strip():
        raise AnalysisError(_("Vul de cel in."))
    accepted = []
    if membership is None:
        category = Category.GROUP
        _require(access.can_supply(actor, case, Category.GROUP))
        accepted = _guard({_("Een cel over de groep"): content}, confirmed_findings)
    else:
        if category not in MEMBER_CATEGORIES:
            raise AnalysisError(_("Kies de categorie van deze informatie."))
        _require(access.can_supply(actor, case, category))
        _member_of(case, membership)
    entry = InterventionEntry.objects.create(
        case=case,
        membership=membership,
        column=column,
        category=category,
        content=content.strip(),
        organisation=actor.organisation,
        created_by=actor,
    )
    _keep_confirmations(entry, accepted, actor)
    if membership is not None:
        log.write(
            actor, "interventiematrix.add", [membership.person.pseudonym], case=case, categories=[category]
        )
    return entry


# --- work form 2: group dynamics -------------------------------------------------------


@transaction.atomic
def assess_members(case, *, actor, assessed_on: date, rows) -> list:
    """Plus/min/mee for several members at once (the session's work form); each row goes
    through groups.services.assess_member, which checks access and logs per member.
    `rows`: iterable of (membership, dynamic, influence, is_leader, note)."""
    case = _lock(case)
    _require(access.can_supply(actor, case, Category.PERSONAL))
    if assessed_on > timezone.localdate():
        raise AnalysisError(_("Een beoordeling kan niet in de toekomst liggen."))
    done = []
    for membership, dynamic, influence, is_leader, note in rows:
        _member_of(case, membership)
        if dynamic not in Dynamic.values:
            raise AnalysisError(_("Kies plus, min of mee."))
        try:
            done.append(
                group_services.assess_member(
                    membership,
                    actor=actor,
                    assessed_on=assessed_on,
                    dynamic=dynamic,
                    influence=int(influence),
                    is_leader=bool(is_leader),
                    note=note or "",
                )
            )
        except group_services.GroupError as exc:
            raise AccessDenied(str(exc)) from exc
    if not done:
        raise AnalysisError(_("Kies bij ten minste één jongere plus, min of mee."))
    return done


@transaction.atomic
def add_tie(case, *, actor, source, target, kind: str, since: date, note: str = "") -> Tie:
    case = _lock(case)
    _require(access.can_supply(actor, case, Category.PERSONAL))
    _member_of(case, source)
    _member_of(case, target)
    if source.pk == target.pk:
        raise AnalysisError(_("Een band is er tussen twee verschillende jongeren."))
    if kind not in TieKind.values:
        raise AnalysisError(_("Onbekende soort band."))
    if since > timezone.localdate():
        raise AnalysisError(_("'Sinds' kan niet in de toekomst liggen."))
    pair = {source.pk, target.pk}
    for tie in case.ties.filter(kind=kind, until__isnull=True):
        if {tie.source_id, tie.target_id} == pair:
            raise AnalysisError(_("Deze band is al vastgelegd."))
    tie = Tie.objects.create(
        case=case, source=source, target=target, kind=kind, since=since, note=note.strip(), created_by=actor
    )
    log.write(actor, "dynamics.tie", [source.person.pseudonym, target.person.pseudonym], case=case)
    return tie


@transaction.atomic
def end_tie(tie: Tie, *, actor, until: date) -> Tie:
    case = _lock(tie.case)
    _require(access.can_supply(actor, case, Category.PERSONAL))
    tie = (
        Tie.objects.select_for_update(of=("self",))
        .select_related("source__person", "target__person")
        .get(pk=tie.pk)
    )
    if tie.until is not None:
        raise AnalysisError(_("Deze band is al beëindigd."), code=GATE)
    if until < tie.since or until > timezone.localdate():
        raise AnalysisError(_("De einddatum ligt tussen 'sinds' en vandaag."))
    tie.until = until
    tie.ended_by = actor
    tie.save(update_fields=["until", "ended_by"])
    log.write(
        actor, "dynamics.tie_end", [tie.source.person.pseudonym, tie.target.person.pseudonym], case=case
    )
    return tie


# --- work form 3: circular questioning ---------------------------------------------------


@transaction.atomic
def open_round(case, *, actor, session_on: date | None = None) -> CircularRound:
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "circular")
    if case.circular_rounds.filter(closed_at__isnull=True).exists():
        raise AnalysisError(_("Er loopt al een ronde; sluit die eerst af."))
    number = (case.circular_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    return CircularRound.objects.create(case=case, number=number, session_on=session_on, opened_by=actor)


def _clean_items(items) -> list[str]:
    items = [" ".join((i or "").split()) for i in (items or [])]
    items = [i for i in items if i]
    if len(items) > 3:
        raise AnalysisError(_("Geef per vraag hooguit drie antwoorden."))
    return items


@transaction.atomic
def answer_round(
    circular_round: CircularRound, *, actor, characteristics=(), risks=(), connections=(),
    key_figures_inside=(), key_figures_inside_note: str = "", key_figures_outside: str = "",
    confirmed_findings=(),
) -> CircularAnswer:  # fmt: skip
    """The answers of the actor's organisation, beforehand; may be revised while the round
    is open. Key figures inside the group are chosen from the name list (personal data);
    all text is group-level and guarded (describe people outside the group by role)."""
    case = _lock(circular_round.case)
    circular_round = CircularRound.objects.select_for_update().get(pk=circular_round.pk)
    _require(access.can_supply(actor, case, Category.GROUP))
    workflow.require_write(case, "circular")
    if not circular_round.is_open:
        raise AnalysisError(_("Deze ronde is afgesloten."), code=GATE)
    answers = {
        "characteristics": _clean_items(characteristics),
        "risks": _clean_items(risks),
        "connections": _clean_items(connections),
    }
    inside = list(key_figures_inside)
    if inside:
        _require(access.can_supply(actor, case, Category.PERSONAL))
        for m in inside:
            _member_of(case, m)
    if not any(answers.values()) and not inside and not key_figures_outside.strip():
        raise AnalysisError(_("Beantwoord ten minste één vraag."))
    labels = dict(Question.choices)
    guarded = {}
    for code, key in zip(THREE_ITEM_QUESTIONS, answers, strict=True):
        for i, text in enumerate(answers[key], start=1):
            guarded[f"{labels[code]} ({i})"] = text
    guarded[str(labels[Question.INSIDE])] = key_figures_inside_note
    guarded[str(labels[Question.OUTSIDE])] = key_figures_outside
    accepted = _guard(guarded, confirmed_findings)
    answer, created = CircularAnswer.objects.update_or_create(
        round=circular_round,
        organisation=actor.organisation,
        defaults={
            **answers,
            "key_figures_inside_note": key_figures_inside_note.strip(),
            "key_figures_outside": key_figures_outside.strip(),
            "answered_by": actor,
        },
    )
    answer.key_figures_inside.set(inside)
    _keep_confirmations(answer, accepted, actor)
    if inside:
        log.write(
            actor,
            "circular.answer",
            [m.person.pseudonym for m in inside],
            case=case,
            action="create" if created else "update",
        )
    return answer


@transaction.atomic
def record_thread(circular_round: CircularRound, *, actor, question: str, text: str, confirmed_findings=()):
    case = _lock(circular_round.case)
    _require_manager(actor, case)
    workflow.require_write(case, "circular")
    if question not in Question.values:
        raise AnalysisError(_("Onbekende vraag."))
    if not text.strip():
        raise AnalysisError(_("Beschrijf de rode draad."))
    accepted = _guard({_("De rode draad"): text}, confirmed_findings)
    thread = CommonThread.objects.create(
        round=circular_round, question=question, text=text.strip(), recorded_by=actor
    )
    _keep_confirmations(thread, accepted, actor)
    return thread


@transaction.atomic
def close_round(circular_round: CircularRound, *, actor) -> CircularRound:
    case = _lock(circular_round.case)
    _require_manager(actor, case)
    circular_round = CircularRound.objects.select_for_update().get(pk=circular_round.pk)
    if not circular_round.is_open:
        raise AnalysisError(_("Deze ronde is al afgesloten."))
    circular_round.closed_at = timezone.now()
    circular_round.closed_by = actor
    circular_round.save(update_fields=["closed_at", "closed_by"])
    return circular_round


# --- step 4: the advice --------------------------------------------------------------------


def current_threads(case):
    return CommonThread.objects.filter(round__case=case).order_by("round__number", "recorded_at", "pk")


def _advice_facts(case, picture, plan, anonymiser) -> advice_document.AdviceFacts:
    """What the advice says (documents.advice), youths by their label (Jongere A, …)."""
    dyn = state_on(case, timezone.localdate())

    def labels(nodes):
        return [anonymiser.label(n.membership) for n in nodes]

    questions = dict(Question.choices)
    return advice_document.AdviceFacts(
        group_name=case.group.name,
        picture_number=picture.number,
        plan_number=plan.number,
        dynamics=advice_document.Dynamics(
            on=dyn.on,
            members=len(dyn.nodes),
            counts=dyn.counts,
            leaders=labels(dyn.leaders),
            strong_min=labels(n for n in dyn.nodes if n.dynamic == "min" and n.influence >= 4),
            strong_plus=labels(n for n in dyn.nodes if n.dynamic == "plus" and n.influence >= 4),
        ),
        severity=str(picture.get_severity_display()),
        urgency=str(picture.get_urgency_display()),
        group_characteristics=picture.group_characteristics,
        environment=picture.environment,
        domains=[(str(label), text) for label, text in picture.domain_rows()],
        behaviour=picture.behaviour,
        group_dynamics=picture.dynamics,
        youth_situation=picture.youth_situation,
        area_impact=picture.area_impact,
        persons=picture.persons,
        person_line=plan.person_line,
        group_line=plan.group_line,
        area_line=plan.area_line,
        strategy=plan.strategy,
        threads=[(str(questions[t.question]), t.text) for t in current_threads(case)],
        estimates=capacity_estimates(case),
        partners=[o.name for o in picture.partners.all()],
        partners_note=picture.partners_note,
    )


def capacity_estimates(case) -> list[advice_document.Estimate]:
    """The partners' estimated effort as plain facts (the advice, the concept-plan document)."""
    return [
        advice_document.Estimate(
            organisation=e.organisation.name,
            months=e.months,
            hours_per_week=e.hours_per_week,
            fte=e.fte,
            total_hours=e.total_hours,
            cost=e.cost,
            note=e.note,
        )
        for e in case.capacity_estimates.select_related("organisation")
    ]


def generate_advice(case, *, actor) -> Advice:
    """Compose the advice from the current picture and concept plan and anonymise it. An
    open draft is regenerated in place (its edits are replaced); otherwise a new draft."""
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "advice")
    picture = case.picture_versions.order_by("-number").first()
    plan = case.concept_plan_versions.order_by("-number").first()
    if picture is None or plan is None:
        raise AnalysisError(_("Leg eerst het integraal beeld en het concept plan van aanpak vast."))
    anonymiser = anonymise.for_case(case)
    text = advice_document.compose(_advice_facts(case, picture, plan, anonymiser))
    body = anonymiser.anonymise(text)
    used = {m.pk: m for m in anonymiser.mentioned(picture.persons + "\n" + plan.person_line)}
    used.update({m.pk: m for m in anonymiser.memberships if m.status != MembershipStatus.REMOVED})
    log.read(actor, "advice.generate", [m.person.pseudonym for m in used.values()], case=case)
    draft = case.advices.select_for_update().filter(status=AdviceStatus.DRAFT).first()
    if draft is not None:
        draft.body, draft.picture, draft.plan = body, picture, plan
        draft.save(update_fields=["body", "picture", "plan", "updated_at"])
        return draft
    number = (case.advices.aggregate(n=Max("number"))["n"] or 0) + 1
    return Advice.objects.create(
        case=case, number=number, body=body, picture=picture, plan=plan, created_by=actor
    )


def _draft(advice: Advice, actor) -> tuple[Case, Advice]:
    case = _lock(advice.case)
    _require_manager(actor, case)
    advice = Advice.objects.select_for_update().get(pk=advice.pk)
    if advice.is_sent:
        raise AnalysisError(_("Dit advies is verzonden en kan niet meer worden gewijzigd."), code=GATE)
    return case, advice


@transaction.atomic
def edit_advice(advice: Advice, *, actor, body: str, forum: str = "", meeting_on=None) -> Advice:
    """Save the author's edits of a draft. Findings do not stop a draft, only sending."""
    _case, advice = _draft(advice, actor)
    if not body.strip():
        raise AnalysisError(_("Het advies is leeg."))
    advice.body = body.replace("\r\n", "\n")
    advice.forum = forum or ""
    advice.meeting_on = meeting_on
    advice.save(update_fields=["body", "forum", "meeting_on", "updated_at"])
    return advice


@transaction.atomic
def add_forum_member(advice: Advice, *, actor, name: str, organisation: str, mandate: str) -> ForumMember:
    _case, advice = _draft(advice, actor)
    if not (name.strip() and organisation.strip() and mandate.strip()):
        raise AnalysisError(_("Vul naam, organisatie en mandaat in."))
    return ForumMember.objects.create(
        advice=advice, name=name.strip(), organisation=organisation.strip(), mandate=mandate.strip()
    )


@transaction.atomic
def remove_forum_member(member: ForumMember, *, actor) -> None:
    _draft(member.advice, actor)
    member.delete()


@transaction.atomic
def send_advice(advice: Advice, *, actor, confirmed_findings=()) -> Advice:
    """Send the advice to the forum: only in step 4, with the forum and its members
    recorded, and only when nothing in the text still looks like personal data."""
    case, advice = _draft(advice, actor)
    workflow.require_write(case, "advice.send")
    if not advice.forum:
        raise AnalysisError(_("Kies het overleg waaraan het advies wordt gestuurd."))
    if not advice.forum_members.exists():
        raise AnalysisError(_("Leg vast wie in het overleg zitten (naam, organisatie, mandaat)."))
    anonymiser = anonymise.for_case(case)
    findings = anonymiser.findings(advice.body, confirmed_findings)
    if findings:
        raise GuardRefused(
            _(
                "Het advies bevat nog %(n)s gemarkeerde gegevens die op persoonsgegevens lijken; het is niet verzonden."
            )
            % {"n": len(findings)},
            findings,
            field="body",  # the advice's text, edited on the advice itself
        )
    all_findings = anonymise.scan(advice.body)
    _keep_confirmations(advice, all_findings, actor)
    advice.status = AdviceStatus.SENT
    advice.sent_by = actor
    advice.sent_at = timezone.now()
    advice.save(update_fields=["status", "sent_by", "sent_at", "updated_at"])
    link = reverse("analysis:decision", args=[case.pk])
    notify.tell(Kind.ADVICE_AWAITS, case, notify.deciders(case), link=link, actor=actor)
    return advice


# --- step 4: the decision ---------------------------------------------------------------------


def current_decision(case) -> ForumDecision | None:
    return case.decisions.filter(superseded_by__isnull=True).order_by("-recorded_at", "-pk").first()


@transaction.atomic
def record_decision(
    case, *, actor, forum: str, decided_on: date, outcome: str, priority=None, goals: str = "",
    frame_cost: str = "", frame_capacity: str = "", steering: str = "", escalation_line=(),
    inform_moments: str = "", criminal_relation: str = "", external_communication: str = "",
    motivation: str = "", analysis_domains=(), fast_track: bool = False, confirmed_findings=(),
) -> ForumDecision:  # fmt: skip
    """Record the forum's decision. Immutable: a later decision supersedes this one."""
    case = _lock(case)
    policies.check(actor, "step4.record_decision", case=case).enforce()
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten."))
    workflow.require_write(case, "decision")
    advice = case.advices.filter(status=AdviceStatus.SENT).order_by("-sent_at").first()
    entered = _entered_step(case, Step.ADVIES)
    if advice is not None and entered is not None and advice.sent_at < entered:
        advice = None  # an advice from an earlier round in step 4
    if advice is None and not fast_track:
        raise AnalysisError(
            _(
                "Er is nog geen verzonden advies. Zonder advies kan een besluit alleen achteraf worden vastgelegd (spoedprocedure)."
            ),
            code=GATE,
        )
    if forum not in Forum.values:
        raise AnalysisError(_("Kies het overleg dat besloot."))
    if decided_on > timezone.localdate():
        raise AnalysisError(_("De datum van het besluit kan niet in de toekomst liggen."))
    escalation = [" ".join(s.split()) for s in escalation_line if s and s.strip()]
    domains = [d for d in analysis_domains if d]
    if any(d not in Domain.values for d in domains):
        raise AnalysisError(_("Onbekend domein."))
    missing = []
    if outcome == Outcome.PRIORITISED:
        if not priority or int(priority) < 1:
            missing.append(_("de prioriteit ten opzichte van de andere groepen"))
        for value, label in (
            (goals, _("de doelen")),
            (steering, _("wie stuurt")),
            (inform_moments, _("wanneer en waarover het overleg wordt geïnformeerd")),
            (external_communication, _("wie naar buiten communiceert")),
        ):
            if not value.strip():
                missing.append(label)
        if not escalation:
            missing.append(_("de escalatielijn"))
    elif outcome == Outcome.NOT_PRIORITISED:
        priority, escalation = None, []
        if not motivation.strip():
            missing.append(_("de motivering"))
    elif outcome == Outcome.FURTHER_ANALYSIS:
        priority, escalation = None, []
        if not motivation.strip():
            missing.append(_("de motivering"))
        if not domains:
            missing.append(_("de domeinen waarop de analyse zich richt"))
    else:
        raise AnalysisError(_("Kies een besluit."))
    if missing:
        raise AnalysisError(_("Vul nog in: %(list)s.") % {"list": "; ".join(str(m) for m in missing)})
    texts = {
        "goals": goals,
        "frame_cost": frame_cost,
        "frame_capacity": frame_capacity,
        "steering": steering,
        "inform_moments": inform_moments,
        "criminal_relation": criminal_relation,
        "external_communication": external_communication,
        "motivation": motivation,
    }
    labels = {name: str(ForumDecision._meta.get_field(name).verbose_name).capitalize() for name in texts}
    labels["escalation_line"] = _("Escalatielijn")
    accepted = _guard({**texts, "escalation_line": "\n".join(escalation)}, confirmed_findings, labels=labels)
    decision = ForumDecision.objects.create(
        case=case,
        advice=advice,
        supersedes=current_decision(case),
        forum=forum,
        decided_on=decided_on,
        outcome=outcome,
        priority=int(priority) if priority else None,
        escalation_line=escalation,
        analysis_domains=domains,
        fast_track=fast_track,
        recorded_by=actor,
        **{name: value.strip() for name, value in texts.items()},
    )
    _keep_confirmations(decision, accepted, actor)
    # The case carries the priority the forum gave it (the regie overview sorts on it).
    case.priority = decision.priority
    case.save(update_fields=["priority"])
    link = reverse("analysis:decision", args=[case.pk])
    notify.tell(Kind.DECISION_RECORDED, case, notify.participants(case), link=link, actor=actor)
    return decision


def decision_in_step(case) -> ForumDecision | None:
    """The current decision if it was recorded during the case's current stay in step 4."""
    decision = current_decision(case)
    entered = _entered_step(case, Step.ADVIES)
    if decision is None or entered is None or decision.recorded_at < entered:
        return None
    return decision


# --- contacts with other municipalities ---------------------------------------------------------


@transaction.atomic
def record_municipality_contact(
    case, *, actor, municipality, informed_on: date, shared_information: str, confirmed_findings=()
) -> MunicipalityContact:
    case = _lock(case)
    _require_manager(actor, case)
    if municipality.pk == case.municipality_id:
        raise AnalysisError(_("Kies een andere gemeente dan de eigen."))
    if informed_on > timezone.localdate():
        raise AnalysisError(_("De datum kan niet in de toekomst liggen."))
    if not shared_information.strip():
        raise AnalysisError(_("Beschrijf welke informatie is gedeeld."))
    accepted = _guard({_("De gedeelde informatie"): shared_information}, confirmed_findings)
    contact = MunicipalityContact.objects.create(
        case=case,
        municipality=municipality,
        informed_on=informed_on,
        shared_information=shared_information.strip(),
        recorded_by=actor,
    )
    _keep_confirmations(contact, accepted, actor)
    return contact
