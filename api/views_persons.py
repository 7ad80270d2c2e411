"""One youth across groups through the API (issue 18), on the same reads and services as the
pages: find a person on another list and link them (cases.name_lists.link_person), import a
name list from CSV with a dry run (cases.name_lists.import_name_list), "bekend bij"
(persons.reads.known_by), merge two records and undo it (persons.merging)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from cases import name_lists
from groups.models import Person
from persons import importing, merging
from persons import reads as person_reads
from persons.models import PersonMerge
from privacy import policies, security
from privacy.categories import Category

from . import serializers as s
from . import serializers_persons as sp
from .base import ApiView, CaseView, endpoint, or_404, supplies


def _row(row) -> dict:
    return {
        "line": row.line,
        "full_name": row.full_name,
        "nickname": row.nickname,
        "date_of_birth": row.date_of_birth,
        "role_in_group": row.role_in_group,
        "status": row.status,
        "errors": [str(e) for e in row.errors],
        "warnings": [str(w) for w in row.warnings],
    }


class CandidatesView(CaseView):
    tag = "namenlijst"
    permission = supplies(Category.PERSONAL)

    @endpoint(
        ok=sp.NameListCandidateSerializer(many=True), parameters=[OpenApiParameter("q", str, required=True)]
    )
    def get(self, request, pk):
        """Bestaande jongeren zoeken om te koppelen (in plaats van de naam opnieuw te typen)

        Alleen personen van deze gemeente op een namenlijst die u mag zien, en nog niet op deze lijst; gelogd
        als person.search per casus waar de namen vandaan komen."""
        self.check_permission()
        query = self.validated(sp.NameListCandidateQuerySerializer, data=request.query_params)["q"]
        found = person_reads.find(request.user, self.case, query)
        return self.paginate(found, sp.NameListCandidateSerializer)


class LinkView(CaseView):
    tag = "namenlijst"
    permission = supplies(Category.PERSONAL)

    @endpoint(request=sp.NameListLinkSerializer, creates=s.MemberSerializer)
    def post(self, request, pk):
        """Een bestaande jongere op deze namenlijst zetten (voorgesteld)

        400 als hij al op deze lijst staat, als u hem op geen lijst mag zien, of (onder accept_warnings) bij een
        leeftijd buiten de grens die u nog niet bevestigde."""
        data = self.checked_input(sp.NameListLinkSerializer)
        person = Person.objects.filter(pk=data.pop("person")).first()
        if person is None:
            raise exceptions.ValidationError(
                {"person": ["Deze persoon is voor u niet beschikbaar om te koppelen."]}
            )
        membership = name_lists.link_person(self.case, actor=request.user, person=person, **data)
        return self.created(s.MemberSerializer, membership)


class ImportView(CaseView):
    tag = "namenlijst"
    permission = supplies(Category.PERSONAL)

    @endpoint(
        request=sp.NameListImportSerializer,
        ok={200: sp.NameListImportResultSerializer, 201: sp.NameListImportResultSerializer},
    )
    def post(self, request, pk):
        """Een namenlijst inlezen uit CSV: alle regels of geen

        Met dry_run het voorbeeld (200, per regel fouten en waarschuwingen, niets opgeslagen). Zonder: 201 met de
        toegevoegde namen, of 400 met per regel waarom niets is ingelezen. Formules (=, +, -, @) worden
        geweigerd."""
        data = self.checked_input(sp.NameListImportSerializer)
        rows = importing.parse(data["csv"])
        if data["dry_run"]:
            rows = name_lists.check_import(self.case, actor=request.user, rows=rows)
            return self.respond(
                sp.NameListImportResultSerializer, {"rows": [_row(r) for r in rows], "added": []}
            )
        added = name_lists.import_name_list(
            self.case, actor=request.user, rows=rows, accept_warnings=data["accept_warnings"]
        )
        return self.respond(
            sp.NameListImportResultSerializer, {"rows": [_row(r) for r in rows], "added": added}, 201
        )


def _known_or_404(user, pk):
    person = or_404(Person.objects.all(), pk=pk)
    read = person_reads.known_by(user, person)
    if read is None:
        security.denied(user, f"groups.person:{person.pk}")
        raise exceptions.NotFound()
    return read


class KnownByView(ApiView):
    tag = "personen"

    @endpoint(ok=sp.KnownReadSerializer)
    def get(self, request, pk):
        """Bekend bij (sociale kaart): welke partners en professionals deze jongere kennen

        Zoals het convenant het u laat zien: alleen via casussen waarin u persoonsgegevens mag ontvangen, en
        informatie alleen in categorieën die u mag ontvangen (de rest onder withheld). Gelogd als
        person.known_by."""
        return self.respond(sp.KnownReadSerializer, _known_or_404(request.user, pk))


class MergeView(ApiView):
    tag = "personen"

    @endpoint(request=sp.MergeCreateSerializer, creates=sp.MergeSerializer)
    def post(self, request, pk):
        """Twee records van dezelfde jongere samenvoegen (de procesregisseur)

        Alles van `absorbed` verhuist naar deze persoon; gelogd, en binnen de termijn ongedaan te maken. 403 als u
        niet alle casussen van beide beheert; 409 als beide op dezelfde namenlijst staan."""
        kept = or_404(Person.objects.all(), pk=pk)
        if not person_reads.visible_person(request.user, kept):
            security.denied(request.user, f"groups.person:{kept.pk}")
            raise exceptions.NotFound()
        data = self.input(sp.MergeCreateSerializer)
        absorbed = Person.objects.filter(pk=data["absorbed"]).first()
        if absorbed is None or not person_reads.visible_person(request.user, absorbed):
            raise exceptions.ValidationError({"absorbed": ["Deze persoon is voor u niet beschikbaar."]})
        merge = merging.merge_persons(actor=request.user, kept=kept, absorbed=absorbed, reason=data["reason"])
        return self.created(sp.MergeSerializer, merge)


class MergeUndoView(ApiView):
    tag = "personen"

    @endpoint(ok=sp.MergeSerializer, errors={403, 404, 409})
    def post(self, request, pk):
        """Een samenvoeging ongedaan maken (binnen de termijn: wie samenvoegde, of de privacyfunctionaris)"""
        merge = or_404(PersonMerge.objects.select_related("kept", "absorbed"), pk=pk)
        if not policies.allowed(
            request.user, "person.merge_undo", obj=merging.undo_facts(merge)
        ) and not person_reads.visible_person(request.user, merge.kept):
            security.denied(request.user, f"persons.personmerge:{merge.pk}")
            raise exceptions.NotFound()
        return self.respond(sp.MergeSerializer, merging.undo_merge(merge, actor=request.user))
