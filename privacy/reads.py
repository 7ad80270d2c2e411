"""Reads on privacy's own pages that need a data subject: the one decision who may read
the processing log about a person (page and API use it)."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role

from . import access, registry


def person_for_log(user, pseudonym):
    """The data subject whose log this user may read (privacy officer of their
    municipality, or the regisseur of a case that names them); otherwise 404."""
    person = registry.subject(pseudonym)
    if person is None:
        raise Http404
    if user.role == Role.PRIVACYFUNCTIONARIS:
        if access.can_read_processing_log(user) and (
            person.municipality_id == user.organisation.municipality_id
        ):
            return person
        raise Http404
    if any(access.can_read_processing_log(user, case) for case in person.cases()):
        return person
    raise Http404
