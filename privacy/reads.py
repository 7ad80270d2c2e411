"""Reads on privacy's own pages that need a data subject: the one decision who may read
the processing log about a person, and its export (page and API use both)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone

from accounts.models import User
from documents import processing_log

from . import log, policies, registry
from .models import ProcessingLogEntry


def person_for_log(user, pseudonym):
    """The data subject whose log this user may read (privacy officer of their
    municipality, or the regisseur of a case that names them); otherwise 404."""
    person = registry.subject(pseudonym)
    if person is None or not policies.allowed(user, "processing_log.read_person", obj=person):
        raise Http404
    return person


def export_person_log(user, person, entries) -> HttpResponse:
    """The entries of the processing log about this person as the CSV file of
    documents.processing_log; the export itself is logged (`processing_log.export`)."""
    log.write(user, "processing_log.export", [person.pseudonym])
    return processing_log.csv_response(entries)


def log_of_municipality(user):
    """The processing log the privacy officer reads (page and API): the entries about the
    municipality's cases or written by its users (e.g. exports), newest first."""
    municipality_id = user.organisation.municipality_id
    return ProcessingLogEntry.objects.filter(
        Q(case_id__in=registry.case_ids_of_municipality(municipality_id))
        | Q(actor_id__in=User.objects.filter(organisation__municipality_id=municipality_id).values("pk"))
    ).order_by("-sequence")


def filter_log(entries, *, actor=None, actor_name="", organisation=None, operation=None, case=None,
               data_subject="", date_from=None, date_to=None):  # fmt: skip
    """The log's filters, as the page and the API offer them (each optional): the actor by id
    or by (part of) the username, the organisation the actor worked for at the time, the
    operation code, the case, the youth (pseudonym), a period of days (local dates)."""
    if actor is not None:
        entries = entries.filter(actor_id=actor)
    if actor_name.strip():
        entries = entries.filter(actor_username__icontains=actor_name.strip())
    if organisation is not None:
        entries = entries.filter(actor_organisation=organisation.name)
    if operation:
        entries = entries.filter(operation=operation)
    if case is not None:
        entries = entries.filter(case_id=case)
    if data_subject:
        entries = entries.filter(data_subject=data_subject)
    if date_from is not None:
        entries = entries.filter(started_at__gte=_local_midnight(date_from))
    if date_to is not None:
        entries = entries.filter(started_at__lt=_local_midnight(date_to + timedelta(days=1)))
    return entries


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def guard_confirmations_for(user):
    """The guard confirmations the privacy officer reviews: those of the authors of their
    municipality (the confirmations page and the home page's card)."""
    from .models import GuardConfirmation

    if not policies.allowed(user, "guard_confirmations.read"):
        return GuardConfirmation.objects.none()
    return GuardConfirmation.objects.filter(
        confirmed_by__organisation__municipality_id=user.organisation.municipality_id
    ).select_related("confirmed_by", "confirmed_by__organisation", "reviewed_by")
