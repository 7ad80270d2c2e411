"""Step 6: the actions the plan of approach yields, their history, escalation along the
decision's escalation line, reminders, and the reads ("my actions", progress).

Every write runs in a transaction with the case row locked, asks the one access decision
(privacy.access), checks the step, guards group-level text and logs personal data per
subject. An action aimed at one member is personal data: it is shown only to who may
receive personal data (the read logged per member), and only who may supply personal
data creates one. The other actions (group, location) are group level."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from cases import notify, workflow
from cases.models import CaseStatus
from cases.writes import guard as _guard
from cases.writes import keep_confirmations as _keep_confirmations
from cases.writes import lock as _lock
from cases.writes import member_of as _member_of
from cases.writes import require_manager as _require_manager
from groepsaanpak.errors import GATE
from groups.models import Membership
from monitoring.models import OPEN_ACTION_STATUSES, Action, ActionStatus, ActionUpdate, Escalation, Reminder
from notifications.models import Kind
from plans import content as c
from plans import services as plan_services
from plans.common import AccessDenied, ApproachError, WorkflowError, current_decision, pseudonyms
from plans.models import TargetKind, Track
from privacy import access, log, policies
from privacy.categories import Category

logger = logging.getLogger(__name__)


# --- access: privacy.policies decides ("action.see", "action.update", "action.escalate") --------


# --- writes ----------------------------------------------------------------------------------


def _plan_measure(case, measure_key) -> dict:
    version = plan_services.current(case)
    if version is None:
        raise ApproachError(
            _("Er is nog geen plan van aanpak; acties komen uit de maatregelen van het plan.")
        )
    measure = c.measure(version.content, measure_key or "")
    if measure is None:
        raise ApproachError(_("Deze maatregel staat niet in het plan van aanpak dat nu geldt."))
    return measure


def _organisation(case, organisation) -> Organisation:
    if organisation is not None and not isinstance(organisation, Organisation):
        organisation = Organisation.objects.filter(pk=organisation).first()
    if organisation is None or organisation.municipality_id != case.municipality_id:
        raise ApproachError(_("Kies een partner uit de gemeente van deze casus."))
    if not case.participants.filter(organisation=organisation).exists():
        raise ApproachError(
            _("%(org)s neemt niet deel aan deze casus; nodig de organisatie eerst uit.")
            % {"org": organisation.name}
        )
    return organisation


def _clean_date(value, label) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise ApproachError(_("Vul een geldige datum in voor %(label)s.") % {"label": label})
    return value


@transaction.atomic
def add_action(
    case,
    *,
    actor,
    measure_key: str,
    organisation=None,
    owner=None,
    description: str,
    due_date,
    target_kind: str | None = None,
    membership=None,
    location: str = "",
    track: str | None = None,
    confirmed_findings=(),
) -> Action:
    """One action from a measure of the plan in force. Track, target (kind, member,
    location) and organisation are copied from the measure unless given; the owner, if
    named, belongs to the organisation. Managers only, in steps 5–6."""
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "action")
    measure = _plan_measure(case, measure_key)
    organisation = _organisation(case, organisation if organisation is not None else measure["organisation"])
    if owner is not None and (owner.organisation_id != organisation.pk or not owner.is_active):
        raise ApproachError(
            _("%(who)s werkt niet bij %(org)s; kies een eigenaar van die organisatie of laat het open.")
            % {"who": owner.display_name(), "org": organisation.name}
        )
    description = (description or "").strip()
    if not description:
        raise ApproachError(_("Beschrijf wat er wordt gedaan."))
    due_date = _deadline(due_date)
    track = track or measure["track"]
    if track not in Track.values:
        raise ApproachError(_("Kies het spoor."))
    target_kind = target_kind or measure["target_kind"]
    if target_kind not in TargetKind.values:
        raise ApproachError(_("Kies waarop de actie is gericht."))
    location = " ".join((location or "").split())
    member = None
    if target_kind == TargetKind.MEMBER:
        if membership is None:
            membership = measure.get("membership")
        if membership is not None and not isinstance(membership, Membership):
            membership = Membership.objects.filter(pk=membership).select_related("person").first()
        member = _member_of(case, membership)
        decision = access.can_supply(actor, case, Category.PERSONAL)
        if not decision:
            raise AccessDenied(decision.reason)
        location = ""
    elif target_kind == TargetKind.LOCATION:
        location = location or measure.get("location") or ""
        if not location:
            raise ApproachError(_("Noem de locatie."))
    action = _create(
        case,
        actor=actor,
        confirmed_findings=confirmed_findings,
        measure_key=measure["key"],
        track=track,
        organisation=organisation,
        owner=owner,
        target_kind=target_kind,
        membership=member,
        location=location,
        description=description,
        due_date=due_date,
    )
    if member is not None:
        log.write(actor, "approach_action.create", pseudonyms([member]), case=case)
    notify.tell(Kind.ACTION_ASSIGNED, case, action_holders(action), link=_action_link(action), actor=actor)
    return action


def _action_link(action) -> str:
    return reverse("monitoring:action", kwargs={"pk": action.case_id, "action_pk": action.pk})


def action_holders(action) -> list:
    """Who is told about an action: its owner, or (without one) who of the owning
    organisation may work on it (policy action.update — a youth's action only who may see it)."""
    if action.owner_id is not None:
        owner = action.owner
        return [owner] if policies.allowed(owner, "action.see", case=action.case, obj=action) else []
    return notify.allowed_in(action.organisation_id, "action.update", action.case, action)
@transaction.atomic
def add_urgent_action(
    case, *, actor, organisation, description: str, due_date, location: str = "", confirmed_findings=()
) -> Action:
    """An urgent measure of the fast track, before a plan exists (the source: measures that
    cannot wait for the decision). Aimed at the group, or at a location when one is named —
    never at a youth: that needs the name list and the plan. Taken into the plan later with
    take_into_plan; the mark "spoedmaatregel" stays."""
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "urgent_action")
    organisation = _organisation(case, organisation)
    description = (description or "").strip()
    if not description:
        raise ApproachError(_("Beschrijf wat er wordt gedaan."))
    due_date = _deadline(due_date)
    location = " ".join((location or "").split())
    return _create(
        case,
        actor=actor,
        confirmed_findings=confirmed_findings,
        measure_key="",
        urgent=True,
        track=Track.ENVIRONMENT if location else Track.GROUP,
        organisation=organisation,
        target_kind=TargetKind.LOCATION if location else TargetKind.GROUP,
        location=location,
        description=description,
        due_date=due_date,
    )


def _create(case, *, actor, confirmed_findings, **fields) -> Action:
    """Guard the description and location, create the action and its first status row."""
    accepted = _guard(
        {_("Beschrijving"): fields["description"], _("Locatie"): fields["location"]}, confirmed_findings
    )
    action = Action.objects.create(case=case, created_by=actor, **fields)
    _keep_confirmations(action, accepted, actor)
    ActionUpdate.objects.create(action=action, from_status="", to_status=action.status, note="", actor=actor)
    return action


@transaction.atomic
def take_into_plan(action: Action, *, actor, measure_key: str) -> Action:
    """An urgent measure becomes part of the plan in force: it gets the plan's measure."""
    case = _lock(action.case)
    _require_manager(actor, case)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not action.urgent or action.measure_key:
        raise ApproachError(_("Deze actie hoort al bij een maatregel van het plan."), code=GATE)
    measure = _plan_measure(case, measure_key)
    action.measure_key = measure["key"]
    action.save(update_fields=["measure_key", "updated_at"])
    return action


def actions_from_measure(case, *, actor, measure_key: str, due_date, owner=None, confirmed_findings=()):
    """An action with the measure's defaults (organisation, target, description)."""
    measure = _plan_measure(case, measure_key)
    return add_action(
        case,
        actor=actor,
        measure_key=measure_key,
        organisation=measure["organisation"],
        owner=owner,
        description=measure["description"],
        due_date=due_date,
        confirmed_findings=confirmed_findings,
    )


@transaction.atomic
def actions_from_plan(case, *, actor, due_date, confirmed_findings=()) -> list[Action]:
    """One action with defaults for every measure of the plan in force that has none yet."""
    version = plan_services.current(case)
    if version is None:
        raise ApproachError(
            _("Er is nog geen plan van aanpak; acties komen uit de maatregelen van het plan.")
        )
    done = set(case.actions.values_list("measure_key", flat=True))
    return [
        actions_from_measure(
            case, actor=actor, measure_key=m["key"], due_date=due_date, confirmed_findings=confirmed_findings
        )
        for m in c.measures(version.content)
        if m["key"] not in done
    ]


@transaction.atomic
def _deadline(value):
    """A deadline set or moved: a date, not in the past (adding and moving check the same)."""
    value = _clean_date(value, _("de deadline"))
    if value < timezone.localdate():
        message = _("De deadline van een actie kan niet in het verleden liggen.")
        raise ApproachError(message, errors={"due_date": [message]})
    return value


def update_action(action, *, actor, status: str, result_note: str = "", due_date=None, confirmed_findings=()):
    """A new status (and/or result note, and for managers a new deadline), recorded in the
    action's history. `completed_at` is set when the action becomes gereed."""
    case = _lock(action.case)
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("organisation", "membership__person")
        .get(pk=action.pk)
    )
    action.case = case
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten."))
    decision = policies.check(actor, "action.update", obj=action)
    if not decision:
        raise AccessDenied(decision.reason)
    if status not in ActionStatus.values:
        raise ApproachError(_("Kies een status."))
    note = (result_note or "").strip()
    notes = []
    if due_date is not None:
        due_date = _clean_date(due_date, _("de deadline"))
        if due_date != action.due_date:
            due_date = _deadline(due_date)
            if not access.can_manage_case(actor, case):
                raise access.refuse(
                    actor,
                    action,
                    _("Alleen de coördinator verzet de deadline van een actie."),
                    what="action.due_date",
                )
            notes.append(
                _("Deadline verzet van %(old)s naar %(new)s.")
                % {"old": action.due_date.strftime("%d-%m-%Y"), "new": due_date.strftime("%d-%m-%Y")}
            )
        else:
            due_date = None
    if status == action.status and not note and due_date is None:
        raise ApproachError(
            _("Er is niets gewijzigd: kies een andere status, vul het resultaat in of verzet de deadline.")
        )
    accepted = _guard({_("Resultaat"): note}, confirmed_findings)
    previous = action.status
    action.status = status
    if note:
        action.result_note = note
    if due_date is not None:
        action.due_date = due_date
    if status == ActionStatus.DONE and previous != ActionStatus.DONE:
        action.completed_at = timezone.now()
    elif status != ActionStatus.DONE:
        action.completed_at = None
    action.save()
    update = ActionUpdate.objects.create(
        action=action,
        from_status=previous,
        to_status=status,
        note="\n".join([note, *notes]).strip(),
        actor=actor,
    )
    _keep_confirmations(update, accepted, actor)
    if action.membership_id:
        log.write(actor, "approach_action.update", pseudonyms([action.membership]), case=case)
    return action


def escalation_state(action) -> dict:
    """The escalation line of the decision in force and where this action stands on it:
    {"line": [labels], "current": index of the highest level reached (0: not escalated),
    "last": the last Escalation or None, "next": index of the next level or None}."""
    decision = current_decision(action.case)
    line = list(decision.escalation_line) if decision is not None else []
    escalations = list(action.escalations.order_by("level"))
    last = escalations[-1] if escalations else None
    current = last.level if last else 0
    nxt = current + 1 if current + 1 < len(line) else None
    return {"line": line, "current": current, "last": last, "next": nxt, "escalations": escalations}


@transaction.atomic
def escalate(action, *, actor, reason: str, confirmed_findings=()) -> Escalation:
    """Escalate a not kept or overdue action one level up the decision's escalation line
    (the first escalation goes to level 1, the level after the professional). Refused
    while the previous escalation has no outcome, and past the top of the line."""
    case = _lock(action.case)
    _require_manager(actor, case)
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.case = case
    if not (action.status == ActionStatus.NOT_KEPT or action.is_overdue):
        raise ApproachError(
            _("Alleen een actie die niet is nagekomen of te laat is, kan worden geëscaleerd.")
        )
    state = escalation_state(action)
    line = state["line"]
    if len(line) < 2:
        raise ApproachError(_("Het besluit van het overleg bevat geen escalatielijn om langs te escaleren."))
    last = state["last"]
    if last is not None and not last.outcome:
        raise ApproachError(
            _(
                "De escalatie naar %(level)s heeft nog geen uitkomst; leg die eerst vast voordat u verder escaleert."
            )
            % {"level": last.level_label}
        )
    if state["next"] is None:
        raise ApproachError(
            _(
                "Deze actie is al geëscaleerd naar het hoogste niveau van de escalatielijn (%(top)s); hoger kan niet."
            )
            % {"top": line[-1]}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApproachError(_("Geef aan waarom u escaleert."))
    accepted = _guard({_("Waarom"): reason}, confirmed_findings)
    escalation = Escalation.objects.create(
        case=case,
        action=action,
        level=state["next"],
        level_label=line[state["next"]],
        reason=reason,
        escalated_by=actor,
    )
    _keep_confirmations(escalation, accepted, actor)
    reached = notify.holding_function(case, escalation.level_label)
    notify.tell(Kind.ESCALATION, case, reached, link=_action_link(action), actor=actor)
    return escalation


@transaction.atomic
def record_escalation_outcome(escalation, *, actor, outcome: str, confirmed_findings=()) -> Escalation:
    """The outcome of an escalation (once); after it, a next level may be escalated to."""
    case = _lock(escalation.case)
    _require_manager(actor, case)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.outcome:
        raise ApproachError(_("De uitkomst van deze escalatie is al vastgelegd."))
    outcome = (outcome or "").strip()
    if not outcome:
        raise ApproachError(_("Beschrijf de uitkomst van de escalatie."))
    accepted = _guard({_("Uitkomst"): outcome}, confirmed_findings)
    escalation.outcome = outcome
    escalation.outcome_by = actor
    escalation.outcome_at = timezone.now()
    escalation.save(update_fields=["outcome", "outcome_by", "outcome_at"])
    _keep_confirmations(escalation, accepted, actor)
    return escalation


def _recipient(action):
    owner = action.owner
    if owner is not None and owner.is_active:
        return owner
    coordinator = action.case.coordinator
    if coordinator is not None and coordinator.is_active:
        return coordinator
    return None


def _reminder_text(action, recipient) -> tuple[str, str]:
    path = reverse("monitoring:action", kwargs={"pk": action.case_id, "action_pk": action.pk})
    link = getattr(settings, "SITE_URL", "").rstrip("/") + path
    target = {
        TargetKind.MEMBER: _("een jongere"),
        TargetKind.GROUP: _("de groep"),
        TargetKind.LOCATION: _("een locatie"),
    }[action.target_kind]
    subject = _("Herinnering: actie over de deadline (%(group)s)") % {"group": action.case.group.name}
    lines = [
        _("Beste %(name)s,") % {"name": recipient.display_name()},
        "",
        _("De deadline van deze actie in de groepsaanpak %(group)s is verstreken:")
        % {"group": action.case.group.name},
        "",
        _("Actie: %(text)s") % {"text": action.description},
        _("Gericht op: %(target)s") % {"target": target},
        _("Uitvoerder: %(org)s") % {"org": action.organisation.name},
        _("Uiterlijk gereed: %(date)s") % {"date": action.due_date.strftime("%d-%m-%Y")},
        _("Status: %(status)s") % {"status": action.get_status_display()},
        "",
        _("Werk de status bij of neem contact op met de uitvoeringscoördinator:"),
        link,
        "",
        _("Dit bericht is automatisch verstuurd door Groepsaanpak."),
    ]
    return subject, "\n".join(lines)


def send_reminders(today: date | None = None) -> int:
    """E-mail a reminder for every open action of an open case whose due date has passed:
    to its owner or, without one, the case's coordinator. Each reminder is recorded
    (unique per action, recipient and due date) in the same transaction as the sending,
    so running again sends nothing new; a deadline that is moved and passes again gives a
    new reminder. Returns the number of e-mails sent. The mail names no member."""
    today = today or timezone.localdate()
    due = (
        Action.objects.filter(
            status__in=OPEN_ACTION_STATUSES, case__status=CaseStatus.OPEN, due_date__lt=today
        )
        .select_related("case__group", "case__coordinator", "owner", "organisation")
        .order_by("due_date", "pk")
    )
    sent = 0
    for action in due:
        recipient = _recipient(action)
        if recipient is None or not recipient.email:
            continue
        try:
            with transaction.atomic():
                _reminder, created = Reminder.objects.get_or_create(
                    action=action, recipient=recipient, due_date=action.due_date
                )
                if not created:
                    continue
                subject, body = _reminder_text(action, recipient)
                send_mail(subject, body, None, [recipient.email])
        except OSError:  # SMTP and connection errors: nothing recorded, tried again next run
            logger.exception("Herinnering voor actie %s niet verstuurd", action.pk)
            continue
        sent += 1
    return sent


DUE_SOON_DAYS = 3


def notify_deadlines(today: date | None = None) -> int:
    """A notification producer (notifications.send_notifications runs it): open actions of
    open cases due within DUE_SOON_DAYS, and overdue ones, each told once per deadline to
    who holds the action. Returns the number of notifications created."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.filter(
            status__in=OPEN_ACTION_STATUSES,
            case__status=CaseStatus.OPEN,
            due_date__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("case__group", "owner__organisation", "organisation")
        .order_by("due_date", "pk")
    )
    created = 0
    for action in actions:
        kind = Kind.ACTION_OVERDUE if action.due_date < today else Kind.ACTION_DUE
        key = f"{kind}:{action.pk}:{action.due_date.isoformat()}"
        created += len(
            notify.tell(kind, action.case, action_holders(action), link=_action_link(action), key=key)
        )
    return created
