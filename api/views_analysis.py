"""Steps 3–4 through the API: the same services (analysis.services) and the same reads
(analysis.reads, with their withheld reasons and processing-log entries) as the pages in
analysis.views. Nothing here decides on access by itself: the checks up front only pick
the right status (403 forbidden action, 409 gate or state) before the service refuses."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions

from accounts.models import Municipality, Organisation
from analysis import anonymise, reads
from analysis import services as analysis_services
from analysis.models import AdviceStatus, Domain, PictureVersion
from groups.models import MembershipStatus
from privacy import access, policies
from privacy.categories import Category

from . import serializers_analysis as sa
from .base import (
    NOT_ON_LIST,
    ApiView,
    CaseView,
    all_or_invalid,
    endpoint,
    manager,
    or_404,
    or_invalid,
    policy,
    receives,
    refusals,
    supplies,
    youth_or_invalid,
)
from .exceptions import Conflict, invalid

P, G = Category.PERSONAL, Category.GROUP
PICTURE, PLAN = "stap 3: integraal beeld", "stap 3: concept plan van aanpak"
WORK_FORMS, CIRCULAR, STEP4 = "stap 3: werkvormen", "stap 3: circulair bevragen", "stap 4: advies en besluit"
DELETED = {204: OpenApiResponse(description="Verwijderd.")}


# --- shared ---------------------------------------------------------------------------------


def _state():
    """Around a service whose remaining refusals describe the state of the resource (a round
    already closed, an advice without sources): those are a gate of the process, 409."""
    return refusals(analysis_services.AnalysisError, Conflict)


def _active_members(case) -> dict:
    return {
        m.pk: m for m in case.memberships.exclude(status=MembershipStatus.REMOVED).select_related("person")
    }


def _on_list(case):
    return case.memberships.exclude(status=MembershipStatus.REMOVED).select_related("person")


def _missing(field: str):
    raise invalid(field, _("Kies een jongere."))


def _member(members: dict, pk, field: str):
    membership = members.get(pk)
    if membership is None:
        raise invalid(field, _(NOT_ON_LIST))
    return membership


class VersionedView(CaseView):
    # A document of the case kept in numbered versions (the integral picture, the concept
    # plan, the plan of approach): the newest and the list, one version, a new version.

    version_serializer = None

    def versions(self):
        """The versions, newest first."""
        raise NotImplementedError

    def show(self, version, latest) -> dict:
        """One version as its serializer shows it (`latest`: the number of the newest)."""
        raise NotImplementedError

    def overview(self, key: str = "current") -> dict:
        versions = list(self.versions())
        current = versions[0] if versions else None
        return {
            "case": self.case.pk,
            key: self.show(current, current.number) if current else None,
            "versions": versions,
        }

    def one_version(self):
        version = or_404(self.versions(), number=self.kwargs["number"])
        latest = self.versions().values_list("number", flat=True).first()
        return self.respond(self.version_serializer, self.show(version, latest))

    def save(self, service, data: dict, **extra):
        """A new version through `service`, built on the body's `version` (409 stale_version
        when someone saved a newer one meanwhile); 201 with the new version."""
        version = service(self.case, actor=self.user, based_on=data.pop("version"), **extra, **data)
        version = self.versions().get(pk=version.pk)
        return self.created(self.version_serializer, self.show(version, version.number))


def _version(data: dict, version, latest) -> dict:
    return {
        "number": version.number,
        "author": version.author,
        "author_organisation": version.author_organisation,
        "created_at": version.created_at,
        "current": version.number == latest,
        **data,
    }


# --- the integral picture ---------------------------------------------------------------------


class PictureVersions(VersionedView):
    tag = PICTURE
    version_serializer = sa.PictureVersionSerializer
    permission = supplies(G)

    def versions(self):
        return self.case.picture_versions.select_related("author", "author_organisation").order_by("-number")

    def show(self, version, latest) -> dict:
        """analysis.views._picture_display as data: persons only for who may receive them (logged)."""
        persons, withheld = reads.personal_text(self.user, self.case, version.persons, "picture.read")
        data = {name: getattr(version, name) for name in PictureVersion.GROUP_TEXT_FIELDS}
        data.update(
            domains={code: version.domains.get(code, "") for code in Domain.values},
            severity=version.severity,
            urgency=version.urgency,
            partners=list(version.partners.order_by("name")),
            withheld={"persons": str(withheld)} if withheld else {},
        )
        if not withheld:
            data["persons"] = persons
        return _version(data, version, latest)


class PictureView(PictureVersions):
    @endpoint(ok=sa.PictureSerializer)
    def get(self, request, pk):
        """Het integraal beeld: de nieuwste versie, de lijst van versies en de rode draden

        `persons` (analyse op personen) ontbreekt voor wie geen persoonsgegevens mag ontvangen en staat dan
        onder `withheld`; wie het wel krijgt, staat in het verwerkingslog (`picture.read`), zoals op de
        pagina."""
        case = self.case
        body = self.overview()
        if body["current"] is None:  # the page checks the decision too, without a read to log
            reads.personal_text(request.user, case, "", "picture.read")
        body["threads"] = analysis_services.current_threads(case).select_related("round", "recorded_by")
        return self.respond(sa.PictureSerializer, body)

    @endpoint(request=sa.PictureWriteSerializer, creates=sa.PictureVersionSerializer)
    def post(self, request, pk):
        """Nieuwe versie van het integraal beeld opslaan (stap 3; privacytoets op groepsteksten)

        De hele nieuwe versie: weggelaten tekstvelden worden leeg, behalve `persons` en `partners` (weglaten =
        ongewijzigd). `version` is het nummer waarop u voortbouwt; 409 `stale_version` als iemand intussen een
        nieuwere versie opsloeg."""
        case = self.case
        data = self.checked_input(sa.PictureWriteSerializer)
        partners = None
        if "partners" in data:
            choices = Organisation.objects.filter(municipality_id=case.municipality_id)
            message = _("Kies partners uit de eigen gemeente.")
            partners = all_or_invalid(choices, data.pop("partners"), "partners", message)
        domains = data.pop("domains", None) or {}
        data.update({f"domain_{code}": domains.get(code, "") for code in Domain.values})
        return self.save(analysis_services.save_picture, data, partners=partners)


class PictureVersionView(PictureVersions):
    @endpoint(operation_id="cases_picture_version_retrieve", ok=sa.PictureVersionSerializer)
    def get(self, request, pk, number):
        """Eén versie van het integraal beeld"""
        return self.one_version()


# --- the concept plan and the capacity --------------------------------------------------------


class ConceptPlanVersions(VersionedView):
    tag = PLAN
    version_serializer = sa.ConceptPlanVersionSerializer
    permission = supplies(G)

    def versions(self):
        return self.case.concept_plan_versions.select_related("author", "author_organisation").order_by(
            "-number"
        )

    def show(self, version, latest) -> dict:
        person_line, withheld = reads.personal_text(
            self.user, self.case, version.person_line, "concept_plan.read"
        )
        data = {
            "group_line": version.group_line,
            "area_line": version.area_line,
            "strategy": version.strategy,
            "withheld": {"person_line": str(withheld)} if withheld else {},
        }
        if not withheld:
            data["person_line"] = person_line
        return _version(data, version, latest)


class ConceptPlanView(ConceptPlanVersions):
    @endpoint(ok=sa.ConceptPlanSerializer)
    def get(self, request, pk):
        """Het concept plan van aanpak: de nieuwste versie en de lijst van versies

        `person_line` ontbreekt voor wie geen persoonsgegevens mag ontvangen (zie `withheld`); de inzage wordt
        gelogd als `concept_plan.read`."""
        return self.respond(sa.ConceptPlanSerializer, self.overview())

    @endpoint(request=sa.ConceptPlanWriteSerializer, creates=sa.ConceptPlanVersionSerializer)
    def post(self, request, pk):
        """Nieuwe versie van het concept plan opslaan (stap 3)

        Weggelaten tekstvelden worden leeg, behalve `person_line` (weglaten = ongewijzigd). 409
        `stale_version` als `version` niet meer de nieuwste is."""
        self.check_permission()
        return self.save(analysis_services.save_concept_plan, self.input(sa.ConceptPlanWriteSerializer))


class ConceptPlanVersionView(ConceptPlanVersions):
    @endpoint(operation_id="cases_concept_plan_version_retrieve", ok=sa.ConceptPlanVersionSerializer)
    def get(self, request, pk, number):
        """Eén versie van het concept plan van aanpak"""
        return self.one_version()


class CapacityView(CaseView):
    tag = PLAN
    permission = supplies(G)

    @endpoint(ok=sa.CapacityListSerializer)
    def get(self, request, pk):
        """De geschatte inzet en kosten per partner, met totalen"""
        estimates = list(self.case.capacity_estimates.select_related("organisation", "created_by"))
        body = {
            "case": self.case.pk,
            "estimates": estimates,
            "total_hours": sum(e.total_hours or 0 for e in estimates),
            "total_cost": sum(int(e.cost or 0) for e in estimates),
        }
        return self.respond(sa.CapacityListSerializer, body)

    @endpoint(request=sa.CapacityWriteSerializer, creates=sa.CapacitySerializer)
    def post(self, request, pk):
        """Inzet schatten (stap 3; partners voor de eigen organisatie, de regie voor elke deelnemer)"""
        case = self.case
        data = self.checked_input(sa.CapacityWriteSerializer)
        choices = Organisation.objects.filter(pk__in=case.participants.values("organisation"))
        message = _("Deze organisatie neemt niet deel aan de casus.")
        organisation = or_invalid(choices, "organisation", message, pk=data.pop("organisation"))
        estimate = analysis_services.add_capacity(case, actor=request.user, organisation=organisation, **data)
        estimate = case.capacity_estimates.select_related("organisation", "created_by").get(pk=estimate.pk)
        return self.created(sa.CapacitySerializer, estimate)


class CapacityDetailView(CaseView):
    tag = PLAN
    permission = supplies(G)

    @endpoint(ok=DELETED)
    def delete(self, request, pk, estimate_pk):
        """Een schatting verwijderen (stap 3; eigen organisatie, of de regie)"""
        estimate = or_404(self.case.capacity_estimates, pk=estimate_pk)
        self.check_permission()
        analysis_services.remove_capacity(estimate, actor=request.user)
        return self.deleted()


# --- work form 1: the interventiematrix ---------------------------------------------------------


class InterventionsView(CaseView):
    tag = WORK_FORMS
    permission = supplies(G)

    @endpoint(ok=sa.InterventionsSerializer)
    def get(self, request, pk):
        """De interventiematrix: de groepsrij, en rijen per jongere voor wie persoonsgegevens mag zien

        Binnen de rijen per jongere alleen de categorieën die u mag ontvangen; de andere staan, met de reden,
        onder `withheld` (ook als er niets is). Gelogd zoals de pagina."""
        user, case = request.user, self.case
        group_entries, rows, reasons = reads.interventions(user, case)
        hidden = [c for c in reads.MEMBER_CATEGORIES if not access.can_receive(user, case, c)]
        body = {
            "case": case.pk,
            "group": group_entries,
            "withheld": {str(c): str(r) for c, r in zip(hidden, reasons, strict=True)},
        }
        if P not in hidden:
            body["members"] = [{"member": m, "entries": entries} for m, entries in rows]
        return self.respond(sa.InterventionsSerializer, body)

    @endpoint(request=sa.InterventionWriteSerializer, creates=sa.InterventionEntrySerializer)
    def post(self, request, pk):
        """Een cel aanvullen: over de groep (groepsniveau, privacytoets) of over één jongere

        Bij een jongere (`member`) beslist het convenant per categorie of u mag verstrekken."""
        user, case = request.user, self.case
        data = self.checked_input(sa.InterventionWriteSerializer)
        if data.get("person") or data.get("member"):
            self.check_permission(checks=(receives(), supplies(data["category"])))
        membership = youth_or_invalid(_on_list(case), data)
        entry = analysis_services.add_intervention(case, actor=user, membership=membership, **data)
        return self.created(sa.InterventionEntrySerializer, entry)


# --- work form 2: group dynamics -----------------------------------------------------------------


class DynamicsView(CaseView):
    tag = WORK_FORMS

    @endpoint(parameters=[sa.DynamicsQuerySerializer], ok=sa.DynamicsSerializer, errors=(400, 404))
    def get(self, request, pk):
        """Groepsdynamiek: het sociogram op een dag (jongeren, banden) en alle banden

        Alleen voor wie persoonsgegevens mag ontvangen; anders alleen `withheld` met de reden. Gelogd zoals de
        pagina."""
        user, case = request.user, self.case
        query = self.validated(sa.DynamicsQuerySerializer, data=request.query_params)
        today = timezone.localdate()
        on = min(query.get("on") or today, today)
        _members, withheld = reads.members(user, case)  # as the page (its forms list the members)
        if withheld:
            body = {"case": case.pk, "on": on, "withheld": {"members": str(withheld)}}
            return self.respond(sa.DynamicsSerializer, body)
        picture, _reason = reads.sociogram_on(user, case, on)
        body = {
            "case": case.pk,
            "on": on,
            "nodes": picture.nodes,
            "edges": picture.edges,
            "moments": picture.moments,
            "ties": case.ties.select_related("source__person", "target__person"),
            "withheld": {},
        }
        return self.respond(sa.DynamicsSerializer, body)


MEMBER_WORK = (supplies(P), receives())  # personal data, and choosing members needs the name list


class MembersWorkView(CaseView):
    # A work form on the members of the name list.
    tag = WORK_FORMS
    permission = MEMBER_WORK


class AssessmentsView(MembersWorkView):
    @endpoint(request=sa.AssessmentSessionSerializer, creates=sa.AssessmentSerializer(many=True))
    def post(self, request, pk):
        """Plus, min of mee voor meerdere jongeren tegelijk (de werkvorm van de sessie)"""
        case = self.case
        data = self.checked_input(sa.AssessmentSessionSerializer)
        rows = [
            (
                youth_or_invalid(_on_list(case), row, where=f"rows.{i}.") or _missing(f"rows.{i}.person"),
                row["dynamic"],
                row["influence"],
                row["is_leader"],
                row["note"],
            )
            for i, row in enumerate(data["rows"])
        ]
        done = analysis_services.assess_members(
            case, actor=request.user, assessed_on=data["assessed_on"], rows=rows
        )
        return self.created(sa.AssessmentSerializer, done, many=True)


class TiesView(MembersWorkView):
    @endpoint(request=sa.TieWriteSerializer, creates=sa.TieSerializer)
    def post(self, request, pk):
        """Een band tussen twee jongeren vastleggen (voor het sociogram)"""
        case = self.case
        data = self.checked_input(sa.TieWriteSerializer)
        second = "target_person" if data.get("target_person") is not None else "target"
        data["source"] = youth_or_invalid(_on_list(case), data, "source_person", "source")
        data["target"] = youth_or_invalid(_on_list(case), data, "target_person", "target")
        if data["source"] == data["target"]:
            raise invalid(second, _("Kies twee verschillende jongeren."))
        with _state():  # what remains: this tie is already recorded
            tie = analysis_services.add_tie(case, actor=request.user, **data)
        return self.created(sa.TieSerializer, tie)


class TieEndView(MembersWorkView):
    @endpoint(request=sa.TieEndSerializer, ok=sa.TieSerializer)
    def post(self, request, pk, tie_pk):
        """Een band beëindigen; hij blijft zichtbaar in de geschiedenis"""
        self.check_permission()
        tie = or_404(self.case.ties, pk=tie_pk)
        data = self.input(sa.TieEndSerializer)
        with refusals(analysis_services.AnalysisError, lambda message: invalid("until", message)):
            tie = analysis_services.end_tie(
                tie, actor=request.user, until=data.get("until") or timezone.localdate()
            )
        return self.respond(sa.TieSerializer, tie)


# --- work form 3: circular questioning ------------------------------------------------------


def _answer_data(answer, inside) -> dict:
    data = {
        name: getattr(answer, name)
        for name in (
            "id", "organisation", "answered_by", "answered_at", "characteristics", "risks", "connections",
            "key_figures_inside_note", "key_figures_outside",
        )
    }  # fmt: skip
    if inside is not None:
        data["key_figures_inside"] = inside
    return data


class RoundView(CaseView):
    # /cases/<pk>/circular-rounds/<number>…: one round of circular questioning.
    tag = CIRCULAR
    permission = manager()

    def get_round(self, number=None):
        rounds = self.case.circular_rounds.select_related("opened_by")
        return or_404(rounds, number=self.kwargs["number"] if number is None else number)

    def round_response(self, circular_round, code=200):
        """analysis.views.circular_round as data: answers side by side, key figures inside the
        group only for who may receive personal data (logged as circular.read)."""
        answers, inside, withheld = reads.round_answers(self.user, circular_round)
        body = {
            "number": circular_round.number,
            "session_on": circular_round.session_on,
            "is_open": circular_round.is_open,
            "opened_by": circular_round.opened_by,
            "opened_at": circular_round.opened_at,
            "closed_at": circular_round.closed_at,
            "answers": [_answer_data(a, None if withheld else inside.get(a.pk, [])) for a in answers],
            "threads": list(circular_round.threads.select_related("round", "recorded_by")),
            "withheld": {"answers.key_figures_inside": str(withheld)} if withheld else {},
        }
        return self.respond(sa.RoundDetailSerializer, body, code)


class RoundListView(RoundView):
    @endpoint(ok=sa.RoundSerializer(many=True))
    def get(self, request, pk):
        """De rondes circulair bevragen"""
        rounds = (
            self.case.circular_rounds.select_related("opened_by")
            .annotate(n_answers=Count("answers", distinct=True), n_threads=Count("threads", distinct=True))
            .order_by("-number")
        )
        return self.paginate(rounds, sa.RoundSerializer)

    @endpoint(request=sa.RoundCreateSerializer, creates=sa.RoundDetailSerializer)
    def post(self, request, pk):
        """Een ronde openen (regie; stap 3; één open ronde tegelijk)"""
        data = self.checked_input(sa.RoundCreateSerializer)
        with _state():
            circular_round = analysis_services.open_round(self.case, actor=request.user, **data)
        return self.round_response(self.get_round(circular_round.number), 201)


class RoundDetailView(RoundView):
    @endpoint(operation_id="cases_circular_round_retrieve", ok=sa.RoundDetailSerializer)
    def get(self, request, pk, number):
        """Eén ronde: de antwoorden per organisatie en de rode draden

        Spilfiguren binnen de groep (`key_figures_inside`) alleen voor wie persoonsgegevens mag ontvangen;
        anders onder `withheld`."""
        return self.round_response(self.get_round())


class RoundAnswerView(RoundView):
    permission = supplies(G)

    @endpoint(request=sa.AnswerWriteSerializer, ok=sa.CircularAnswerSerializer)
    def post(self, request, pk, number):
        """De antwoorden van uw organisatie opslaan of herzien (zolang de ronde open is)

        Teksten op groepsniveau (privacytoets; beschrijf sleutelfiguren naar hun rol). Spilfiguren kiest u met
        ids van de namenlijst (alleen wie persoonsgegevens mag ontvangen én verstrekken)."""
        user, case = request.user, self.case
        circular_round = self.get_round()
        self.check_permission()
        data = self.input(sa.AnswerWriteSerializer)
        if data["key_figures_inside"]:
            self.check_permission(checks=MEMBER_WORK)
            members = _active_members(case)
            data["key_figures_inside"] = [
                _member(members, m, f"key_figures_inside.{i}")
                for i, m in enumerate(data["key_figures_inside"])
            ]
        answer = analysis_services.answer_round(circular_round, actor=user, **data)
        answer = circular_round.answers.select_related("organisation", "answered_by").get(pk=answer.pk)
        may_see = bool(access.can_receive(user, case, P))
        shown = list(answer.key_figures_inside.select_related("person")) if may_see else None
        return self.respond(sa.CircularAnswerSerializer, _answer_data(answer, shown))


class RoundThreadView(RoundView):
    @endpoint(request=sa.ThreadWriteSerializer, creates=sa.ThreadSerializer)
    def post(self, request, pk, number):
        """Een rode draad vastleggen bij een vraag (regie; groepsniveau, privacytoets)"""
        circular_round = self.get_round()
        thread = self.write(analysis_services.record_thread, circular_round, sa.ThreadWriteSerializer)
        return self.created(sa.ThreadSerializer, thread)


class RoundCloseView(RoundView):
    @endpoint(request=None, ok=sa.RoundDetailSerializer)
    def post(self, request, pk, number):
        """De ronde afsluiten (regie)"""
        circular_round = self.get_round()
        self.check_permission()
        with _state():
            analysis_services.close_round(circular_round, actor=request.user)
        return self.round_response(self.get_round())


# --- step 4: the advice -------------------------------------------------------------------------


class AdviceView(CaseView):
    # /cases/<pk>/advices…: the advices to the forum; drafts (which may still hold names)
    # only for the regie, who alone may work on them.
    tag = STEP4
    permission = manager()

    def advices(self):
        advices = (
            self.case.advices.select_related("created_by", "sent_by", "picture", "plan")
            .prefetch_related("forum_members")
            .order_by("-number")
        )
        if not access.can_manage_case(self.user, self.case):
            advices = advices.filter(status=AdviceStatus.SENT)  # drafts may still hold names
        return advices

    def show(self, advice, with_findings=False) -> dict:
        data = {
            name: getattr(advice, name)
            for name in (
                "number", "status", "body", "forum", "meeting_on", "created_by", "created_at", "updated_at",
                "sent_by", "sent_at",
            )
        }  # fmt: skip
        data.update(
            picture=advice.picture.number,
            plan=advice.plan.number,
            forum_members=list(advice.forum_members.all()),
        )
        if with_findings and not advice.is_sent:  # as the page shows them next to the draft
            anonymiser = anonymise.for_case(self.case)
            leftovers = {(f.start, f.end) for f in anonymiser.leftover_names(advice.body)}
            data["findings"] = [
                {
                    "start": f.start,
                    "end": f.end,
                    "kind": f.kind,
                    "text": f.text,
                    "explanation": anonymise.describe_finding(f),
                    "confirmable": (f.start, f.end) not in leftovers,
                }
                for f in anonymiser.findings(advice.body)
            ]
        return data

    def open_draft(self):
        advice = or_404(self.advices(), number=self.kwargs["number"])  # a partner sees no drafts: 404
        self.check_permission()
        if advice.is_sent:
            raise Conflict(_("Dit advies is verzonden en kan niet meer worden gewijzigd."))
        return advice

    def advice_response(self, number, code=200):
        advice = or_404(self.advices(), number=number)
        return self.respond(sa.AdviceSerializer, self.show(advice, with_findings=True), code)


class AdviceListView(AdviceView):
    @endpoint(ok=sa.AdviceSerializer(many=True))
    def get(self, request, pk):
        """De adviezen aan het overleg (de regie ziet ook het concept)"""
        return self.paginate(self.advices(), sa.AdviceSerializer, row=self.show)

    @endpoint(request=None, ok={201: sa.AdviceSerializer, 200: sa.AdviceSerializer}, idempotent=True)
    def post(self, request, pk):
        """Het advies genereren en anonimiseren (regie; een open concept wordt opnieuw gegenereerd)

        201 met een nieuw concept, 200 als het bestaande concept opnieuw is opgebouwd (de bewerkingen
        vervallen). 409 zolang beeld of concept plan ontbreekt."""
        case = self.case
        self.check_permission()
        had_draft = case.advices.filter(status=AdviceStatus.DRAFT).exists()
        with _state():
            advice = analysis_services.generate_advice(case, actor=request.user)
        return self.advice_response(advice.number, 200 if had_draft else 201)


class AdviceDetailView(AdviceView):
    @endpoint(operation_id="cases_advice_retrieve", ok=sa.AdviceSerializer)
    def get(self, request, pk, number):
        """Eén advies; bij een concept ook wat nog op persoonsgegevens lijkt (`findings`)"""
        return self.advice_response(number)

    @endpoint(
        operation_id="cases_advice_partial_update", request=sa.AdviceEditSerializer, ok=sa.AdviceSerializer
    )
    def patch(self, request, pk, number):
        """Het concept bewerken: tekst, overleg en datum (regie); weggelaten velden blijven"""
        advice = self.open_draft()
        data = self.input(sa.AdviceEditSerializer)
        analysis_services.edit_advice(
            advice,
            actor=request.user,
            body=data.get("body", advice.body),
            forum=data.get("forum", advice.forum),
            meeting_on=data.get("meeting_on", advice.meeting_on),
        )
        return self.advice_response(number)


class ForumMemberListView(AdviceView):
    @endpoint(request=sa.ForumMemberWriteSerializer, creates=sa.ForumMemberSerializer)
    def post(self, request, pk, number):
        """Wie in het overleg zit: naam, organisatie, mandaat (regie; bij het concept)"""
        advice = self.open_draft()
        data = self.input(sa.ForumMemberWriteSerializer)
        return self.created(
            sa.ForumMemberSerializer, analysis_services.add_forum_member(advice, actor=request.user, **data)
        )


class ForumMemberDetailView(AdviceView):
    @endpoint(ok=DELETED)
    def delete(self, request, pk, number, member_pk):
        """Een deelnemer aan het overleg verwijderen (regie; bij het concept)"""
        member = or_404(self.open_draft().forum_members, pk=member_pk)
        analysis_services.remove_forum_member(member, actor=request.user)
        return self.deleted()


class AdviceSendView(AdviceView):
    @endpoint(request=sa.SendSerializer, ok=sa.AdviceSerializer)
    def post(self, request, pk, number):
        """Het advies verzenden aan het overleg (regie; stap 4)

        Alleen als overleg en deelnemers zijn vastgelegd (anders 409) en niets meer op persoonsgegevens lijkt
        (anders 400 `privacy_guard` met de vondsten; een vals alarm bevestigt u in `confirmed_findings`, de
        naam van een jongere nooit)."""
        advice = self.open_draft()
        data = self.input(sa.SendSerializer)
        with _state():
            analysis_services.send_advice(advice, actor=request.user, **data)
        return self.advice_response(number)


# --- step 4: the decision -------------------------------------------------------------------------


def _decisions(case):
    return case.decisions.select_related("recorded_by", "advice", "supersedes").order_by(
        "-recorded_at", "-pk"
    )


class DecisionListView(CaseView):
    tag = STEP4
    permission = policy(
        "step4.record_decision", "Alleen een gemandateerde beslisser van deze gemeente legt het besluit vast."
    )

    @endpoint(ok=sa.DecisionSerializer(many=True))
    def get(self, request, pk):
        """De besluiten van het overleg (nieuwste eerst; een later besluit vervangt het vorige)"""
        return self.paginate(_decisions(self.case), sa.DecisionSerializer)

    @endpoint(request=sa.DecisionWriteSerializer, creates=sa.DecisionSerializer)
    def post(self, request, pk):
        """Het besluit vastleggen (alleen een gemandateerde beslisser; stap 4; onveranderlijk)

        Wat verplicht is, hangt af van `outcome` (zie de varianten). Een besluit zonder verzonden advies
        kan alleen als spoedprocedure (`fast_track`); anders 409 `gate`."""
        outcome = self.validated(sa.DecisionOutcomeSerializer)["outcome"]
        decision = self.write(analysis_services.record_decision, self.case, sa.DECISION_WRITE[outcome])
        return self.created(sa.DecisionSerializer, _decisions(self.case).get(pk=decision.pk))


class DecisionDetailView(CaseView):
    # A recorded decision is immutable (a later one supersedes it): GET only, PATCH/DELETE 405.
    tag = STEP4

    @endpoint(ok=sa.DecisionSerializer)
    def get(self, request, pk, decision_pk):
        """Eén besluit (onveranderlijk: wijzigen of verwijderen geeft 405; een nieuw besluit vervangt het)"""
        return self.respond(sa.DecisionSerializer, or_404(_decisions(self.case), pk=decision_pk))


# --- contacts with other municipalities, the forum's agenda ---------------------------------------


def _contacts(case):
    return case.municipality_contacts.select_related("municipality", "recorded_by")


class ContactListView(CaseView):
    tag = STEP4
    permission = manager()

    @endpoint(ok=sa.ContactSerializer(many=True))
    def get(self, request, pk):
        """Contacten met andere gemeenten (welke, wanneer, welke groepsinformatie)"""
        return self.paginate(_contacts(self.case).order_by("-informed_on", "-pk"), sa.ContactSerializer)

    @endpoint(request=sa.ContactWriteSerializer, creates=sa.ContactSerializer)
    def post(self, request, pk):
        """Contact met een andere gemeente vastleggen (regie; groepsniveau, privacytoets)"""
        case = self.case
        data = self.checked_input(sa.ContactWriteSerializer)
        others = Municipality.objects.exclude(pk=case.municipality_id)
        message = _("Kies een andere gemeente dan de eigen.")
        municipality = or_invalid(others, "municipality", message, pk=data.pop("municipality"))
        contact = analysis_services.record_municipality_contact(
            case, actor=request.user, municipality=municipality, **data
        )
        return self.created(sa.ContactSerializer, _contacts(case).get(pk=contact.pk))


def _agenda_decision(decision):
    if decision is None:
        return None
    return {"outcome": decision.outcome, "priority": decision.priority, "fast_track": decision.fast_track}


class AgendaView(ApiView):
    tag = STEP4

    @endpoint(ok=sa.AgendaSerializer, errors=(403,))
    def get(self, request):
        """De agenda van het overleg: groepen in stap 4 en geprioriteerde groepen in aanpak

        Groepsniveau, geen namen. Voor beslissers, procesregisseur en coördinator (anders 403)."""
        user = request.user
        if not policies.allowed(user, "agenda.view"):
            raise exceptions.PermissionDenied(
                _("De agenda is er voor beslissers, procesregisseur en coördinator.")
            )
        waiting, in_approach = reads.agenda(user)
        body = {
            "waiting": [
                {
                    "case": row["case"],
                    "urgency": row["picture"].urgency if row["picture"] else "",
                    "severity": row["picture"].severity if row["picture"] else "",
                    "size": row["size"],
                    "advice": row["advice"],
                    "hours": row["hours"],
                    "cost": row["cost"],
                    "decision": _agenda_decision(row["decision"]),
                }
                for row in waiting
            ],
            "in_approach": [
                {"case": row["case"], "decision": _agenda_decision(row["decision"])} for row in in_approach
            ],
        }
        return self.respond(sa.AgendaSerializer, body)
