"""Reads on privacy's own pages that need a data subject: the one decision who may read
the processing log about a person (page and API use it)."""

from __future__ import annotations

from django.http import Http404

from . import policies, registry


def person_for_log(user, pseudonym):
    """The data subject whose log this user may read (privacy officer of their
    municipality, or the regisseur of a case that names them); otherwise 404."""
    person = registry.subject(pseudonym)
    if person is None or not policies.allowed(user, "processing_log.read_person", obj=person):
        raise Http404
    return person
