from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services, workflow
from cases.models import CaseStatus, InformationRequest, Transition
from groups.models import Membership, Person
from privacy.models import MatrixItem, ProcessingLogEntry
from tests.factories import GroupFactory, agree_names, send_groepsscan

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    group = GroupFactory(municipality=world.municipality)
    return services.open_case(group, actor=world.regisseur, reason="drie signalen")


def _ready_for_step_2(world, case):
    return services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="Convenant",
        necessity="Overlast",
        actor=world.regisseur,
    )


def test_no_step_2_without_coordinator_and_legal_basis(world, case):
    with pytest.raises(workflow.WorkflowError, match="Stap 2 kan pas beginnen"):
        services.advance_case(case, to_step=2, actor=world.regisseur, reason="door")
    case.refresh_from_db()
    assert case.step == 1
    assert not Transition.objects.filter(case=case, to_step=2).exists()


def test_gate_refusal_is_shown_in_dutch_on_the_page(world, case, verified_client):
    client = verified_client(world.regisseur)
    response = client.post(
        f"/casussen/{case.pk}/stap/", {"move-to_step": "2", "move-reason": "door"}, follow=True
    )
    html = response.content.decode()
    assert "Stap 2 kan pas beginnen als u: wijs een uitvoeringscoördinator aan" in html
    case.refresh_from_db()
    assert case.step == 1


def test_forward_with_recorded_transition(world, case):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="meer informatie nodig")
    t = case.transitions.last()
    assert (t.from_step, t.to_step, t.kind, t.actor, t.reason) == (
        1,
        2,
        "forward",
        world.regisseur,
        "meer informatie nodig",
    )


def test_skipping_steps_is_refused(world, case):
    _ready_for_step_2(world, case)
    with pytest.raises(workflow.WorkflowError, match="geen toegestane overgang"):
        services.advance_case(case, to_step=4, actor=world.regisseur, reason="snel")


def test_reason_is_required(world, case):
    _ready_for_step_2(world, case)
    with pytest.raises(workflow.WorkflowError, match="reden"):
        services.advance_case(case, to_step=2, actor=world.regisseur, reason="  ")


def test_step_3_needs_a_partner(world, case):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    with pytest.raises(workflow.WorkflowError, match="ketenpartner"):
        services.advance_case(case, to_step=3, actor=world.regisseur, reason="x")
    services.invite_participant(
        case, organisation=world.orgs["politie"], actor=world.regisseur, name=world.staff("politie")
    )
    assert services.advance_case(case, to_step=3, actor=world.regisseur, reason="x").step == 3


def test_close_after_step_2_and_reopen_as_new_cycle(world, case):
    _ready_for_step_2(world, case)
    with pytest.raises(workflow.WorkflowError, match="Afsluiten kan alleen"):
        services.advance_case(case, to_step=None, actor=world.regisseur, reason="x")
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    case = services.advance_case(
        case, to_step=None, actor=world.regisseur, reason="afgehandeld met gerichte actie"
    )
    assert case.status == CaseStatus.CLOSED
    with pytest.raises(workflow.WorkflowError, match="afgesloten"):
        services.advance_case(case, to_step=3, actor=world.regisseur, reason="x")
    case = services.reopen_case(case, actor=world.regisseur, reason="nieuwe signalen")
    assert (case.status, case.cycle, case.step) == (CaseStatus.OPEN, 2, 1)


def test_back_from_6_to_3_or_5_only(world, case):
    _ready_for_step_2(world, case)
    services.invite_participant(
        case, organisation=world.orgs["politie"], actor=world.regisseur, name=world.staff("politie")
    )
    # Steps 3-5 have their own gates (analysis app); this test is about the moves out of 6.
    type(case).objects.filter(pk=case.pk).update(step=6)
    case.refresh_from_db()
    with pytest.raises(workflow.WorkflowError):
        services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    case = services.advance_case(case, to_step=3, actor=world.regisseur, reason="beeld klopt niet meer")
    assert case.transitions.last().kind == "back"


def test_one_open_case_per_group(world, case):
    with pytest.raises(workflow.WorkflowError, match="loopt al"):
        services.open_case(case.group, actor=world.regisseur, reason="x")


@pytest.mark.parametrize("persona", ["wijkagent", "jongerenwerker", "burgemeester", "outsider", "privacy"])
def test_only_municipality_moves_the_case(world, case, persona):
    _ready_for_step_2(world, case)
    with pytest.raises(services.AccessDenied):
        services.advance_case(case, to_step=2, actor=getattr(world, persona), reason="x")


def test_name_list_refused_before_step_2_and_nothing_saved(world, case, verified_client):
    with pytest.raises(services.AccessDenied, match="vanaf stap 2"):
        services.add_to_name_list(case, actor=world.regisseur, full_name="Jan Jansen")
    client = verified_client(world.regisseur)
    html = client.post(f"/casussen/{case.pk}/namenlijst/", {"full_name": "Jan Jansen"}).content.decode()
    assert "Persoonsgegevens zijn pas toegestaan vanaf stap 2." in html
    assert Person.objects.count() == 0 and Membership.objects.count() == 0
    assert ProcessingLogEntry.objects.count() == 0


def test_name_list_at_step_2_is_logged_and_agreed(world, case, verified_client):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    client = verified_client(world.coordinator)
    client.post(f"/casussen/{case.pk}/namenlijst/", {"full_name": "Jan Jansen", "role_in_group": "kopstuk"})
    membership = Membership.objects.get()
    assert membership.added_by == world.coordinator and membership.status == "proposed"
    client.post(f"/casussen/{case.pk}/namenlijst/{membership.pk}/status/", {"status": "agreed"})
    membership.refresh_from_db()
    assert membership.status == "agreed"
    ops = list(
        ProcessingLogEntry.objects.filter(data_subject=str(membership.person.pseudonym)).values_list(
            "operation", flat=True
        )
    )
    assert "name_list.add" in ops and "name_list.status" in ops


def test_professional_without_supply_right_cannot_add_criminal_information(world, case):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    services.invite_participant(
        case, organisation=world.orgs["jongerenwerk"], actor=world.regisseur, name=world.staff("jongerenwerk")
    )
    m = services.add_to_name_list(case, actor=world.coordinator, full_name="Jan Jansen")
    halt = MatrixItem.objects.get(label="Aantal maal verwezen naar Halt")
    with pytest.raises(services.AccessDenied, match="geen strafrechtelijke gegevens verstrekken"):
        services.add_information(
            case, actor=world.jongerenwerker, matrix_item=halt, content="1x", person=m.person
        )
    assert not case.information.exists()


def test_group_level_matrix_text_is_guarded(world, case):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    item = MatrixItem.objects.get(label="Hechte groep?")
    with pytest.raises(services.TextRefused, match="groepsniveau"):
        services.add_information(
            case, actor=world.regisseur, matrix_item=item, content="Ja, Kevin de Vries is de leider."
        )
    assert not case.information.exists()


def test_group_level_matrix_false_alarm_can_be_confirmed_on_the_page(world, case, verified_client):
    """Issue 16: the matrix's group-level text takes a confirmation like every guarded form."""
    from privacy.models import GuardConfirmation

    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    item = MatrixItem.objects.get(label="Hechte groep?")
    client = verified_client(world.regisseur)
    url = f"/casussen/{case.pk}/informatiematrix/"
    data = {"matrix_item": item.pk, "person": "", "content": "Ja, ze hangen bij Kevin de Vries rond."}
    html = client.post(url, data).content.decode()
    assert 'value="name:Kevin de Vries"' in html
    assert not case.information.exists()
    response = client.post(url, {**data, "guard_confirm": ["name:Kevin de Vries"]})
    assert response.status_code == 302
    assert case.information.count() == 1
    kept = GuardConfirmation.objects.get(subject=f"cases.case:{case.pk}")
    assert (kept.field, kept.text) == ("content", "Kevin de Vries")


def test_groepsscan_request_to_police_answered_by_the_teamchef_only(world, case, verified_client):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    (jan,) = agree_names(world, case, "Jan Jansen")
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    client = verified_client(world.regisseur)
    route = {"mayor": world.burgemeester.pk, "om_officer": world.officier.pk}
    html = client.post(
        f"/casussen/{case.pk}/verzoeken/",
        {
            "kind": "groepsscan",
            "addressee": world.orgs["jongerenwerk"].pk,
            "question": "Groepsscan",
            "due_date": due,
            **route,
        },
    ).content.decode()
    assert "Een groepsscan vraagt u aan bij de politie." in html
    client.post(
        f"/casussen/{case.pk}/verzoeken/",
        {
            "kind": "groepsscan",
            "addressee": world.orgs["politie"].pk,
            "question": "Graag een groepsscan.",
            "due_date": due,
            **route,
        },
    )
    request = InformationRequest.objects.get()
    assert request.addressee_function == "teamchef"
    assert case.participants.filter(organisation=world.orgs["politie"]).exists()
    # Another organisation cannot answer it, and neither can a wijkagent of the police.
    for persona in ("jongerenwerker", "wijkagent"):
        other = verified_client(getattr(world, persona))
        assert other.get(f"/casussen/{case.pk}/verzoeken/{request.pk}/").status_code == 404
    police = verified_client(world.teamchef)
    police.post(
        f"/casussen/{case.pk}/verzoeken/{request.pk}/namen/beantwoorden/",
        {f"names-outcome_{jan.pk}": "unknown"},
    )
    police.post(
        f"/casussen/{case.pk}/verzoeken/{request.pk}/",
        {"answer": "Standaardrapport bijgevoegd.", "information_position": "matig"},
    )
    request.refresh_from_db()
    assert (request.status, request.unknown_to_police, request.information_position) == (
        "answered",
        1,
        "matig",
    )


def test_request_due_date_in_the_past_is_refused(world, case, verified_client):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    client = verified_client(world.regisseur)
    html = client.post(
        f"/casussen/{case.pk}/verzoeken/",
        {
            "kind": "intern",
            "addressee": world.orgs["leerplicht"].pk,
            "question": "Verzuim?",
            "due_date": "2020-01-01",
        },
    ).content.decode()
    assert "verleden" in html
    assert not InformationRequest.objects.exists()


def test_overdue_request_is_marked(world, case):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    agree_names(world, case)
    r = services.send_request(
        case,
        actor=world.regisseur,
        kind="intern",
        addressee=world.orgs["leerplicht"],
        question="?",
        due_date=timezone.localdate() + timedelta(days=1),
    )
    InformationRequest.objects.filter(pk=r.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    r.refresh_from_db()
    assert r.is_overdue and r.get_display_status() == "Verlopen"


def test_request_answer_with_a_name_is_stopped(world, case, verified_client):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    r = send_groepsscan(world, case, question="Graag de groepsscan.")
    police = verified_client(world.teamchef)
    html = police.post(
        f"/casussen/{case.pk}/verzoeken/{r.pk}/", {"answer": "Kevin de Vries is de leider, 06-12345678."}
    ).content.decode()
    assert "lijkt persoonsgegevens te bevatten" in html
    r.refresh_from_db()
    assert r.status == "open" and r.answer == ""


def test_neighbour_cannot_open_a_case_on_a_shared_group(world):
    group = GroupFactory(municipality=world.municipality)
    group.other_municipalities.add(world.neighbour)
    with pytest.raises(services.AccessDenied, match="gemeente waar de groep"):
        services.open_case(group, actor=world.outsider, reason="x")
    assert not group.cases.exists()


def test_reopened_cycle_needs_a_fresh_coordinator_and_basis(world, case):
    _ready_for_step_2(world, case)
    case = services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    case = services.advance_case(case, to_step=None, actor=world.regisseur, reason="gerichte actie")
    case = services.reopen_case(case, actor=world.regisseur, reason="nieuwe signalen")
    assert case.coordinator is None and not case.legal_basis_choice and not case.necessity
    with pytest.raises(workflow.WorkflowError, match="Stap 2 kan pas beginnen"):
        services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
