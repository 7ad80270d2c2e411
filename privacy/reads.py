"""Reads on privacy's own pages that need a data subject: the one decision who may read
the processing log about a person, and its export (page and API use both)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from documents import processing_log

from . import log, policies, registry


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
