import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from cases.models import Case
from groups.models import Person

from . import access
from .log import entries_for_subject, record
from .models import ProcessingLogEntry


@login_required
def log_index(request):
    if request.user.role != Role.PRIVACYFUNCTIONARIS or not request.user.organisation_id:
        raise Http404
    municipality_id = request.user.organisation.municipality_id
    persons = Person.objects.filter(municipality_id=municipality_id)
    query = request.GET.get("q", "").strip()
    entries = ProcessingLogEntry.objects.filter(data_subject__in=persons.values("pseudonym")).order_by(
        "-sequence"
    )
    if query:
        entries = entries.filter(actor_username__icontains=query)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/log_index.html", {"page": page, "query": query})


def _person_for_log(user, pseudonym) -> Person:
    person = Person.objects.filter(pseudonym=pseudonym).first()
    if person is None:
        raise Http404
    if user.role == Role.PRIVACYFUNCTIONARIS:
        if access.can_read_processing_log(user) and (
            person.municipality_id == user.organisation.municipality_id
        ):
            return person
        raise Http404
    cases = Case.objects.filter(memberships__person=person)
    if any(access.can_read_processing_log(user, case) for case in cases):
        return person
    raise Http404


@login_required
def person_log(request, pseudonym):
    """Who saw data about this youth: for the privacy officer and the case's regisseur."""
    person = _person_for_log(request.user, pseudonym)
    entries = entries_for_subject(str(person.pseudonym))
    actor = request.GET.get("actor", "").strip()
    if actor:
        entries = entries.filter(actor_username__icontains=actor)
    if request.GET.get("format") == "csv":
        record(
            actor=request.user,
            action="export",
            operation="processing_log.export",
            activity="verantwoording",
            subjects=[person.pseudonym],
            categories=["personal"],
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="verwerkingen.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "volgnummer",
                "tijd",
                "gebruiker",
                "organisatie",
                "handeling",
                "activiteit",
                "casus",
                "doel",
                "grondslag",
                "categorieën",
                "trace",
            ]  # fmt: skip
        )
        for e in entries.iterator():
            writer.writerow(
                [
                    e.sequence,
                    e.started_at.isoformat(),
                    e.actor_username,
                    e.actor_organisation,
                    e.operation,
                    e.activity,
                    e.case_id or "",
                    e.purpose,
                    e.legal_basis,
                    e.categories,
                    e.trace_id,
                ]  # fmt: skip
            )
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/person_log.html", {"person": person, "page": page, "actor": actor})
