"""Step 2's information chain (§3.3, issue 18): the name list is agreed before the
information is broadened; the groepsscan goes from the burgemeester (through the contact
person) to the teamchef's function and only that function answers; the answer marks every
name known / unknown / selected (criminal-law data); the standard report goes to the
burgemeester and the gebiedsofficier of the OM; the police may start a groepsscan
themselves; an OM request needs its reason, the prior consultation and the police's
selection, and is answered per person."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from cases import services
from cases.models import InformationRequest, NameOutcome, RequestKind, RequestStatus
from groepsaanpak.errors import FORBIDDEN, GATE, INVALID
from groups.models import MembershipStatus
from privacy.models import ProcessingLogEntry
from tests import samples
from tests.factories import GroupFactory, UserFactory, agree_names, case_in_step_2, send_groepsscan

pytestmark = pytest.mark.django_db

DUE = datetime.timedelta(days=14)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case(world):
    group = GroupFactory(municipality=world.municipality, name="Havenkant")
    return case_in_step_2(world, group, partners=("politie", "jongerenwerk"))


def _groepsscan(world, case, **overrides):
    data = {
        "actor": world.regisseur,
        "kind": RequestKind.GROEPSSCAN,
        "addressee": world.orgs["politie"],
        "question": "Graag de groepsscan.",
        "due_date": timezone.localdate() + DUE,
        "mayor": world.burgemeester,
        "om_officer": world.officier,
    }
    return services.send_request(case, **{**data, **overrides})


# --- the name list first ---------------------------------------------------------------------


def test_no_request_before_the_name_list_is_agreed(world, case):
    with pytest.raises(services.workflow.WorkflowError, match="Stem eerst de namenlijst af") as refused:
        _groepsscan(world, case)
    assert refused.value.code == GATE
    services.add_to_name_list(case, actor=world.coordinator, full_name="Jan Jansen")  # proposed only
    with pytest.raises(services.workflow.WorkflowError, match="Stem eerst de namenlijst af"):
        services.send_request(
            case,
            actor=world.regisseur,
            kind=RequestKind.INTERNAL,
            addressee=world.orgs["leerplicht"],
            question="Verzuim?",
            due_date=timezone.localdate() + DUE,
        )
    assert not InformationRequest.objects.exists()


def test_the_groepsscan_names_the_agreed_list_only(world, case):
    agree_names(world, case, "Jan Jansen", "Piet Pietersen")
    services.add_to_name_list(case, actor=world.coordinator, full_name="Kees Voorgesteld")
    request = _groepsscan(world, case)
    names = {r.membership.person.full_name for r in request.names.select_related("membership__person")}
    assert names == {"Jan Jansen", "Piet Pietersen"}
    assert request.addressee_function == "teamchef"
    assert (request.mayor, request.om_officer, request.requested_by) == (
        world.burgemeester,
        world.officier,
        world.regisseur,
    )
    assert ProcessingLogEntry.objects.filter(operation="request.names").count() == 2


@pytest.mark.parametrize(
    ("field", "override"),
    [
        ("mayor", {"mayor": None}),
        ("om_officer", {"om_officer": None}),
        ("addressee", {"addressee": "jongerenwerk"}),
    ],
)
def test_the_groepsscan_route_is_required(world, case, field, override):
    agree_names(world, case)
    if override.get("addressee"):
        override = {"addressee": world.orgs[override["addressee"]]}
    with pytest.raises(services.workflow.WorkflowError) as refused:
        _groepsscan(world, case, **override)
    assert refused.value.code == INVALID and field in refused.value.errors


def test_a_mayor_of_another_municipality_or_a_professional_is_not_the_burgemeester(world, case):
    agree_names(world, case)
    for wrong in (world.outsider, world.wijkagent):
        with pytest.raises(services.workflow.WorkflowError, match="burgemeester"):
            _groepsscan(world, case, mayor=wrong)


# --- answered by the function -----------------------------------------------------------------


def test_only_the_teamchef_or_a_deputy_answers_the_groepsscan(world, case):
    agree_names(world, case)
    request = _groepsscan(world, case)
    jan = case.memberships.get()
    for refused in (world.wijkagent, world.jongerenwerker, world.officier):
        with pytest.raises(services.AccessDenied) as denied:
            services.answer_names(request, actor=refused, answers={jan.pk: ("known", "")})
        assert denied.value.code == FORBIDDEN
        with pytest.raises(services.AccessDenied):
            services.answer_request(request, actor=refused, answer="Zie rapport")
    deputy = UserFactory(organisation=world.orgs["politie"], function_title="Plaatsvervangend teamchef")
    services.answer_names(request, actor=deputy, answers={jan.pk: ("selected", "")})
    services.answer_request(request, actor=deputy, answer="Zie rapport")
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.answered_by == deputy


def test_the_answer_marks_every_name_and_counts_the_unknown(world, case):
    request = send_groepsscan(
        world, case, names=("Jan Jansen", "Piet Pietersen", "Kees Klaassen"), outcomes={}
    )
    by_name = {m.person.full_name: m.pk for m in case.memberships.select_related("person")}
    with pytest.raises(services.workflow.WorkflowError, match="per naam") as first:
        services.answer_request(request, actor=world.teamchef, answer="Zie rapport")
    assert first.value.code == GATE
    with pytest.raises(services.workflow.WorkflowError, match="elke naam"):
        services.answer_names(request, actor=world.teamchef, answers={by_name["Jan Jansen"]: ("known", "")})
    services.answer_names(
        request,
        actor=world.teamchef,
        answers={
            by_name["Jan Jansen"]: ("selected", ""),
            by_name["Piet Pietersen"]: ("unknown", ""),
            by_name["Kees Klaassen"]: ("known", ""),
        },
    )
    with pytest.raises(services.workflow.WorkflowError, match="1 namen onbekend"):
        services.answer_request(request, actor=world.teamchef, answer="Zie rapport", unknown_to_police=3)
    services.answer_request(request, actor=world.teamchef, answer="Zie rapport", information_position="sterk")
    request.refresh_from_db()
    assert request.unknown_to_police == 1
    outcomes = {
        r.membership.person.full_name: r.outcome for r in request.names.select_related("membership__person")
    }
    assert outcomes == {"Jan Jansen": "selected", "Piet Pietersen": "unknown", "Kees Klaassen": "known"}
    entry = ProcessingLogEntry.objects.filter(operation="request.answer_names").first()
    assert entry.categories == "criminal" and entry.actor_id == world.teamchef.pk


def test_a_name_not_on_the_request_is_refused(world, case):
    request = send_groepsscan(world, case, outcomes={})
    late = services.add_to_name_list(case, actor=world.coordinator, full_name="Later Gevonden")
    jan = case.memberships.exclude(pk=late.pk).get()
    with pytest.raises(services.workflow.WorkflowError, match="niet op dit verzoek"):
        services.answer_names(
            request, actor=world.teamchef, answers={jan.pk: ("known", ""), late.pk: ("known", "")}
        )


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("regisseur", True),  # the municipality receives criminal data under the demo covenant
        ("coordinator", True),
        ("wijkagent", True),
        ("jongerenwerker", False),  # named, sees the names, but no criminal data
        ("burgemeester", False),
        ("outsider", False),
    ],
)
def test_the_answer_per_name_is_criminal_data(world, case, verified_client, persona, sees):
    request = send_groepsscan(world, case, outcomes={"Jan Jansen": "selected"})
    response = verified_client(getattr(world, persona)).get(
        f"/casussen/{case.pk}/verzoeken/{request.pk}/namen/"
    )
    if persona == "outsider":
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Jan Jansen" in html) is sees
    assert ("afgeschermd" in html) is not sees
    logged = ProcessingLogEntry.objects.filter(
        operation="request.names_read", actor_id=getattr(world, persona).pk
    ).exists()
    assert logged is sees


# --- the standard report to the burgemeester and the gebiedsofficier -----------------------------


@pytest.fixture
def reported(world, case):
    request = send_groepsscan(world, case)
    checked = services.uploads.check(samples.upload("rapport.pdf", samples.PDF))
    return services.answer_request(request, actor=world.teamchef, answer="Zie rapport", attachment=checked)


def test_the_report_goes_to_the_burgemeester_and_the_gebiedsofficier(world, reported, verified_client):
    assert reported.reported_at is not None
    # The OM takes no part in this case: the gebiedsofficier cannot open the case …
    officer = verified_client(world.officier)
    assert officer.get(f"/casussen/{reported.case_id}/").status_code == 404
    assert officer.get(f"/casussen/{reported.case_id}/verzoeken/{reported.pk}/bijlage/").status_code == 404
    # … but receives the standard report, logged as every download.
    assert "Havenkant" in officer.get("/casussen/rapporten/").content.decode()
    response = officer.get(f"/casussen/rapporten/{reported.pk}/bijlage/")
    assert response.status_code == 200 and response.content == samples.PDF
    entry = ProcessingLogEntry.objects.get(operation="request_attachment.download")
    assert entry.actor_id == world.officier.pk
    mayor = verified_client(world.burgemeester)
    assert mayor.get(f"/casussen/rapporten/{reported.pk}/bijlage/").status_code == 200


@pytest.mark.parametrize("persona", ["wijkagent", "jongerenwerker", "regisseur", "privacy", "outsider"])
def test_who_did_not_receive_the_report_gets_404_on_the_report_path(
    world, reported, verified_client, persona
):
    client = verified_client(getattr(world, persona))
    assert client.get(f"/casussen/rapporten/{reported.pk}/bijlage/").status_code == 404
    assert "Havenkant" not in client.get("/casussen/rapporten/").content.decode()


def test_a_declined_groepsscan_reports_nothing(world, case):
    request = send_groepsscan(world, case, outcomes={})
    services.answer_request(request, actor=world.teamchef, answer="Geen capaciteit", declined=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED and request.reported_at is None


# --- the police start a groepsscan themselves -----------------------------------------------------


def test_the_police_record_their_own_groepsscan_in_step_1_and_propose_names_in_step_2(world):
    group = GroupFactory(municipality=world.municipality, name="Stationsplein")
    case = services.open_case(group, actor=world.regisseur, reason="signalen")
    services.invite_participant(case, organisation=world.orgs["politie"], actor=world.regisseur)
    for refused in (world.jongerenwerker, world.regisseur):
        with pytest.raises(services.AccessDenied):
            services.record_police_groepsscan(
                case, actor=refused, answer="Rapport", mayor=world.burgemeester, om_officer=world.officier
            )
    with pytest.raises(services.TextRefused):
        services.record_police_groepsscan(
            case,
            actor=world.wijkagent,
            answer="Kevin de Vries is de leider.",
            mayor=world.burgemeester,
            om_officer=world.officier,
        )
    scan = services.record_police_groepsscan(
        case, actor=world.wijkagent, answer="Standaardrapportage: zes jongeren.", mayor=world.burgemeester,
        om_officer=world.officier, information_position="sterk",
    )  # fmt: skip
    assert scan.police_initiated and scan.status == RequestStatus.ANSWERED and scan.reported_at
    # Step 2: the police propose the names they used; the partners agree which list goes on.
    services.appoint_coordinator(
        case, coordinator=world.coordinator, legal_basis_choice="avg6e_gw172", legal_basis="c",
        necessity="n", actor=world.regisseur,
    )  # fmt: skip
    services.name_person(case, user=world.wijkagent, reason="wijkagent", actor=world.regisseur)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    proposed = services.add_to_name_list(case, actor=world.wijkagent, full_name="Ali Voorstel")
    assert proposed.status == MembershipStatus.PROPOSED
    assert proposed.added_by_organisation == world.orgs["politie"]
    with pytest.raises(services.AccessDenied):
        services.set_membership_status(proposed, status=MembershipStatus.AGREED, actor=world.wijkagent)
    services.set_membership_status(proposed, status=MembershipStatus.AGREED, actor=world.coordinator)


def test_no_police_groepsscan_after_step_2(world, case):
    case.step = 3
    case.save(update_fields=["step"])
    with pytest.raises(services.workflow.WorkflowError, match="stap 1 of 2"):
        services.record_police_groepsscan(
            case, actor=world.wijkagent, answer="Rapport", mayor=world.burgemeester, om_officer=world.officier
        )


# --- the OM request ---------------------------------------------------------------------------


def _om(world, case, **overrides):
    data = {
        "actor": world.regisseur,
        "kind": RequestKind.OM,
        "addressee": world.orgs["om"],
        "question": "Strafrechtelijke informatie van de geselecteerde namen.",
        "due_date": timezone.localdate() + DUE,
        "reason": "Drugshandel en wapenbezit overheersen.",
        "consulted_on": timezone.localdate(),
    }
    return services.send_request(case, **{**data, **overrides})


def test_an_om_request_needs_its_reason_and_the_prior_consultation(world, case):
    agree_names(world, case)
    for field, override in (("reason", {"reason": " "}), ("consulted_on", {"consulted_on": None})):
        with pytest.raises(services.workflow.WorkflowError) as refused:
            _om(world, case, **override)
        assert refused.value.code == INVALID and field in refused.value.errors


def test_an_om_request_covers_the_names_the_police_selected(world, case):
    agree_names(world, case, "Jan Jansen")
    with pytest.raises(services.workflow.WorkflowError, match="geselecteerd") as refused:
        _om(world, case)
    assert refused.value.code == GATE
    scan = send_groepsscan(
        world, case, names=("Piet Pietersen",), outcomes={"Jan Jansen": "known", "Piet Pietersen": "selected"}
    )
    services.answer_request(scan, actor=world.teamchef, answer="Zie rapport")
    request = _om(world, case)
    (row,) = request.names.select_related("membership__person")
    assert row.membership.person.full_name == "Piet Pietersen"
    with pytest.raises(services.AccessDenied):
        services.answer_names(request, actor=world.teamchef, answers={row.membership_id: ("known", "x")})
    services.answer_names(
        request, actor=world.officier, answers={row.membership_id: ("known", "Twee zaken in behandeling.")}
    )
    services.answer_request(request, actor=world.officier, answer="Zie per persoon")
    row.refresh_from_db()
    assert row.content == "Twee zaken in behandeling." and row.category == "criminal"
    assert row.outcome == NameOutcome.KNOWN


def test_a_regional_om_office_serves_the_municipality(world, case):
    """An OM office of the region (another municipality's organisation that also serves this
    one) provides the gebiedsofficier; an OM office that does not serve it cannot."""
    regional = Organisation.objects.create(
        name="OM Kustland", kind=OrganisationKind.OM, municipality=world.neighbour
    )
    officer = UserFactory(organisation=regional, function_title="gebiedsofficier")
    agree_names(world, case)
    with pytest.raises(services.workflow.WorkflowError, match="gebiedsofficier"):
        _groepsscan(world, case, om_officer=officer)
    regional.also_serves.add(world.municipality)
    request = _groepsscan(world, case, om_officer=officer)
    assert request.om_officer == officer
