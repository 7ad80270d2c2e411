"""The data subject's rights (issue 17): a request for inzage, correctie or bezwaar recorded
per person, with its deadline (one month, extendable by at most two more with a reason)
and outcome. Every write here: in a transaction, the policy `rights.handle` asked (the
procesregisseur who may see the person), logged per subject.

- An upheld **correction** changes the person's field; the old value stays on the request,
  shown to the privacy officer only (policy `rights.old_value`).
- An upheld **objection** removes the person from the case: the name-list row and
  everything hanging on it (plus/min/mee, referrals, matrix rows, ties, person-aimed
  actions and hand-overs) are deleted, each leaving a tombstone (`bezwaar <id> toegewezen`);
  a person then on no name list at all is anonymised."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsaanpak.errors import DomainError
from groups.models import Membership, Person
from groups.shredders import anonymise
from privacy import log, policies, retention
from privacy.categories import Category

from .models import (
    CORRECTABLE_FIELDS,
    InformationItem,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)

MAX_EXTENSION_MONTHS = 2  # AVG art. 12(3): the month may be extended by two further months


class RightsError(DomainError):
    code = "invalid"


def _check(actor, person) -> None:
    policies.check(actor, "rights.handle", obj=person).enforce()


@transaction.atomic
def record_request(
    person,
    *,
    actor,
    kind: str,
    received_on: date,
    request: str = "",
    case=None,
    field: str = "",
    new_value: str = "",
) -> RightsRequest:
    _check(actor, person)
    if kind not in RightsRequestKind.values:
        raise RightsError(_("Kies inzage, correctie of bezwaar."))
    if not isinstance(received_on, date) or received_on > timezone.localdate():
        raise RightsError(_("De datum van ontvangst kan niet in de toekomst liggen."))
    if kind == RightsRequestKind.CORRECTION:
        if field not in CORRECTABLE_FIELDS:
            raise RightsError(_("Kies welk gegeven gecorrigeerd moet worden."))
        new_value = (new_value or "").strip()
        if field != "nickname" and not new_value:
            raise RightsError(_("Geef de juiste waarde."))
        if field == "date_of_birth":
            try:
                date.fromisoformat(new_value)
            except ValueError as exc:
                raise RightsError(_("Geef de geboortedatum als JJJJ-MM-DD.")) from exc
    else:
        field, new_value = "", ""
    if kind == RightsRequestKind.OBJECTION and (
        case is None or not Membership.objects.filter(case=case, person=person).exists()
    ):
        raise RightsError(_("Kies de casus waartegen het bezwaar is gericht."))
    made = RightsRequest.objects.create(
        person=person,
        case=case,
        kind=kind,
        received_on=received_on,
        deadline=retention.add_months(received_on, 1),
        request=(request or "").strip(),
        field=field,
        new_value=new_value,
        recorded_by=actor,
    )
    log.write(actor, "rights_request.record", [person.pseudonym], case=case)
    return made


def _lock(rights_request) -> RightsRequest:
    return (
        RightsRequest.objects.select_for_update(of=("self",))
        .select_related("person", "case")
        .get(pk=rights_request.pk)
    )


@transaction.atomic
def extend_deadline(rights_request, *, actor, until: date, reason: str) -> RightsRequest:
    req = _lock(rights_request)
    _check(actor, req.person)
    if req.status != RightsRequestStatus.OPEN:
        raise RightsError(_("Dit verzoek is al afgehandeld."))
    reason = (reason or "").strip()
    if not reason:
        raise RightsError(
            _("Geef de reden van de verlenging; de betrokkene moet die binnen een maand horen.")
        )
    latest = retention.add_months(req.received_on, 1 + MAX_EXTENSION_MONTHS)
    if not isinstance(until, date) or until <= req.deadline or until > latest:
        raise RightsError(
            _("Verleng tot een datum na %(now)s en uiterlijk %(latest)s (drie maanden na ontvangst).")
            % {"now": req.deadline.strftime("%d-%m-%Y"), "latest": latest.strftime("%d-%m-%Y")}
        )
    req.deadline, req.extension_reason = until, reason
    req.save(update_fields=["deadline", "extension_reason"])
    log.write(actor, "rights_request.decide", [req.person.pseudonym], case=req.case)
    return req


def _remove_from_case(req) -> int:
    """Delete the person's name-list row in the case and everything hanging on it, each
    with a tombstone; anonymise the person if no name list holds them any more."""
    person, case = req.person, req.case
    collector = Collector(using="default")
    for objs in (
        list(Membership.objects.filter(case=case, person=person)),
        list(InformationItem.objects.filter(case=case, person=person)),
    ):
        if objs:
            collector.collect(objs)
    purged = []
    for model, objs in collector.data.items():
        purged += [
            (model._meta.label, obj.pk, str(getattr(obj, "category", Category.PERSONAL)), "deleted")
            for obj in objs
        ]
    for qs in collector.fast_deletes:
        label = qs.model._meta.label
        purged += [(label, pk, str(Category.PERSONAL), "deleted") for pk in qs.values_list("pk", flat=True)]
    collector.delete()
    retention.write_tombstones(purged, case.pk, f"bezwaar {req.pk} toegewezen")
    if not Membership.objects.filter(person=person).exists():
        anonymise([Person.objects.get(pk=person.pk)])
    return len(purged)


@transaction.atomic
def decide(rights_request, *, actor, upheld: bool, outcome: str) -> RightsRequest:
    """Record the outcome; an upheld correction or objection is carried out at once."""
    req = _lock(rights_request)
    _check(actor, req.person)
    if req.status != RightsRequestStatus.OPEN:
        raise RightsError(_("Dit verzoek is al afgehandeld."))
    outcome = (outcome or "").strip()
    if not outcome:
        raise RightsError(_("Beschrijf de uitkomst (bij afwijzen: waarom)."))
    subject = req.person.pseudonym
    if upheld and req.kind == RightsRequestKind.CORRECTION:
        person = Person.objects.select_for_update().get(pk=req.person_id)
        old = getattr(person, req.field)
        req.old_value = old.isoformat() if isinstance(old, date) else str(old or "")
        value = date.fromisoformat(req.new_value) if req.field == "date_of_birth" else req.new_value
        Person.objects.filter(pk=person.pk).update(**{req.field: value})
        log.write(actor, "person.correct", [subject], case=req.case)
    if upheld and req.kind == RightsRequestKind.OBJECTION and req.case_id:
        _remove_from_case(req)
        log.write(actor, "name_list.remove_on_objection", [subject], case=req.case)
    req.status = RightsRequestStatus.UPHELD if upheld else RightsRequestStatus.REJECTED
    req.outcome, req.decided_by, req.decided_at = outcome, actor, timezone.now()
    req.save(update_fields=["status", "outcome", "decided_by", "decided_at", "old_value"])
    log.write(actor, "rights_request.decide", [subject], case=req.case)
    return req
