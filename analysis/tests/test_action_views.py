"""The POST views of steps 3-4, one per action: each redirects to its page with the Dutch
message on success; on invalid input or a refusal it renders the same page with the error
(200) and saves nothing; who may not see the case gets 404, and who may see it but not do
this gets what the page gave before (404, or the page with the refusal)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from analysis import services
from analysis.models import (
    Advice,
    AdviceStatus,
    CapacityEstimate,
    CircularAnswer,
    CommonThread,
    ConceptPlanVersion,
    ForumMember,
    Tie,
)
from analysis.tests.conftest import ready_for_step_4
from groups.models import Assessment

pytestmark = pytest.mark.django_db


def _members(case, *names):
    return [case.memberships.get(person__full_name=n) for n in names]


def _ok(client, response, page):
    """Redirected to the page, which shows the message; returns the page's HTML."""
    assert response.status_code == 302 and response["Location"] == page, response.status_code
    return client.get(page).content.decode()


def _refused(response, text):
    html = response.content.decode()
    assert response.status_code == 200 and text in html, response.status_code
    return html


# --- group dynamics ------------------------------------------------------------------------------


@pytest.fixture
def tie(world, case):
    ryan, yusuf = _members(case, "Ryan Meijer", "Yusuf Demir")
    return services.add_tie(
        case,
        actor=world.jongerenwerker,
        source=ryan,
        target=yusuf,
        kind="vriendschap",
        since=date(2026, 1, 1),
    )


def test_assess_redirects_with_message(world, case, verified_client):
    (ryan,) = _members(case, "Ryan Meijer")
    client = verified_client(world.jongerenwerker)
    page = f"/casussen/{case.pk}/groepsdynamiek/"
    response = client.post(
        f"{page}beoordelen/",
        {"assess-assessed_on": "2026-06-01", f"assess-dyn_{ryan.pk}": "min", f"assess-inf_{ryan.pk}": "4"},
    )
    assert "1 beoordeling vastgelegd." in _ok(client, response, page)
    assert Assessment.objects.get().membership == ryan


def test_assess_in_the_future_is_a_field_error(world, case, verified_client):
    (ryan,) = _members(case, "Ryan Meijer")
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = verified_client(world.jongerenwerker).post(
        f"/casussen/{case.pk}/groepsdynamiek/beoordelen/",
        {"assess-assessed_on": future, f"assess-dyn_{ryan.pk}": "min", f"assess-inf_{ryan.pk}": "4"},
    )
    _refused(response, "Een beoordeling kan niet in de toekomst liggen.")
    assert not Assessment.objects.exists()


def test_tie_redirects_with_message(world, case, verified_client):
    ryan, yusuf = _members(case, "Ryan Meijer", "Yusuf Demir")
    client = verified_client(world.wijkagent)
    page = f"/casussen/{case.pk}/groepsdynamiek/"
    response = client.post(
        f"{page}banden/",
        {"tie-source": ryan.pk, "tie-target": yusuf.pk, "tie-kind": "familie", "tie-since": "2026-01-01"},
    )
    assert "Band vastgelegd." in _ok(client, response, page)
    assert Tie.objects.get().kind == "familie"


def test_tie_to_oneself_is_a_field_error(world, case, verified_client):
    (ryan,) = _members(case, "Ryan Meijer")
    response = verified_client(world.wijkagent).post(
        f"/casussen/{case.pk}/groepsdynamiek/banden/",
        {"tie-source": ryan.pk, "tie-target": ryan.pk, "tie-kind": "familie", "tie-since": "2026-01-01"},
    )
    html = _refused(response, "Kies twee verschillende jongeren.")
    assert 'id="id_tie-target_error"' in html
    assert not Tie.objects.exists()


def test_end_tie_redirects_with_message(world, case, tie, verified_client):
    client = verified_client(world.jongerenwerker)
    page = f"/casussen/{case.pk}/groepsdynamiek/"
    response = client.post(f"{page}banden/{tie.pk}/beeindigen/", {"until": "2026-03-01"})
    assert "Band beëindigd; hij blijft zichtbaar in de geschiedenis." in _ok(client, response, page)
    tie.refresh_from_db()
    assert tie.until == date(2026, 3, 1)


def test_end_of_an_ended_tie_is_refused_on_the_page(world, case, tie, verified_client):
    services.end_tie(tie, actor=world.jongerenwerker, until=date(2026, 2, 1))
    response = verified_client(world.jongerenwerker).post(
        f"/casussen/{case.pk}/groepsdynamiek/banden/{tie.pk}/beeindigen/", {"until": "2026-03-01"}
    )
    _refused(response, "Deze band is al beëindigd.")
    tie.refresh_from_db()
    assert tie.until == date(2026, 2, 1)


def test_end_of_a_tie_of_another_case_is_404(world, case, tie, verified_client):
    from analysis.tests.conftest import build_case

    other = build_case(world, name="Andere groep", members=[("Kai Andere", "", None, "")])
    url = f"/casussen/{other.pk}/groepsdynamiek/banden/{tie.pk}/beeindigen/"
    assert verified_client(world.jongerenwerker).post(url, {"until": "2026-03-01"}).status_code == 404


# --- circular questioning ------------------------------------------------------------------------


@pytest.fixture
def round_(world, case):
    return services.open_round(case, actor=world.coordinator)


def test_answer_redirects_with_message(world, case, round_, verified_client):
    client = verified_client(world.wijkagent)
    page = f"/casussen/{case.pk}/circulair/1/"
    response = client.post(f"{page}antwoorden/", {"answer-characteristics_1": "Hechte kern"})
    assert "Uw antwoorden zijn opgeslagen." in _ok(client, response, page)
    assert CircularAnswer.objects.get().characteristics == ["Hechte kern"]


def test_answer_naming_someone_outside_is_refused_on_the_page(world, case, round_, verified_client):
    response = verified_client(world.wijkagent).post(
        f"/casussen/{case.pk}/circulair/1/antwoorden/",
        {"answer-key_figures_outside": "Trainer Jan Vos van de voetbalclub"},
    )
    _refused(response, "Privacytoets — gemarkeerd in uw tekst:")
    assert not CircularAnswer.objects.exists()


def test_thread_redirects_with_message(world, case, round_, verified_client):
    client = verified_client(world.coordinator)
    page = f"/casussen/{case.pk}/circulair/1/"
    response = client.post(
        f"{page}rode-draad/", {"thread-question": "risicos", "thread-text": "Doorgroei is het risico."}
    )
    assert "Rode draad vastgelegd." in _ok(client, response, page)
    assert CommonThread.objects.get().text == "Doorgroei is het risico."


def test_thread_without_text_is_a_field_error(world, case, round_, verified_client):
    response = verified_client(world.coordinator).post(
        f"/casussen/{case.pk}/circulair/1/rode-draad/", {"thread-question": "risicos"}
    )
    assert response.status_code == 200 and 'id="id_thread-text_error"' in response.content.decode()
    assert not CommonThread.objects.exists()


def test_close_redirects_with_message(world, case, round_, verified_client):
    client = verified_client(world.coordinator)
    page = f"/casussen/{case.pk}/circulair/1/"
    assert "Ronde afgesloten." in _ok(client, client.post(f"{page}afsluiten/"), page)
    round_.refresh_from_db()
    assert not round_.is_open


def test_closing_a_closed_round_is_refused_on_the_page(world, case, round_, verified_client):
    services.close_round(round_, actor=world.coordinator)
    round_.refresh_from_db()
    closed_at = round_.closed_at
    response = verified_client(world.coordinator).post(f"/casussen/{case.pk}/circulair/1/afsluiten/")
    _refused(response, "Deze ronde is al afgesloten.")
    round_.refresh_from_db()
    assert round_.closed_at == closed_at


# --- the concept plan ----------------------------------------------------------------------------

PLAN = {"plan-based_on": "0", "plan-group_line": "Groepsgesprekken.", "plan-strategy": "Eerst de kern."}


def test_plan_redirects_with_message(world, case, verified_client):
    client = verified_client(world.coordinator)
    page = f"/casussen/{case.pk}/concept-pva/"
    response = client.post(f"{page}opslaan/", PLAN)
    assert "Nieuwe versie van het concept plan van aanpak opgeslagen." in _ok(client, response, page)
    assert ConceptPlanVersion.objects.get().group_line == "Groepsgesprekken."


def test_plan_on_an_old_version_keeps_the_text_and_saves_nothing(world, case, verified_client):
    services.save_concept_plan(case, actor=world.wijkagent, based_on=0, group_line="Eerste versie.")
    response = verified_client(world.coordinator).post(f"/casussen/{case.pk}/concept-pva/opslaan/", PLAN)
    html = _refused(response, "heeft intussen versie 1 opgeslagen")
    assert "Groepsgesprekken." in html and 'name="plan-based_on" value="1"' in html
    assert ConceptPlanVersion.objects.count() == 1


def test_capacity_redirects_with_message(world, case, verified_client):
    client = verified_client(world.wijkagent)
    page = f"/casussen/{case.pk}/concept-pva/"
    response = client.post(
        f"{page}inzet/",
        {"cap-organisation": world.orgs["politie"].pk, "cap-hours_per_week": "6", "cap-months": "3"},
    )
    assert "Schatting van de inzet toegevoegd." in _ok(client, response, page)
    assert CapacityEstimate.objects.get().hours_per_week == 6


def test_capacity_without_hours_or_fte_is_a_field_error(world, case, verified_client):
    response = verified_client(world.wijkagent).post(
        f"/casussen/{case.pk}/concept-pva/inzet/",
        {"cap-organisation": world.orgs["politie"].pk, "cap-months": "3"},
    )
    html = _refused(response, "Geef de inzet in uren per week of in fte.")
    assert 'id="id_cap-hours_per_week_error"' in html
    assert not CapacityEstimate.objects.exists()


@pytest.fixture
def estimate(world, case):
    return services.add_capacity(
        case, actor=world.wijkagent, organisation=world.orgs["politie"], months=6, hours_per_week=8
    )


def test_remove_capacity_redirects_with_message(world, case, estimate, verified_client):
    client = verified_client(world.wijkagent)
    page = f"/casussen/{case.pk}/concept-pva/"
    response = client.post(f"{page}inzet/{estimate.pk}/verwijderen/")
    assert "Schatting verwijderd." in _ok(client, response, page)
    assert not CapacityEstimate.objects.exists()


def test_remove_of_another_organisations_estimate_is_refused_on_the_page(
    world, case, estimate, verified_client
):
    response = verified_client(world.jongerenwerker).post(
        f"/casussen/{case.pk}/concept-pva/inzet/{estimate.pk}/verwijderen/"
    )
    _refused(response, "U kunt alleen de inzet van uw eigen organisatie verwijderen.")
    assert CapacityEstimate.objects.count() == 1


# --- advice --------------------------------------------------------------------------------------


@pytest.fixture
def step4(world, case):
    return ready_for_step_4(world, case)


@pytest.fixture
def draft(world, step4):
    return services.generate_advice(step4, actor=world.regisseur)


def test_generate_redirects_with_message(world, step4, verified_client):
    client = verified_client(world.regisseur)
    page = f"/casussen/{step4.pk}/advies/"
    html = _ok(client, client.post(f"{page}genereren/"), page)
    assert "Advies gegenereerd en geanonimiseerd." in html
    assert Advice.objects.get().status == AdviceStatus.DRAFT


def test_generate_without_picture_and_plan_is_refused_on_the_page(world, case, verified_client):
    response = verified_client(world.regisseur).post(f"/casussen/{case.pk}/advies/genereren/")
    _refused(response, "Leg eerst het integraal beeld en het concept plan van aanpak vast.")
    assert not Advice.objects.exists()


def test_save_redirects_with_message(world, step4, draft, verified_client):
    client = verified_client(world.regisseur)
    page = f"/casussen/{step4.pk}/advies/"
    response = client.post(f"{page}opslaan/", {"advice-body": "Korter advies.", "advice-forum": "driehoek"})
    assert "Concept opgeslagen." in _ok(client, response, page)
    draft.refresh_from_db()
    assert (draft.body, draft.forum) == ("Korter advies.", "driehoek")


def test_save_without_text_is_a_field_error(world, step4, draft, verified_client):
    body = draft.body
    response = verified_client(world.regisseur).post(
        f"/casussen/{step4.pk}/advies/opslaan/", {"advice-body": "", "advice-forum": "driehoek"}
    )
    assert response.status_code == 200 and 'id="id_advice-body_error"' in response.content.decode()
    draft.refresh_from_db()
    assert (draft.body, draft.forum) == (body, "")


MEMBER = {"member-name": "B. Burgemeester", "member-organisation": "Gemeente", "member-mandate": "voorzitter"}


def test_member_redirects_with_message(world, step4, draft, verified_client):
    client = verified_client(world.regisseur)
    page = f"/casussen/{step4.pk}/advies/"
    assert "Deelnemer aan het overleg toegevoegd." in _ok(
        client, client.post(f"{page}deelnemers/", MEMBER), page
    )
    assert ForumMember.objects.get(advice=draft).name == "B. Burgemeester"


def test_member_without_mandate_is_a_field_error(world, step4, draft, verified_client):
    response = verified_client(world.regisseur).post(
        f"/casussen/{step4.pk}/advies/deelnemers/", {**MEMBER, "member-mandate": ""}
    )
    assert response.status_code == 200 and 'id="id_member-mandate_error"' in response.content.decode()
    assert not ForumMember.objects.exists()


def test_remove_member_redirects_to_the_page(world, step4, draft, verified_client):
    member = services.add_forum_member(draft, actor=world.regisseur, **{k[7:]: v for k, v in MEMBER.items()})
    client = verified_client(world.regisseur)
    page = f"/casussen/{step4.pk}/advies/"
    _ok(client, client.post(f"{page}deelnemers/{member.pk}/verwijderen/"), page)
    assert not ForumMember.objects.exists()


def test_remove_member_of_a_sent_advice_is_404(world, step4, verified_client):
    from analysis.tests.conftest import sent_advice

    member = sent_advice(world, step4).forum_members.get()
    response = verified_client(world.regisseur).post(
        f"/casussen/{step4.pk}/advies/deelnemers/{member.pk}/verwijderen/"
    )
    assert response.status_code == 404
    assert ForumMember.objects.filter(pk=member.pk).exists()


def test_send_redirects_with_message(world, step4, draft, verified_client):
    services.edit_advice(draft, actor=world.regisseur, body=draft.body, forum="driehoek")
    services.add_forum_member(draft, actor=world.regisseur, name="A", organisation="B", mandate="C")
    client = verified_client(world.regisseur)
    page = f"/casussen/{step4.pk}/advies/"
    assert "Het advies is verzonden aan het overleg." in _ok(client, client.post(f"{page}verzenden/"), page)
    draft.refresh_from_db()
    assert draft.status == AdviceStatus.SENT


def test_send_without_forum_is_refused_on_the_page(world, step4, draft, verified_client):
    response = verified_client(world.regisseur).post(f"/casussen/{step4.pk}/advies/verzenden/")
    _refused(response, "Kies het overleg waaraan het advies wordt gestuurd.")
    draft.refresh_from_db()
    assert draft.status == AdviceStatus.DRAFT


# --- denial --------------------------------------------------------------------------------------

STEP_3 = [
    "groepsdynamiek/beoordelen/",
    "groepsdynamiek/banden/",
    "groepsdynamiek/banden/{tie}/beeindigen/",
    "circulair/1/antwoorden/",
    "circulair/1/rode-draad/",
    "circulair/1/afsluiten/",
    "concept-pva/opslaan/",
    "concept-pva/inzet/",
    "concept-pva/inzet/{estimate}/verwijderen/",
]
ADVICE = [
    "advies/genereren/",
    "advies/opslaan/",
    "advies/deelnemers/",
    "advies/deelnemers/{member}/verwijderen/",
    "advies/verzenden/",
]


@pytest.mark.parametrize("persona", ["outsider", "burgemeester"])
@pytest.mark.parametrize("path", STEP_3)
def test_step_3_writes_are_404_for_outsider_and_decider(
    world, case, tie, round_, estimate, verified_client, persona, path
):
    """The outsider does not see the case; the burgemeester sees it but supplies nothing."""
    url = f"/casussen/{case.pk}/" + path.format(tie=tie.pk, estimate=estimate.pk)
    assert verified_client(getattr(world, persona)).post(url, {"plan-based_on": "0"}).status_code == 404
    tie.refresh_from_db()
    assert tie.until is None and CapacityEstimate.objects.count() == 1
    assert not Assessment.objects.exists() and not CircularAnswer.objects.exists()
    assert not CommonThread.objects.exists() and not ConceptPlanVersion.objects.exists()


@pytest.mark.parametrize("path", STEP_3[:3])
def test_dynamics_writes_are_404_for_who_may_not_receive_personal_data(
    world, case, tie, veilig_thuis, verified_client, path
):
    url = f"/casussen/{case.pk}/" + path.format(tie=tie.pk)
    assert verified_client(veilig_thuis).post(url).status_code == 404


@pytest.mark.parametrize("path", STEP_3[4:6])
def test_round_management_is_404_for_a_partner(world, case, round_, verified_client, path):
    assert verified_client(world.wijkagent).post(f"/casussen/{case.pk}/{path}").status_code == 404
    round_.refresh_from_db()
    assert round_.is_open and not CommonThread.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "wijkagent", "burgemeester"])
@pytest.mark.parametrize("path", ADVICE)
def test_advice_writes_are_404_for_who_may_not_manage_the_case(
    world, step4, draft, verified_client, persona, path
):
    member = services.add_forum_member(draft, actor=world.regisseur, name="A", organisation="B", mandate="C")
    url = f"/casussen/{step4.pk}/" + path.format(member=member.pk)
    response = verified_client(getattr(world, persona)).post(
        url, {"advice-body": "Anders", "member-name": "x"}
    )
    assert response.status_code == 404
    assert Advice.objects.count() == 1 and ForumMember.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status == AdviceStatus.DRAFT and draft.body != "Anders"


def test_pages_answer_get_only(world, step4, verified_client):
    client = verified_client(world.regisseur)
    for path in ("groepsdynamiek/", "concept-pva/", "advies/"):
        assert client.get(f"/casussen/{step4.pk}/{path}").status_code == 200
        assert client.post(f"/casussen/{step4.pk}/{path}", {"action": "x"}).status_code == 405
