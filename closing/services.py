"""Step 7 (appendix §3.8): closing and evaluating.

- The forum's decision to scale down or stop, tested against the plan's SMART results:
  each result reached or not, with its figures (pre-filled from the linked indicators).
- Hand-overs of remaining actions and of one youth's continued guidance to a named
  organisation of the municipality, which accepts or declines.
- The retention period of the case's personal data (default: the covenant's term) and
  the legal hold that stops the retention command. The command itself is privacy's
  (privacy/retention.py, `apply_retention`); what this app holds is scrubbed by
  closing/shredders.py.
- The evaluation: criteria measured by the system, each participant's written
  contribution, and the date the forum discussed it (which freezes the figures).

Every write is a function here, like analysis.services: in a transaction, the case row
locked, the access decision (privacy.access) asked, the step checked, group-level text
through the privacy guard, personal data logged per subject. See
docs/gebruikers/afronden-en-evalueren.md.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from analysis.models import Forum, Outcome
from cases import notify, workflow
from cases import services as case_services
from cases.models import Case, Participant, Step
from cases.writes import guard as _guard
from cases.writes import keep_confirmations as _keep_confirmations
from cases.writes import lock as _lock
from cases.writes import member_of as _member_of
from cases.writes import require as _require
from cases.writes import require_manager as _require_manager
from closing.models import (
    ClosingDecision,
    ClosingOutcome,
    Criterion,
    Evaluation,
    EvaluationContribution,
    Handover,
    HandoverStatus,
    LegalHold,
    RetentionDecision,
)
from groepsaanpak.errors import GATE
from groups.models import Membership
from monitoring.models import OPEN_ACTION_STATUSES, Action, ActionStatus, ActionUpdate, Direction
from notifications.models import Kind
from plans import content as c
from plans import services as plan_services
from plans.common import AccessDenied, ApproachError, WorkflowError, pseudonyms
from privacy import access, log, policies, retention
from privacy.categories import Category
from privacy.retention import DEFAULT_RETENTION_MONTHS, add_months  # noqa: F401 - used by views and tests

ACCORDING_TO_COVENANT = "Conform convenant"


def _today() -> date:
    return timezone.localdate()


def _local_date(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _num(value) -> str:
    """A decimal as Dutch text: 12, 6,5."""
    d = Decimal(str(value))
    text = f"{d.normalize():f}" if d != 0 else "0"
    return text.replace(".", ",")


# --- the closing decision -------------------------------------------------------------------


def current_closing_decision(case) -> ClosingDecision | None:
    """The newest closing decision is the one in force; earlier ones stay for the record."""
    return case.closing_decisions.select_related("recorded_by").order_by("-recorded_at", "-pk").first()


def reached(indicator, value) -> bool:
    """Is `value` at or beyond the indicator's target, in the indicator's direction?"""
    if indicator.direction == Direction.UP:
        return Decimal(value) >= indicator.target
    return Decimal(value) <= indicator.target


def proposed_results(case) -> list[dict]:
    """One row per SMART result of the plan in force, pre-filled for the forum: the latest
    measurement of each indicator linked to the result against its target (respecting
    the indicator's direction). `reached` is None when nothing was measured yet; the
    forum then decides itself. Group level: counts only."""
    version = plan_services.current(case)
    if version is None:
        return []
    goals = {g["key"]: c.goal_label(g) for g in c.goals(version.content)}
    indicators: dict[str, list] = {}
    for indicator in case.indicators.exclude(result_key="").order_by("name", "pk"):
        indicators.setdefault(indicator.result_key, []).append(indicator)
    rows = []
    for result in c.results(version.content):
        parts, verdicts = [], []
        for indicator in indicators.get(result["key"], []):
            latest = indicator.measurements.order_by("-period_start", "-pk").first()
            values = {
                "name": indicator.name,
                "baseline": _num(indicator.baseline),
                "target": _num(indicator.target),
                "unit": f" {indicator.unit}" if indicator.unit else "",
            }
            if latest is None:
                parts.append(
                    _("%(name)s: nulmeting %(baseline)s, streefwaarde %(target)s%(unit)s; nog geen meting.")
                    % values
                )
                continue
            ok = reached(indicator, latest.value)
            verdicts.append(ok)
            values.update(
                value=_num(latest.value),
                period=latest.period_start.strftime("%d-%m-%Y"),
                verdict=_("streefwaarde bereikt") if ok else _("streefwaarde niet bereikt"),
            )
            parts.append(
                _(
                    "%(name)s: nulmeting %(baseline)s, streefwaarde %(target)s%(unit)s, laatste meting "
                    "%(value)s (periode vanaf %(period)s): %(verdict)s."
                )
                % values
            )
        if not parts:
            parts.append(
                _("Nulmeting %(baseline)s, streefwaarde %(target)s %(unit)s; geen indicator gekoppeld.")
                % {
                    "baseline": _num(result.get("baseline") or 0),
                    "target": _num(result.get("target") or 0),
                    "unit": result.get("unit") or "",
                }
            )
        rows.append(
            {
                "key": result["key"],
                "indicator": result.get("indicator", ""),
                "goal": goals.get(result.get("goal"), ""),
                "baseline": result.get("baseline", ""),
                "target": result.get("target", ""),
                "unit": result.get("unit", ""),
                "deadline": result.get("deadline", ""),
                "reached": all(verdicts) if verdicts else None,
                "figures": " ".join(" ".join(parts).split()),
            }
        )
    return rows


def _clean_results(version, results) -> tuple[list[dict], dict[str, str]]:
    """Check the forum's results against the plan in force: exactly one entry per plan
    result, each with reached yes/no and its figures. Returns (rows, texts to guard)."""
    plan_results = c.results(version.content)
    given = {}
    for row in results or []:
        key = str((row or {}).get("key") or "")
        if key in given:
            raise ApproachError(_("Elk resultaat van het plan wordt één keer getoetst."))
        given[key] = row
    expected = [r["key"] for r in plan_results]
    if set(given) != set(expected):
        raise ApproachError(
            _("Toets elk resultaat van het plan van aanpak dat nu geldt (versie %(n)s), en alleen die.")
            % {"n": version.number}
        )
    rows, texts = [], {}
    for i, result in enumerate(plan_results, start=1):
        row = given[result["key"]]
        verdict = row.get("reached")
        if not isinstance(verdict, bool):
            raise ApproachError(
                _("Geef bij resultaat %(i)s (%(name)s) aan of het is bereikt.")
                % {"i": i, "name": result.get("indicator", "")}
            )
        figures = str(row.get("figures") or "").strip()
        if not figures:
            raise ApproachError(
                _("Vul bij resultaat %(i)s (%(name)s) de cijfers in.")
                % {"i": i, "name": result.get("indicator", "")}
            )
        rows.append({"key": result["key"], "reached": verdict, "figures": figures})
        texts[_("Cijfers bij resultaat %(i)s") % {"i": i}] = figures
    return rows, texts


@transaction.atomic
def record_closing_decision(
    case, *, actor, forum: str, decided_on: date, outcome: str, motivation: str, results,
    confirmed_findings=(),
) -> ClosingDecision:  # fmt: skip
    """Record the forum's decision to scale down or stop, tested against the results of the
    plan in force. Only a mandated member of the forum (role beslisser) of the case's
    municipality, only in step 7. Immutable: a later decision is a new record."""
    case = _lock(case)
    policies.check(actor, "closing.decide", case=case).enforce()
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten."))
    workflow.require_write(case, "closing.decision")
    if forum not in Forum.values:
        raise ApproachError(_("Kies het overleg dat het besluit nam."))
    if outcome not in ClosingOutcome.values:
        raise ApproachError(_("Kies afschalen of stoppen."))
    if not isinstance(decided_on, date) or decided_on > _today():
        raise ApproachError(_("De datum van het besluit kan niet in de toekomst liggen."))
    motivation = (motivation or "").strip()
    if not motivation:
        raise ApproachError(_("Motiveer het besluit: zijn de doelen bereikt?"))
    version = plan_services.current(case)
    if version is None:
        raise ApproachError(_("Er is geen plan van aanpak om het besluit aan te toetsen."))
    rows, texts = _clean_results(version, results)
    accepted = _guard({_("Motivering"): motivation, **texts}, confirmed_findings)
    decision = ClosingDecision.objects.create(
        case=case,
        plan=version,
        forum=forum,
        decided_on=decided_on,
        outcome=outcome,
        results=rows,
        motivation=motivation,
        recorded_by=actor,
    )
    _keep_confirmations(decision, accepted, actor)
    link = reverse("closing:closing", args=[case.pk])
    notify.tell(Kind.DECISION_RECORDED, case, notify.participants(case), link=link, actor=actor)
    return decision


def tested_results(case, decision) -> list[dict]:
    """The decision's results with the plan's wording, for display."""
    if decision is None:
        return []
    content = decision.plan.content if decision.plan_id else {}
    labels = {r["key"]: r for r in c.results(content)}
    return [
        {**row, "indicator": labels.get(row["key"], {}).get("indicator", row["key"])}
        for row in decision.results
    ]


# --- hand-overs ---------------------------------------------------------------------------------


def _may_receive_personal(organisation, case) -> bool:
    rule = access.covenant_rules(case.municipality_id).get((organisation.kind, Category.PERSONAL))
    return bool(rule and rule.may_receive)


@transaction.atomic
def offer_handover(
    case, *, actor, to_organisation, what: str, action=None, membership=None, confirmed_findings=()
) -> Handover:
    """Offer a remaining action, or the continued guidance of one youth, or another part of
    the approach to a named organisation of the municipality. An organisation that does not
    take part in the case yet is invited (it must be able to read what it takes over). A
    youth's guidance is personal data: only who may supply personal data offers it, only to
    an organisation that may receive it under the covenant, and it is logged."""
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "handover")
    if to_organisation is None or to_organisation.municipality_id != case.municipality_id:
        raise AccessDenied(_("Kies een organisatie uit de eigen gemeente."))
    if action is not None and membership is not None:
        raise ApproachError(_("Draag een actie óf de begeleiding van één jongere over, niet beide tegelijk."))
    what = (what or "").strip()
    if not what:
        raise ApproachError(_("Beschrijf wat wordt overgedragen."))
    accepted = []
    if action is not None:
        if action.case_id != case.pk:
            raise AccessDenied(_("Deze actie hoort niet bij deze casus."))
        if action.status not in OPEN_ACTION_STATUSES:
            raise ApproachError(_("Alleen een lopende of geplande actie kan worden overgedragen."))
        if action.handovers.filter(status__in=(HandoverStatus.OFFERED, HandoverStatus.ACCEPTED)).exists():
            raise ApproachError(_("Deze actie is al aangeboden of overgedragen."))
    if membership is not None:
        _member_of(case, membership)
        _require(access.can_supply(actor, case, Category.PERSONAL))
        if not _may_receive_personal(to_organisation, case):
            raise AccessDenied(
                _("%(org)s mag volgens het convenant geen persoonsgegevens ontvangen.")
                % {"org": to_organisation.name}
            )
    else:
        accepted = _guard({_("Wat wordt overgedragen"): what}, confirmed_findings)
    Participant.objects.get_or_create(
        case=case, organisation=to_organisation, defaults={"invited_at_step": case.step, "invited_by": actor}
    )
    handover = Handover.objects.create(
        case=case,
        to_organisation=to_organisation,
        action=action,
        membership=membership,
        what=what,
        offered_by=actor,
    )
    _keep_confirmations(handover, accepted, actor)
    if membership is not None:
        log.write(actor, "handover.offer", pseudonyms([membership]), case=case)
    receivers = notify.allowed_in(to_organisation.pk, "handover.answer", case, handover)
    notify.tell(Kind.HANDOVER_OFFERED, case, receivers, link=reverse("closing:handovers"), actor=actor)
    return handover


@transaction.atomic
def answer_handover(handover, *, actor, accept: bool, reason: str = "", confirmed_findings=()) -> Handover:
    """The receiving organisation accepts or declines (with a reason). Accepting a hand-over
    of an action makes the receiving organisation its owner: the action stays open in
    that organisation's regular work, and the case can close (the gate counts an action
    handed over and accepted as settled). A declined hand-over leaves the action with the
    case: offer it to another organisation or close the action."""
    case = _lock(handover.case)
    handover = (
        Handover.objects.select_for_update(of=("self",)).select_related("to_organisation").get(pk=handover.pk)
    )
    handover.case = case
    policies.check(actor, "handover.answer", obj=handover).enforce()
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten."))
    if handover.status != HandoverStatus.OFFERED:
        raise ApproachError(_("Deze overdracht is al beantwoord."), code=GATE)
    reason = (reason or "").strip()
    accepted = []
    if not accept:
        if not reason:
            raise ApproachError(_("Geef de reden waarom uw organisatie de overdracht weigert."))
        if handover.membership_id is None:
            accepted = _guard({_("Reden van weigering"): reason}, confirmed_findings)
    if accept and handover.action_id:
        action = Action.objects.select_for_update().get(pk=handover.action_id)
        if action.organisation_id != handover.to_organisation_id:
            action.organisation = handover.to_organisation
            if action.owner_id and action.owner.organisation_id != handover.to_organisation_id:
                action.owner = None
            action.save(update_fields=["organisation", "owner", "updated_at"])
        ActionUpdate.objects.create(
            action=action,
            from_status=action.status,
            to_status=action.status,
            note=_("Overgedragen aan %(org)s bij het afronden van de aanpak.")
            % {"org": handover.to_organisation.name},
            actor=actor,
        )
    handover.status = HandoverStatus.ACCEPTED if accept else HandoverStatus.DECLINED
    handover.answered_by = actor
    handover.answered_at = timezone.now()
    handover.decline_reason = "" if accept else reason
    handover.save(update_fields=["status", "answered_by", "answered_at", "decline_reason"])
    _keep_confirmations(handover, accepted, actor)
    if handover.membership_id:
        log.write(
            actor,
            "handover.answer",
            pseudonyms([Membership.objects.select_related("person").get(pk=handover.membership_id)]),
            case=case,
        )
    return handover


# --- retention and legal hold ---------------------------------------------------------------------


def covenant_retention_months(case) -> int:
    """The longest of the covenant's retention terms per category for the case's
    municipality (privacy.retention.covenant_months): how long the name list is kept by
    default. Criminal, care and other special data go on their own, possibly shorter, terms
    (`retention_dates`). Without a covenant in force: 24 months."""
    return max(retention.covenant_months(case.municipality_id, _today()).values())


def retention_dates(case, keep_until: date | None = None) -> dict[str, date]:
    """Per category, how long the case's data are kept: the covenant's term per category
    from the closing date. A `keep_until` other than the default (the last of those dates)
    shortens every term to it at most, or extends every term by as many days."""
    months = retention.covenant_months(case.municipality_id, _today())
    dates = retention.category_dates(retention_base(case), months)
    default = dates[str(Category.PERSONAL)]
    if keep_until is None or keep_until == default:
        return dates
    if keep_until < default:
        return {cat: min(day, keep_until) for cat, day in dates.items()}
    return {cat: day + (keep_until - default) for cat, day in dates.items()}


def retention_base(case) -> date:
    """The date the retention term runs from: the closing date (today while still open)."""
    return _local_date(case.closed_at) if case.closed_at else _today()


def default_keep_until(case) -> date:
    return add_months(retention_base(case), covenant_retention_months(case))


def current_retention(case) -> RetentionDecision | None:
    return case.retention_decisions.select_related("decided_by").order_by("-decided_at", "-pk").first()


def _retention_case(case, actor, *, policy: str) -> Case:
    case = _lock(case)
    policies.check(actor, policy, case=case).enforce()
    return case


@transaction.atomic
def set_retention(
    case, *, actor, keep_until: date | None = None, motivation: str = "", confirmed_findings=()
):
    """Fix how long the case's personal data are kept. Default: the closing date (today
    while the case is open) plus the covenant's term (`covenant_retention_months`), with
    the motivation "Conform convenant". A shorter or longer term needs its own motivation.
    In step 7, or later on a closed case (e.g. by the privacy officer). The newest
    decision is in force and is copied to Case.retention_until."""
    case = _retention_case(case, actor, policy="retention.set")
    if case.is_open and not workflow.write_allowed(case, "retention"):
        raise WorkflowError(
            _("De bewaartermijn wordt vastgesteld in stap 7 of na het afsluiten van de casus.")
        )
    months = covenant_retention_months(case)
    default = add_months(retention_base(case), months)
    motivation = (motivation or "").strip()
    if keep_until is None:
        keep_until = default
        motivation = motivation or ACCORDING_TO_COVENANT
    elif keep_until != default and motivation in ("", ACCORDING_TO_COVENANT):
        raise ApproachError(
            _("Motiveer waarom de bewaartermijn afwijkt van het convenant (%(n)s maanden, tot %(d)s).")
            % {"n": months, "d": default.strftime("%d-%m-%Y")}
        )
    if not motivation:
        raise ApproachError(_("Geef een motivering."))
    if keep_until < retention_base(case):
        raise ApproachError(_("'Bewaren tot' kan niet vóór de sluitingsdatum liggen."))
    accepted = _guard({_("Motivering"): motivation}, confirmed_findings)
    decision = RetentionDecision.objects.create(
        case=case, keep_until=keep_until, covenant_months=months, motivation=motivation, decided_by=actor
    )
    _keep_confirmations(decision, accepted, actor)
    case_services.store_retention_terms(
        case,
        retention_dates(case, keep_until),
        retention.covenant_months(case.municipality_id, _today()),
    )
    if keep_until > default:
        # An extension keeps personal data longer than agreed: accountable per youth, its
        # motivation is the decision's (RetentionDecision, shown on the step-7 page).
        subjects = [str(p) for p in case.memberships.values_list("person__pseudonym", flat=True)]
        log.write(actor, "retention.extend", subjects, case=case)
    return decision


@transaction.atomic
def set_legal_hold(case, *, actor, on: bool, reason: str, confirmed_findings=()) -> Case:
    """Switch the legal hold (bewaarplicht, e.g. a criminal investigation or a complaint):
    while on, the retention command leaves the case alone. Each switch is kept as a
    LegalHold record (who, when, why) and logged per member."""
    case = _retention_case(case, actor, policy="legal_hold.set")
    reason = (reason or "").strip()
    if not reason:
        raise ApproachError(_("Geef de reden van de bewaarplicht."))
    if bool(on) == case.legal_hold:
        raise ApproachError(
            _("De bewaarplicht staat al aan.") if on else _("Er geldt geen bewaarplicht om op te heffen.")
        )
    accepted = _guard({_("Reden"): reason}, confirmed_findings)
    record = LegalHold.objects.create(case=case, on=bool(on), reason=reason, decided_by=actor)
    _keep_confirmations(record, accepted, actor)
    Case.objects.filter(pk=case.pk).update(legal_hold=bool(on))
    case.legal_hold = bool(on)
    subjects = [str(p) for p in case.memberships.values_list("person__pseudonym", flat=True)]
    log.write(actor, "case.legal_hold", subjects, case=case)
    return case


# --- the evaluation -------------------------------------------------------------------------------


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start and end else None


def measured(case) -> dict:
    """The criteria the system can fill in itself (group level, JSON-ready):

    - duration: realised days from entering step 5 to the closing decision (today while
      there is none) against the planned days from plan version 1 to the latest result
      deadline in the plan in force;
    - agreements: actions (lapsed ones not counted) done on time (completed on or before the
      due date), done late, not kept, still open; escalations;
    - speed: days from the group's first signal to the prioritising decision, from opening
      the case to that decision; number of plan versions (adjustments);
    - effort: actions per partner and per track;
    - effectiveness: results reached according to the closing decision."""
    today = _today()
    entered5 = case.transitions.filter(to_step=Step.PLAN).order_by("at", "pk").first()
    closing = current_closing_decision(case)
    first_plan = case.approach_plans.order_by("number").first()
    version = plan_services.current(case)
    deadlines = []
    for r in c.results(version.content) if version else []:
        with contextlib.suppress(ValueError):
            deadlines.append(date.fromisoformat(r.get("deadline") or ""))
    start5 = _local_date(entered5.at) if entered5 else None
    end = closing.decided_on if closing else today
    planned_from = _local_date(first_plan.created_at) if first_plan else None
    planned_to = max(deadlines) if deadlines else None

    actions = list(case.actions.select_related("organisation").exclude(status=ActionStatus.LAPSED))
    done = [a for a in actions if a.status == ActionStatus.DONE]
    on_time = [a for a in done if a.completed_at and _local_date(a.completed_at) <= a.due_date]
    counted = len(actions)

    from intake.models import Signal

    first_signal = Signal.objects.filter(group_id=case.group_id).order_by("observed_at").first()
    prioritised = case.decisions.filter(outcome=Outcome.PRIORITISED).order_by("recorded_at", "pk").first()
    opened = _local_date(case.opened_at)

    tracks = dict(c.TRACKS)
    per_partner = Counter(a.organisation.name for a in actions)
    per_track = Counter(str(tracks.get(a.track, a.track)) for a in actions)
    results = closing.results if closing else []
    return {
        "duration": {
            "realised_days": _days(start5, end),
            "planned_days": _days(planned_from, planned_to),
            "from": start5.isoformat() if start5 else None,
            "to": end.isoformat(),
            "until_closing_decision": closing is not None,
            "planned_to": planned_to.isoformat() if planned_to else None,
        },
        "agreements": {
            "actions": counted,
            "on_time": len(on_time),
            "late": len(done) - len(on_time),
            "not_kept": sum(1 for a in actions if a.status == ActionStatus.NOT_KEPT),
            "open": sum(1 for a in actions if a.status in OPEN_ACTION_STATUSES),
            "on_time_share": round(100 * len(on_time) / counted) if counted else None,
            "escalations": case.escalations.count(),
        },
        "speed": {
            "signal_to_decision_days": _days(
                _local_date(first_signal.observed_at) if first_signal else None,
                prioritised.decided_on if prioritised else None,
            ),
            "opening_to_decision_days": _days(opened, prioritised.decided_on if prioritised else None),
            "plan_versions": case.approach_plans.count(),
        },
        "effort": {
            "per_partner": dict(sorted(per_partner.items())),
            "per_track": dict(sorted(per_track.items())),
        },
        "effectiveness": {
            "results": len(results),
            "reached": sum(1 for r in results if r.get("reached")),
            "outcome": closing.outcome if closing else "",
        },
    }


def evaluation_figures(evaluation, case) -> dict:
    """Frozen once discussed; until then computed now."""
    if evaluation is not None and evaluation.discussed_on is not None:
        return evaluation.measured
    return measured(case)


@transaction.atomic
def open_evaluation(case, *, actor) -> Evaluation:
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "evaluation")
    evaluation, _created = Evaluation.objects.get_or_create(
        case=case, defaults={"created_by": actor, "measured": measured(case)}
    )
    return evaluation


@transaction.atomic
def save_contribution(evaluation, *, actor, texts: dict, confirmed_findings=()) -> EvaluationContribution:
    """The actor's organisation's written evaluation per criterion (one per organisation;
    updated until the forum discussed the evaluation). Group level, guarded."""
    case = _lock(evaluation.case)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    policies.check(actor, "evaluation.contribute", case=case).enforce()
    if evaluation.discussed_on is not None:
        raise ApproachError(
            _("De evaluatie is al besproken in het overleg; bijdragen liggen vast."), code=GATE
        )
    unknown = set(texts or {}) - set(Criterion.values)
    if unknown:
        raise ApproachError(_("Onbekend criterium."))
    clean = {
        code: (texts.get(code) or "").strip() for code in Criterion.values if (texts.get(code) or "").strip()
    }
    if not clean:
        raise ApproachError(_("Schrijf bij ten minste één criterium uw ervaring."))
    labels = dict(Criterion.choices)
    accepted = _guard({str(labels[code]): text for code, text in clean.items()}, confirmed_findings)
    contribution, _created = EvaluationContribution.objects.update_or_create(
        evaluation=evaluation, organisation=actor.organisation, defaults={"texts": clean, "author": actor}
    )
    _keep_confirmations(contribution, accepted, actor)
    return contribution


@transaction.atomic
def record_discussion(
    evaluation, *, actor, discussed_on: date, forum: str, summary: str, confirmed_findings=()
) -> Evaluation:
    """The forum discussed the evaluation: date, forum, summary and lessons; the measured
    figures are frozen into the evaluation at this moment."""
    case = _lock(evaluation.case)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_manager(actor, case)
    workflow.require_write(case, "evaluation")
    if evaluation.discussed_on is not None:
        raise ApproachError(_("De bespreking van de evaluatie is al vastgelegd."), code=GATE)
    if forum not in Forum.values:
        raise ApproachError(_("Kies het overleg waarin de evaluatie is besproken."))
    if not isinstance(discussed_on, date) or discussed_on > _today():
        raise ApproachError(_("De datum van de bespreking kan niet in de toekomst liggen."))
    summary = (summary or "").strip()
    if not summary:
        raise ApproachError(_("Vat de bespreking en de lessen samen."))
    accepted = _guard({_("Samenvatting en lessen"): summary}, confirmed_findings)
    evaluation.measured = measured(case)
    evaluation.discussed_on = discussed_on
    evaluation.forum = forum
    evaluation.summary = summary
    evaluation.save(update_fields=["measured", "discussed_on", "forum", "summary", "updated_at"])
    _keep_confirmations(evaluation, accepted, actor)
    return evaluation


# --- the checklist ------------------------------------------------------------------------------


def checklist(case) -> list[tuple[str, bool]]:
    """What closing still needs, as done / not done lines: the requirements of the closing
    gate in cases.workflow, so the page shows exactly what the gate checks."""
    return workflow.checklist(case, step=7)


def organisations_of(case):
    return Organisation.objects.filter(municipality_id=case.municipality_id).order_by("name")
