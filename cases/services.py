"""Every write on a case goes through a function here: in a transaction, the case row
locked, the workflow or access gate checked, and the processing log written."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind
from groepsaanpak import uploads
from groepsaanpak.errors import GATE, INVALID
from groups.models import Membership, MembershipStatus, Person, YouthGroup
from notifications.models import Kind
from persons import checks as name_checks
from privacy import access, log, policies, retention
from privacy.access import AccessDenied
from privacy.categories import Category
from privacy.guarding import GuardRefused, guard
from privacy.services import confirm_findings

from . import coordination, notify, workflow
from .models import (
    Case,
    CaseStatus,
    CoordinatorMandate,
    InformationItem,
    InformationRequest,
    NamedPerson,
    NameOutcome,
    Participant,
    RequestKind,
    RequestName,
    RequestStatus,
    RetentionTerm,
    Step,
    Transition,
)


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("group").get(pk=case.pk)


def _require_manager(actor, case: Case, *, open_only: bool = True) -> None:
    if not access.can_manage_case(actor, case):
        raise access.refuse(
            actor,
            case,
            _("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen."),
            what="case.manage",
        )
    if open_only and not case.is_open:
        raise workflow.WorkflowError(_("Deze casus is afgesloten. Heropen hem eerst als nieuwe cyclus."))


QUESTION = {"question": _("De vraag")}


class TextRefused(GuardRefused, workflow.WorkflowError):
    """Group-level text of a case in which the privacy guard found personal data."""


def _guard_group_text(field: str, label, text: str, confirmed_findings, actor, subject: str) -> None:
    """Group-level text: the guard must pass; confirmed false alarms are kept for the privacy officer."""
    accepted = guard({field: text}, confirmed_findings, labels={field: label}, refused=TextRefused)
    if accepted:
        confirm_findings(subject=subject, findings=accepted, actor=actor)


@transaction.atomic
def open_case(group: YouthGroup, *, actor, reason: str) -> Case:
    policies.check(actor, "case.open", obj=group).enforce()
    if group.cases.filter(status=CaseStatus.OPEN).exists():
        raise workflow.WorkflowError(_("Voor deze groep loopt al een casus."))
    if group.cases.exists():
        raise workflow.WorkflowError(
            _("Deze groep heeft al een afgesloten casus: heropen die als nieuwe cyclus.")
        )
    case = Case.objects.create(group=group, municipality=group.municipality, opened_by=actor)
    Participant.objects.create(
        case=case, organisation=actor.organisation, invited_at_step=1, invited_by=actor
    )
    Transition.objects.create(case=case, from_step=None, to_step=1, kind="open", actor=actor, reason=reason)
    return case


@transaction.atomic
def appoint_coordinator(
    case: Case,
    *,
    coordinator,
    legal_basis_choice: str,
    legal_basis: str,
    necessity: str,
    actor,
    mandate: str = "",
    agreed_by=(),
    agreed_on=None,
) -> Case:
    """The coordinator, from the municipality or a participating partner (cases.coordination):
    a partner's coordinator only with the mandate and the partners' agreement, recorded as a
    CoordinatorMandate (also for a municipal one when given)."""
    case = _lock(case)
    _require_manager(actor, case)
    if coordinator.organisation_id is None:
        raise AccessDenied(_("De coördinator moet werken bij een organisatie in deze gemeente."))
    if coordination.is_partner(case, coordinator) or mandate or agreed_by:
        agreed = coordination.check(
            case,
            coordinator=coordinator,
            mandate=mandate,
            agreed_by=agreed_by,
            agreed_on=agreed_on,
            error=workflow.WorkflowError,
        )
        record = CoordinatorMandate.objects.create(
            case=case,
            coordinator=coordinator,
            organisation=coordinator.organisation,
            mandate=mandate.strip(),
            agreed_on=agreed_on or timezone.localdate(),
            recorded_by=actor,
        )
        record.agreed_by.set(agreed)
    case.coordinator = coordinator
    case.legal_basis_choice = legal_basis_choice
    case.legal_basis = legal_basis
    case.necessity = necessity
    case.save(update_fields=["coordinator", "legal_basis_choice", "legal_basis", "necessity"])
    Participant.objects.get_or_create(
        case=case,
        organisation=coordinator.organisation,
        defaults={"invited_at_step": case.step, "invited_by": actor},
    )
    notify.tell(Kind.APPOINTED, case, [coordinator], actor=actor)
    return case


@transaction.atomic
def name_person(case: Case, *, user, reason: str, actor) -> NamedPerson:
    """Name `user` for the case (need to know): recorded with who, when and why. The
    coordinator or a named regisseur names anyone of a participating organisation or of the
    municipality; a named professional names colleagues of their own organisation."""
    case = _lock(case)
    policies.check(actor, "case.name", case=case, obj=user).enforce()
    if not case.is_open:  # ending a naming stays possible: access only shrinks after closing
        raise workflow.WorkflowError(
            _("Deze casus is afgesloten: niemand wordt er nog bij naam aan verbonden.")
        )
    access.forget(user, case.pk)
    if not access.nameable(user, case):
        raise workflow.WorkflowError(
            _("Kies een medewerker van een deelnemende organisatie of van de gemeente zelf.")
        )
    if not reason.strip():
        raise workflow.WorkflowError(_("Geef aan waarom deze persoon de persoonsgegevens nodig heeft."))
    if user.pk in case.named_user_ids():
        raise workflow.WorkflowError(_("Deze persoon is al bij naam aan de casus verbonden."))
    named = NamedPerson.objects.create(case=case, user=user, reason=reason.strip(), added_by=actor)
    access.forget(user, case.pk)
    notify.tell(Kind.NAMED, case, [user], actor=actor)
    return named


@transaction.atomic
def unname_person(named: NamedPerson, *, reason: str, actor) -> NamedPerson:
    """End a naming; the row stays, with who removed it, when and why. Who may name the
    person may end the naming (a professional: of colleagues of their own organisation)."""
    case = _lock(named.case)
    named = (
        NamedPerson.objects.select_for_update(of=("self",))
        .select_related("user__organisation")
        .get(pk=named.pk)
    )
    policies.check(actor, "case.name", case=case, obj=named.user).enforce()
    if named.removed_at is not None:
        raise workflow.WorkflowError(_("Deze persoon is al van de casus gehaald."))
    if not reason.strip():
        raise workflow.WorkflowError(_("Geef aan waarom deze persoon niet meer bij de casus hoort."))
    named.removed_at, named.removed_by, named.removal_reason = timezone.now(), actor, reason.strip()
    named.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    access.forget(named.user, case.pk)
    return named


@transaction.atomic
def invite_participant(
    case: Case, *, organisation: Organisation, actor, name=(), reason: str = ""
) -> Participant:
    """Invite an organisation; `name`: its professionals who need the youths' personal data
    from the start, named at once (by the inviting coordinator or regisseur, with `reason`)."""
    case = _lock(case)
    _require_manager(actor, case)
    if not organisation.serves(case.municipality_id):
        # Municipalities stay apart: a partner takes part only in the cases of a municipality
        # it belongs to or serves as a regional partner (under that municipality's covenant).
        raise AccessDenied(
            _("Deze organisatie werkt niet voor gemeente %(municipality)s.")
            % {"municipality": case.municipality.name}
        )
    participant, _created = Participant.objects.get_or_create(
        case=case,
        organisation=organisation,
        defaults={"invited_at_step": case.step, "invited_by": actor},
    )
    for user in name:
        if user.organisation_id != organisation.pk:
            raise workflow.WorkflowError(
                _("Alleen medewerkers van deze organisatie kunnen hier bij naam worden verbonden.")
            )
        name_person(case, user=user, reason=reason or _("Uitgenodigd met de organisatie."), actor=actor)
    return participant


@transaction.atomic
def advance_case(case: Case, *, to_step: int | None, actor, reason: str) -> Case:
    """Move the case along an allowed transition (to_step None = close)."""
    case = _lock(case)
    _require_manager(actor, case, open_only=False)  # workflow.check explains a closed case
    if not reason.strip():
        raise workflow.WorkflowError(_("Geef een reden voor deze stap."))
    move = workflow.check(case, to_step)
    from_step = case.step
    if to_step is None:
        case.status = CaseStatus.CLOSED
        case.closed_at = timezone.now()
        case.close_reason = reason
        case.save(update_fields=["status", "closed_at", "close_reason"])
        if not case.retention_terms.exists():  # step 7 fixed them already (closing.set_retention)
            store_retention_terms(case, retention.category_dates(*default_retention(case)))
    else:
        case.step = to_step
        case.save(update_fields=["step"])
    Transition.objects.create(
        case=case, from_step=from_step, to_step=to_step, kind=move.kind, actor=actor, reason=reason
    )
    notify.tell(Kind.STEP_MOVED, case, notify.participants(case), actor=actor)
    return case


def default_retention(case: Case):
    """(base, months per category): the closing date (today while open) and the covenant's
    terms in force for the case's municipality (privacy.retention.covenant_months)."""
    base = timezone.localtime(case.closed_at).date() if case.closed_at else timezone.localdate()
    return base, retention.covenant_months(case.municipality_id, base)


def store_retention_terms(case: Case, dates: dict, months: dict | None = None) -> None:
    """Replace the case's retention terms per category (in the caller's transaction, case
    locked) and copy the last date, that of the ordinary personal data, to
    Case.retention_until. Every way a case ends calls this (issue 17): closing after step 2,
    3 or 4 with the covenant's terms, step 7 through closing.services.set_retention."""
    if months is None:
        months = default_retention(case)[1]
    RetentionTerm.objects.filter(case=case).delete()
    RetentionTerm.objects.bulk_create(
        RetentionTerm(case=case, data_category=cat, keep_until=day, months=months.get(cat, 0))
        for cat, day in dates.items()
    )
    keep_until = dates[str(Category.PERSONAL)]
    Case.objects.filter(pk=case.pk).update(retention_until=keep_until)
    case.retention_until = keep_until


@transaction.atomic
def reopen_case(case: Case, *, actor, reason: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.CLOSED:
        raise workflow.WorkflowError(_("Alleen een afgesloten casus kan worden heropend."))
    policies.check(actor, "case.reopen", case=case).enforce()
    if Case.objects.filter(group_id=case.group_id, status=CaseStatus.OPEN).exists():
        raise workflow.WorkflowError(_("Voor deze groep loopt al een casus."))
    case.status = CaseStatus.OPEN
    case.cycle += 1
    case.step = Step.SIGNALEN
    case.closed_at = None
    case.retention_until = None  # fixed again when this cycle ends
    RetentionTerm.objects.filter(case=case).delete()
    # A new cycle needs a fresh judgement of necessity before personal data flows again.
    case.coordinator = None
    case.legal_basis_choice = ""
    case.legal_basis = ""
    case.necessity = ""
    case.save(
        update_fields=[
            "status",
            "cycle",
            "step",
            "closed_at",
            "retention_until",
            "coordinator",
            "legal_basis_choice",
            "legal_basis",
            "necessity",
        ]
    )
    Transition.objects.create(case=case, from_step=None, to_step=1, kind="reopen", actor=actor, reason=reason)
    return case


@transaction.atomic
def add_to_name_list(
    case: Case,
    *,
    actor,
    full_name: str,
    nickname: str = "",
    date_of_birth=None,
    address: str = "",
    role_in_group: str = "",
    person: Person | None = None,
    accept_warnings: bool = False,
) -> Membership:
    """Put a person on the case's name list. A name list is a personal-data exchange:
    the gate (step 2, coordinator, legal basis) and the covenant decide. One youth is on a
    list once; a likely duplicate elsewhere or an age outside the setting is a warning the
    user confirms (`accept_warnings`) — persons.checks."""
    case = _lock(case)
    access.can_supply(actor, case, Category.PERSONAL).enforce()
    name_checks.refuse_duplicate(case, person=person, full_name=full_name, date_of_birth=date_of_birth)
    if not accept_warnings:
        name_checks.warn(actor, case, person=person, full_name=full_name, date_of_birth=date_of_birth)
    if person is None:
        person = Person.objects.create(
            municipality=case.municipality,
            full_name=full_name,
            nickname=nickname,
            date_of_birth=date_of_birth,
            address=address,
        )
    membership = Membership.objects.create(
        case=case,
        group=case.group,
        person=person,
        role_in_group=role_in_group,
        added_by=actor,
        added_by_organisation=actor.organisation,
    )
    log.write(actor, "name_list.add", [person.pseudonym], case=case)
    return membership


@transaction.atomic
def set_membership_status(membership: Membership, *, status: str, actor, note: str = "") -> Membership:
    case = _lock(membership.case)
    _require_manager(actor, case)
    if status not in MembershipStatus.values:
        raise workflow.WorkflowError(_("Onbekende status."))
    membership.status = status
    membership.status_note = note
    membership.save(update_fields=["status", "status_note"])
    log.write(actor, "name_list.status", [membership.person.pseudonym], case=case)
    return membership


@transaction.atomic
def add_information(
    case: Case, *, actor, matrix_item, content: str, person: Person | None = None, confirmed_findings=()
) -> InformationItem:
    """Fill one cell of the informatiematrix, refused unless the covenant allows supplying it."""
    case = _lock(case)
    category = (
        matrix_item.category
        if person is not None or matrix_item.category != Category.GROUP
        else Category.GROUP
    )
    if person is not None and category == Category.GROUP:
        category = Category.PERSONAL  # anything said about a named member is personal data
    access.can_supply(actor, case, category).enforce()
    accepted = []
    if category == Category.GROUP:
        accepted = guard(
            {"content": content},
            confirmed_findings,
            labels={"content": _("Informatie op groepsniveau")},
            refused=TextRefused,
        )
    if person is not None and not case.memberships.filter(person=person).exists():
        raise AccessDenied(_("Deze persoon staat niet op de namenlijst van deze casus."))
    item = InformationItem.objects.create(
        case=case,
        person=person,
        matrix_item=matrix_item,
        category=category,
        content=content,
        supplied_by=actor.organisation,
        created_by=actor,
    )
    if person is not None:
        log.write(actor, "matrix.add", [person.pseudonym], case=case, categories=[category])
    if accepted:
        confirm_findings(subject=f"cases.case:{case.pk}", findings=accepted, actor=actor)
    return item


def _invalid(field: str, message) -> workflow.WorkflowError:
    return workflow.WorkflowError(message, code=INVALID, errors={field: [str(message)]})


def _agreed_names(case: Case):
    return case.memberships.filter(status=MembershipStatus.AGREED).select_related("person")


def require_agreed_name_list(case: Case) -> list:
    """§3.3: the partners agree the name list before the information is broadened, so also
    before the groepsscan is requested. Returns the agreed names (refused: code gate)."""
    agreed = list(_agreed_names(case))
    if not agreed:
        raise workflow.WorkflowError(
            _(
                "Stem eerst de namenlijst af: een informatieverzoek (ook de groepsscan) gaat pas uit "
                "als er ten minste één afgestemde naam op de namenlijst staat."
            )
        )
    return agreed


def selected_names(case: Case) -> list:
    """The names the police selected in an answered groepsscan of this case (at least one
    proces-verbaal in the past year): the only names an OM request may cover."""
    return list(
        case.memberships.filter(
            pk__in=RequestName.objects.filter(
                request__case=case,
                request__kind=RequestKind.GROEPSSCAN,
                request__status=RequestStatus.ANSWERED,
                outcome=NameOutcome.SELECTED,
            ).values("membership_id")
        ).select_related("person")
    )


def _check_groepsscan_route(case: Case, *, addressee, addressee_function, mayor, om_officer) -> None:
    from .reads import mayor_candidates, om_officer_candidates

    if addressee.kind != OrganisationKind.POLITIE:
        raise _invalid("addressee", _("Een groepsscan vraagt u aan bij de politie."))
    if not addressee_function.strip():
        raise _invalid("addressee_function", _("Richt de groepsscan aan een functie, de teamchef."))
    if mayor is None or not mayor_candidates(case).filter(pk=mayor.pk).exists():
        raise _invalid("mayor", _("Kies de burgemeester (of wie namens hem beslist) van deze gemeente."))
    if om_officer is None or not om_officer_candidates(case).filter(pk=om_officer.pk).exists():
        raise _invalid(
            "om_officer", _("Kies de gebiedsofficier van een OM-parket dat deze gemeente bedient.")
        )


@transaction.atomic
def send_request(
    case: Case,
    *,
    actor,
    kind: str,
    addressee: Organisation,
    question: str,
    due_date,
    items=(),
    confirmed_findings=(),
    addressee_function: str = "",
    mayor=None,
    om_officer=None,
    reason: str = "",
    consulted_on=None,
) -> InformationRequest:
    """Send an information request of step 2. The name list is agreed first (gate). A
    groepsscan goes from the burgemeester, through the contact person who sends it (the
    actor), to the teamchef's function; its standard report to the burgemeester and the
    gebiedsofficier. An OM request only with the reason why criminal aspects dominate and
    the date it was agreed with the OM, for the names the police selected."""
    case = _lock(case)
    _require_manager(actor, case)
    if case.step < Step.INFORMATIE:
        raise workflow.WorkflowError(_("Informatieverzoeken horen bij stap 2 en later."))
    agreed = require_agreed_name_list(case)
    names = []
    if kind == RequestKind.GROEPSSCAN:
        addressee_function = addressee_function.strip() or "teamchef"
        _check_groepsscan_route(
            case,
            addressee=addressee,
            addressee_function=addressee_function,
            mayor=mayor,
            om_officer=om_officer,
        )
        names = agreed
    else:
        addressee_function, mayor, om_officer = "", None, None
    if kind == RequestKind.OM:
        if addressee.kind != OrganisationKind.OM:
            raise _invalid("addressee", _("Strafrechtelijke informatie vraagt u aan bij het OM."))
        if not reason.strip():
            raise _invalid(
                "reason", _("Leg vast waarom strafrechtelijke aspecten in deze groep een grote rol spelen.")
            )
        if consulted_on is None:
            raise _invalid(
                "consulted_on", _("Leg vast wanneer u de noodzaak vooraf met het OM hebt afgestemd.")
            )
        names = selected_names(case)
        if not names:
            raise workflow.WorkflowError(
                _(
                    "Een OM-verzoek gaat over de namen die de politie in de groepsscan heeft geselecteerd "
                    "(proces-verbaal in het afgelopen jaar); die selectie is er nog niet."
                )
            )
    else:
        reason, consulted_on = "", None
    accepted = guard({"question": question}, confirmed_findings, labels=QUESTION, refused=TextRefused)
    request = InformationRequest.objects.create(
        case=case,
        kind=kind,
        addressee=addressee,
        question=question,
        due_date=due_date,
        requested_by=actor,
        addressee_function=addressee_function,
        mayor=mayor,
        om_officer=om_officer,
        reason=reason.strip(),
        consulted_on=consulted_on,
    )
    request.items.set(items)
    RequestName.objects.bulk_create([RequestName(request=request, membership=m) for m in names])
    if names:
        log.write(actor, "request.names", [m.person.pseudonym for m in names], case=case)
    if accepted:
        confirm_findings(subject=f"cases.request:{request.pk}", findings=accepted, actor=actor)
    Participant.objects.get_or_create(
        case=case,
        organisation=addressee,
        defaults={"invited_at_step": case.step, "invited_by": actor},
    )
    link = reverse("cases:request_answer", args=[case.pk, request.pk])
    answering = notify.allowed_in(addressee.pk, "request.answer", case, request)
    notify.tell(Kind.REQUEST_ADDRESSED, case, answering, link=link, actor=actor)
    return request


@transaction.atomic
def record_police_groepsscan(
    case: Case,
    *,
    actor,
    answer: str,
    mayor,
    om_officer,
    information_position: str = "",
    attachment=None,
    confirmed_findings=(),
) -> InformationRequest:
    """§3.3: the police started a groepsscan themselves (in step 1, for internal reasons) and
    make its standard report known to the burgemeester and the OM. Recorded at group level;
    the names the police used are proposed on the name list once step 2 allows names, and
    the partners agree which list goes further."""
    case = _lock(case)
    policies.check(actor, "groepsscan.police_start", case=case).enforce()
    if case.step > Step.INFORMATIE:
        raise workflow.WorkflowError(_("Een eigen groepsscan van de politie hoort bij stap 1 of 2."))
    if not answer.strip():
        raise _invalid("answer", _("Vat de standaardrapportage samen (zonder namen)."))
    _check_groepsscan_route(
        case, addressee=actor.organisation, addressee_function="teamchef", mayor=mayor, om_officer=om_officer
    )
    request = InformationRequest.objects.create(
        case=case,
        kind=RequestKind.GROEPSSCAN,
        addressee=actor.organisation,
        addressee_function="teamchef",
        question=_("Groepsscan op initiatief van de politie"),
        due_date=timezone.localdate(),
        requested_by=actor,
        mayor=mayor,
        om_officer=om_officer,
        police_initiated=True,
    )
    _guard_group_text(
        "answer", _("Het antwoord"), answer, confirmed_findings, actor, f"cases.request:{request.pk}"
    )
    request.status = RequestStatus.ANSWERED
    request.answer, request.answered_by, request.answered_at = answer, actor, timezone.now()
    request.reported_at = request.answered_at
    request.information_position = information_position
    if attachment is not None:
        _store_attachment(request, attachment)
    request.save()
    return request


@transaction.atomic
def answer_names(request, *, actor, answers) -> list:
    """The answer per name: for a groepsscan, known / unknown / selected (at least one
    proces-verbaal in the past year) of every name the request covers, by who holds the
    function it is addressed to; for an OM request, the OM's information per person.
    `answers`: {membership id: (outcome, content)}. Criminal-law data, logged per person."""
    request = InformationRequest.objects.select_for_update().select_related("case").get(pk=request.pk)
    policies.check(actor, "request.answer", case=request.case, obj=request).enforce()
    if request.status != RequestStatus.OPEN:
        raise workflow.WorkflowError(_("Dit verzoek is al afgehandeld."), code=GATE)
    rows = {row.membership_id: row for row in request.names.select_related("membership__person")}
    if not rows:
        raise _invalid("answers", _("Dit verzoek gaat niet over namen."))
    unknown = set(answers) - set(rows)
    if unknown:
        raise _invalid("answers", _("Een of meer namen staan niet op dit verzoek."))
    missing = set(rows) - set(answers)
    if missing:
        raise _invalid("answers", _("Geef een antwoord bij elke naam op het verzoek."))
    now = timezone.now()
    for membership_id, (outcome, content) in answers.items():
        if outcome not in NameOutcome.values:
            raise _invalid("answers", _("Kies per naam: bekend, onbekend of geselecteerd."))
        row = rows[membership_id]
        row.outcome, row.content = outcome, (content or "").strip()
        row.answered_by, row.answered_at = actor, now
        row.save(update_fields=["outcome", "content", "answered_by", "answered_at"])
    request.unknown_to_police = sum(1 for r in rows.values() if r.outcome == NameOutcome.UNKNOWN)
    request.save(update_fields=["unknown_to_police"])
    log.write(
        actor,
        "request.answer_names",
        [r.membership.person.pseudonym for r in rows.values()],
        case=request.case,
        categories=[Category.CRIMINAL],
    )
    return list(rows.values())


def _store_attachment(request, attachment) -> None:
    storage = request.attachment.storage
    request.attachment.name = storage.save(
        uploads.storage_name("requests", attachment), ContentFile(attachment.content)
    )
    request.attachment_content_type = attachment.content_type


@transaction.atomic
def answer_request(
    request,
    *,
    actor,
    answer: str,
    declined: bool = False,
    unknown_to_police=None,
    information_position: str = "",
    attachment=None,
    confirmed_findings=(),
):
    """The answer (group level) of the addressee — for a groepsscan the teamchef or their
    deputy. A groepsscan or OM answer needs the answer per name first (answer_names); the
    count of unknown names then follows from it. A groepsscan's standard report is provided
    to the burgemeester and the gebiedsofficier (reported_at; both may open the attachment)."""
    request = InformationRequest.objects.select_for_update().select_related("case").get(pk=request.pk)
    policies.check(actor, "request.answer", case=request.case, obj=request).enforce()
    if request.status != RequestStatus.OPEN:
        raise workflow.WorkflowError(_("Dit verzoek is al afgehandeld."), code=GATE)
    if not answer.strip():
        raise workflow.WorkflowError(_("Geef een antwoord of een reden om te weigeren."))
    names = list(request.names.all())
    if names and not declined:
        if any(not n.outcome for n in names):
            raise workflow.WorkflowError(
                _("Geef eerst per naam aan of die bekend, onbekend of geselecteerd is."), code=GATE
            )
        counted = sum(1 for n in names if n.outcome == NameOutcome.UNKNOWN)
        if unknown_to_police is not None and unknown_to_police != counted:
            raise _invalid(
                "unknown_to_police",
                _("Volgens de antwoorden per naam zijn %(n)s namen onbekend bij de politie.")
                % {"n": counted},
            )
        unknown_to_police = counted
    _guard_group_text(
        "answer", _("Het antwoord"), answer, confirmed_findings, actor, f"cases.request:{request.pk}"
    )
    request.status = RequestStatus.DECLINED if declined else RequestStatus.ANSWERED
    request.answer = answer
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.unknown_to_police = unknown_to_police
    request.information_position = information_position
    fields = [
        "status",
        "answer",
        "answered_by",
        "answered_at",
        "unknown_to_police",
        "information_position",
    ]
    if request.kind == RequestKind.GROEPSSCAN and not declined:
        request.reported_at = request.answered_at
        fields.append("reported_at")
    if attachment is not None:  # a groepsaanpak.uploads.Checked: type checked, metadata stripped
        _store_attachment(request, attachment)
        fields += ["attachment", "attachment_content_type"]
    request.save(update_fields=fields)
    _tell_answered(request, actor)
    return request


def _tell_answered(request, actor) -> None:
    """The requester hears of the answer; a groepsscan's report reaches the burgemeester and
    the gebiedsofficier on the reports page (they need not take part in the case)."""
    case = request.case
    link = reverse("cases:request_answer", args=[case.pk, request.pk])
    notify.tell(Kind.REQUEST_ANSWERED, case, [request.requested_by], link=link, actor=actor)
    if request.reported_at:
        readers = [u for u in (request.mayor, request.om_officer) if u not in (None, request.requested_by)]
        notify.notify(
            readers,
            Kind.REQUEST_ANSWERED,
            alias=case.group.name,
            link=reverse("cases:reports"),
            case_id=case.pk,
            exclude=[actor],
        )
