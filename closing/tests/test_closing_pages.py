"""Pages of step 7: who sees what, who may act, the Dutch message on refused input, and
the processing log of every name shown."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from closing import services as closing
from closing.models import (
    ClosingDecision,
    Evaluation,
    EvaluationContribution,
    Handover,
    HandoverStatus,
    RetentionDecision,
)
from closing.tests.test_closing_service import make_actions, to_step7
from monitoring.models import Indicator, Measurement
from plans.common import ApproachError
from privacy.models import ProcessingLogEntry

TODAY = timezone.localdate


@pytest.fixture
def step7(world, planned):
    make_actions(world, planned)
    return to_step7(world, planned)


def url(case, part="afronden/"):
    return f"/casussen/{case.pk}/{part}"


def test_outsiders_get_404_and_the_privacy_officer_only_the_retention_part(world, step7, verified_client):
    for user in (world.outsider, world.beheer):
        client = verified_client(user)
        for part in ("afronden/", "evaluatie/", "evaluatie/rapport/"):
            assert client.get(url(step7, part)).status_code == 404
    client = verified_client(world.privacy)
    page = client.get(url(step7))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bewaartermijn en bewaarplicht" in html
    assert "Overdrachten" not in html and "Besluit van het overleg" not in html
    assert client.get(url(step7, "evaluatie/")).status_code == 404
    assert not ProcessingLogEntry.objects.filter(actor_username="privacy", action="read").exists()


def test_beslisser_records_the_closing_decision_with_prefilled_figures(world, step7, verified_client):
    indicator = Indicator.objects.create(
        case=step7,
        name="Overlastmeldingen",
        result_key="r1",
        baseline=12,
        target=6,
        created_by=world.coordinator,
    )
    Measurement.objects.create(
        indicator=indicator, period_start=TODAY(), value=Decimal("4"), recorded_by=world.coordinator
    )
    client = verified_client(world.wijkagent)
    assert url(step7, "afronden/besluit/") not in client.get(url(step7)).content.decode()
    assert client.post(url(step7, "afronden/besluit/")).status_code == 404

    client = verified_client(world.burgemeester)
    page = client.get(url(step7)).content.decode()
    assert "laatste meting 4" in page
    data = {
        "decision-forum": "driehoek",
        "decision-decided_on": TODAY().isoformat(),
        "decision-outcome": "stoppen",
        "decision-motivation": "",
        "decision-reached_r1": "ja",
        "decision-figures_r1": "4 meldingen per week",
        "decision-reached_r2": "nee",
        "decision-figures_r2": "5 jongeren met dagbesteding",
    }
    response = client.post(url(step7, "afronden/besluit/"), data)
    assert response.status_code == 200 and "verplicht" in response.content.decode()
    assert not ClosingDecision.objects.exists()
    data["decision-motivation"] = "Resultaat 1 is bereikt, resultaat 2 loopt via de reguliere zorg."
    response = client.post(url(step7, "afronden/besluit/"), data, follow=True)
    assert response.redirect_chain == [(url(step7), 302)]
    assert "Het besluit is vastgelegd. Het kan niet meer worden gewijzigd." in response.content.decode()
    decision = ClosingDecision.objects.get(case=step7)
    assert decision.results == [
        {"key": "r1", "reached": True, "figures": "4 meldingen per week"},
        {"key": "r2", "reached": False, "figures": "5 jongeren met dagbesteding"},
    ]


def test_handover_offered_on_the_page_and_answered_by_the_receiving_organisation(
    world, step7, verified_client
):
    action = step7.actions.get(measure_key="m2")
    member = step7.memberships.order_by("pk").first()
    client = verified_client(world.regisseur)
    response = client.post(
        url(step7, "afronden/overdracht/"),
        {
            "offer-to_organisation": world.orgs["zorg"].pk,
            "offer-subject": f"actie:{action.pk}",
            "offer-what": "Groepsgesprekken voortzetten",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url(step7, "afronden/overdracht/"),
        {
            "offer-to_organisation": world.orgs["zorg"].pk,
            "offer-subject": f"jongere:{member.pk}",
            "offer-what": "Begeleiding door het wijkteam",
        },
    )
    assert response.status_code == 302
    action_handover, member_handover = Handover.objects.filter(case=step7).order_by("pk")

    # another partner cannot answer; an outsider cannot even see it
    client = verified_client(world.jongerenwerker)
    post = {"handover": action_handover.pk, "answer": "accept"}
    assert client.post("/overdrachten/", post).status_code == 404
    assert client.post(url(step7, "afronden/overdracht/antwoord/"), post).status_code == 404
    assert verified_client(world.outsider).post("/overdrachten/", post).status_code == 404

    client = verified_client(world.zorg)
    page = client.get("/overdrachten/").content.decode()
    assert "Groepsgesprekken voortzetten" in page and member.person.full_name in page
    assert ProcessingLogEntry.objects.filter(
        actor_username="zorg",
        action="read",
        operation="handover.read",
        data_subject=str(member.person.pseudonym),
    ).exists()
    response = client.post(
        "/overdrachten/", {"handover": member_handover.pk, "answer": "decline", "answer-reason": ""}
    )
    assert response.status_code == 200 and "reden" in response.content.decode().lower()
    assert client.post("/overdrachten/", post).status_code == 302
    action_handover.refresh_from_db()
    action.refresh_from_db()
    assert action_handover.status == HandoverStatus.ACCEPTED and action.organisation == world.orgs["zorg"]
    response = client.post(
        "/overdrachten/",
        {"handover": member_handover.pk, "answer": "decline", "answer-reason": "Geen plek in het wijkteam."},
    )
    assert response.status_code == 302
    member_handover.refresh_from_db()
    assert member_handover.status == HandoverStatus.DECLINED


def test_retention_on_the_page_default_shown_and_motivation_required(world, step7, verified_client):
    client = verified_client(world.regisseur)
    default = closing.default_keep_until(step7)
    page = client.get(url(step7)).content.decode()
    assert default.strftime("%-d-%-m-%Y") in page and "Conform convenant" in page
    shorter = (TODAY() + timedelta(days=100)).isoformat()
    response = client.post(
        url(step7, "afronden/bewaartermijn/"),
        {"retention-keep_until": shorter, "retention-motivation": "Conform convenant"},
    )
    assert response.status_code == 200 and "Motiveer" in response.content.decode()
    assert not RetentionDecision.objects.exists()
    assert verified_client(world.wijkagent).post(url(step7, "afronden/bewaartermijn/")).status_code == 404

    client = verified_client(world.privacy)
    response = client.post(
        url(step7, "afronden/bewaartermijn/"),
        {
            "retention-keep_until": shorter,
            "retention-motivation": "Korter: geen lopende trajecten.",
        },
    )
    assert response.status_code == 302
    step7.refresh_from_db()
    assert step7.retention_until.isoformat() == shorter
    response = client.post(url(step7, "afronden/bewaarplicht/"), {"hold-reason": "Klacht in behandeling."})
    assert response.status_code == 302
    step7.refresh_from_db()
    assert step7.legal_hold


CLOSING_POSTS = ("besluit/", "overdracht/", "overdracht/antwoord/", "bewaartermijn/", "bewaarplicht/")


def test_closing_forms_post_to_their_own_urls_and_the_page_takes_no_post(world, step7, verified_client):
    closing.offer_handover(
        step7, actor=world.regisseur, to_organisation=world.orgs["zorg"], what="Groepsgesprekken voortzetten"
    )
    client = verified_client(world.regisseur)
    html = client.get(url(step7)).content.decode()
    for part in ("overdracht/", "bewaartermijn/", "bewaarplicht/"):
        assert f'action="{url(step7, "afronden/" + part)}"' in html, part
    assert 'name="action"' not in html
    assert client.post(url(step7), {"action": "hold", "hold-reason": "Klacht."}).status_code == 405
    assert client.get(url(step7, "afronden/bewaarplicht/")).status_code == 405
    step7.refresh_from_db()
    assert not step7.legal_hold
    html = verified_client(world.zorg).get(url(step7)).content.decode()
    assert f'action="{url(step7, "afronden/overdracht/antwoord/")}"' in html and 'name="action"' not in html
    html = verified_client(world.burgemeester).get(url(step7)).content.decode()
    assert f'action="{url(step7, "afronden/besluit/")}"' in html


def test_closing_actions_denied_to_who_may_not_see_the_case(world, step7, verified_client):
    handover = closing.offer_handover(
        step7, actor=world.regisseur, to_organisation=world.orgs["zorg"], what="Groepsgesprekken voortzetten"
    )
    for user in (world.outsider, world.beheer, world.school):
        client = verified_client(user)
        for part in CLOSING_POSTS:
            data = {"handover": handover.pk, "answer": "accept", "hold-reason": "x", "offer-what": "x"}
            assert client.post(url(step7, "afronden/" + part), data).status_code == 404, (user, part)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.OFFERED and not RetentionDecision.objects.exists()


def test_closing_actions_denied_to_who_sees_the_case_but_may_not_act(world, step7, verified_client):
    handover = closing.offer_handover(
        step7, actor=world.regisseur, to_organisation=world.orgs["zorg"], what="Groepsgesprekken voortzetten"
    )
    agent = verified_client(world.wijkagent)  # a partner: sees the case, decides/offers/keeps nothing
    for part in CLOSING_POSTS:
        data = {"handover": handover.pk, "answer": "accept", "hold-reason": "Klacht.", "offer-what": "x"}
        assert agent.post(url(step7, "afronden/" + part), data).status_code == 404, part
    officer = verified_client(world.privacy)  # only the retention part of the page
    for part in ("besluit/", "overdracht/", "overdracht/antwoord/"):
        assert officer.post(url(step7, "afronden/" + part), {"handover": handover.pk}).status_code == 404
    coordinator = verified_client(world.coordinator)  # manages, but the legal hold is not theirs
    assert coordinator.post(url(step7, "afronden/besluit/")).status_code == 404
    handover.refresh_from_db()
    step7.refresh_from_db()
    assert handover.status == HandoverStatus.OFFERED and not step7.legal_hold
    assert not ClosingDecision.objects.exists()


def test_closing_offer_invalid_shows_the_error_and_saves_nothing(world, step7, verified_client):
    response = verified_client(world.regisseur).post(
        url(step7, "afronden/overdracht/"),
        {"offer-to_organisation": world.orgs["zorg"].pk, "offer-subject": "", "offer-what": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Dit veld is vereist." in html and "Overdracht aanbieden" in html
    assert not Handover.objects.exists()


def test_closing_answer_on_the_closing_page_decline_needs_a_reason_then_accept(world, step7, verified_client):
    handover = closing.offer_handover(
        step7, actor=world.regisseur, to_organisation=world.orgs["zorg"], what="Groepsgesprekken voortzetten"
    )
    client = verified_client(world.zorg)
    answer = url(step7, "afronden/overdracht/antwoord/")
    response = client.post(answer, {"handover": handover.pk, "answer": "decline", "answer-reason": ""})
    assert response.status_code == 200 and "reden" in response.content.decode().lower()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.OFFERED
    assert client.post(answer, {"handover": 999999, "answer": "accept"}).status_code == 404
    assert client.post(answer, {"handover": "abc", "answer": "accept"}).status_code == 404
    response = client.post(answer, {"handover": handover.pk, "answer": "accept"}, follow=True)
    assert response.redirect_chain == [(url(step7), 302)]
    assert "U hebt de overdracht geaccepteerd." in response.content.decode()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED


def test_closing_retention_success_message(world, step7, verified_client):
    response = verified_client(world.regisseur).post(
        url(step7, "afronden/bewaartermijn/"),
        {
            "retention-keep_until": closing.default_keep_until(step7).isoformat(),
            "retention-motivation": "Conform convenant",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url(step7), 302)]
    assert "De bewaartermijn is vastgesteld." in response.content.decode()
    assert RetentionDecision.objects.filter(case=step7).count() == 1


def test_closing_hold_without_a_reason_shows_the_error_and_changes_nothing(world, step7, verified_client):
    client = verified_client(world.regisseur)
    response = client.post(url(step7, "afronden/bewaarplicht/"), {"hold-reason": ""})
    assert response.status_code == 200 and "Dit veld is vereist." in response.content.decode()
    step7.refresh_from_db()
    assert not step7.legal_hold
    response = client.post(url(step7, "afronden/bewaarplicht/"), {"hold-reason": "Klacht."}, follow=True)
    assert "De bewaarplicht is gewijzigd." in response.content.decode()
    step7.refresh_from_db()
    assert step7.legal_hold


def test_evaluation_page_contributions_discussion_and_report(world, step7, verified_client):
    client = verified_client(world.wijkagent)
    assert client.post(url(step7, "evaluatie/openen/")).status_code == 404
    client = verified_client(world.regisseur)
    response = client.post(url(step7, "evaluatie/openen/"), follow=True)
    assert response.redirect_chain == [(url(step7, "evaluatie/"), 302)]
    assert "De evaluatie is geopend; de partners kunnen hun bijdrage schrijven." in response.content.decode()

    client = verified_client(world.wijkagent)
    page = client.get(url(step7, "evaluatie/")).content.decode()
    assert "Duidelijkheid van rollen" in page and "0 van 3 acties op tijd" in page
    response = client.post(url(step7, "evaluatie/bijdrage/"), {"contribution-rollen": "Rollen waren helder."})
    assert response.status_code == 302 and response["Location"] == url(step7, "evaluatie/")
    response = client.post(
        url(step7, "evaluatie/bijdrage/"), {"contribution-inzet": "Ryan Meijer kwam elke week."}
    )
    assert response.status_code == 200 and "persoonsgegevens" in response.content.decode()
    assert EvaluationContribution.objects.get().texts == {"rollen": "Rollen waren helder."}
    client = verified_client(world.school)  # not taking part in the case
    assert client.get(url(step7, "evaluatie/")).status_code == 404

    client = verified_client(world.regisseur)
    response = client.post(
        url(step7, "evaluatie/bespreking/"),
        {
            "discussion-discussed_on": TODAY().isoformat(),
            "discussion-forum": "driehoek",
            "discussion-summary": "Eerder escaleren bij niet nagekomen afspraken.",
        },
    )
    assert response.status_code == 302
    report = client.get(url(step7, "evaluatie/rapport/")).content.decode()
    assert "Rollen waren helder." in report and "Eerder escaleren" in report and "Besproken in" in report
    assert 'class="app-report"' in report and "<style" not in report  # print styles: app.css (CSP)


def test_evaluation_forms_post_to_their_own_urls_and_the_page_takes_no_post(world, step7, verified_client):
    client = verified_client(world.regisseur)
    html = client.get(url(step7, "evaluatie/")).content.decode()
    assert f'action="{url(step7, "evaluatie/openen/")}"' in html and 'name="action"' not in html
    assert client.post(url(step7, "evaluatie/"), {"action": "open"}).status_code == 405
    assert client.get(url(step7, "evaluatie/openen/")).status_code == 405
    assert not Evaluation.objects.exists()
    closing.open_evaluation(step7, actor=world.regisseur)
    html = client.get(url(step7, "evaluatie/")).content.decode()
    assert f'action="{url(step7, "evaluatie/bijdrage/")}"' in html
    assert f'action="{url(step7, "evaluatie/bespreking/")}"' in html and 'name="action"' not in html


def test_evaluation_open_twice_keeps_one_and_a_refusal_shows_on_the_page(
    world, step7, verified_client, monkeypatch
):
    closing.open_evaluation(step7, actor=world.regisseur)
    client = verified_client(world.regisseur)
    assert client.post(url(step7, "evaluatie/openen/")).status_code == 302
    assert Evaluation.objects.count() == 1
    Evaluation.objects.all().delete()

    def refuse(case, *, actor):
        raise ApproachError("De evaluatie kan nu niet worden geopend.")

    monkeypatch.setattr(closing, "open_evaluation", refuse)
    response = client.post(url(step7, "evaluatie/openen/"))
    html = response.content.decode()
    assert response.status_code == 200 and "De evaluatie kan nu niet worden geopend." in html
    assert "Evaluatie openen" in html and not Evaluation.objects.exists()


def test_evaluation_contribution_empty_shows_the_error_and_saves_nothing(world, step7, verified_client):
    closing.open_evaluation(step7, actor=world.regisseur)
    response = verified_client(world.wijkagent).post(url(step7, "evaluatie/bijdrage/"), {})
    assert response.status_code == 200
    assert "Schrijf bij ten minste één criterium uw ervaring." in response.content.decode()
    assert not EvaluationContribution.objects.exists()


def test_evaluation_discussion_invalid_shows_the_error_and_saves_nothing(world, step7, verified_client):
    evaluation = closing.open_evaluation(step7, actor=world.regisseur)
    response = verified_client(world.regisseur).post(
        url(step7, "evaluatie/bespreking/"),
        {
            "discussion-discussed_on": "gisteren",
            "discussion-forum": "driehoek",
            "discussion-summary": "Goed.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Besproken in het overleg" in html and "Goed." in html
    evaluation.refresh_from_db()
    assert evaluation.discussed_on is None


def test_evaluation_actions_denied(world, step7, verified_client):
    for user in (world.outsider, world.beheer, world.school, world.privacy):
        client = verified_client(user)
        for part in ("openen/", "bijdrage/", "bespreking/"):
            assert client.post(url(step7, "evaluatie/" + part)).status_code == 404, (user, part)
    client = verified_client(world.regisseur)  # no evaluation yet: nothing to contribute to or discuss
    assert client.post(url(step7, "evaluatie/bijdrage/"), {"contribution-rollen": "x"}).status_code == 404
    assert client.post(url(step7, "evaluatie/bespreking/")).status_code == 404
    evaluation = closing.open_evaluation(step7, actor=world.regisseur)
    client = verified_client(world.wijkagent)  # sees the case and contributes, does not discuss
    data = {
        "discussion-discussed_on": TODAY().isoformat(),
        "discussion-forum": "driehoek",
        "discussion-summary": "Klaar.",
    }
    assert client.post(url(step7, "evaluatie/bespreking/"), data).status_code == 404
    decider = verified_client(world.burgemeester)
    assert decider.post(url(step7, "evaluatie/bespreking/"), data).status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.discussed_on is None


def test_after_closing_the_pages_stay_readable_and_the_privacy_officer_can_extend(
    world, step7, verified_client
):
    from cases import services as case_services
    from closing.tests.test_closing_service import decide
    from monitoring.models import Action, ActionStatus

    decide(world, step7)
    Action.objects.filter(case=step7).update(status=ActionStatus.DONE, completed_at=timezone.now())
    closing.set_retention(step7, actor=world.regisseur)
    evaluation = closing.open_evaluation(step7, actor=world.regisseur)
    closing.record_discussion(
        evaluation, actor=world.regisseur, discussed_on=TODAY(), forum="driehoek", summary="Klaar."
    )
    case = case_services.advance_case(step7, to_step=None, actor=world.regisseur, reason="afgerond")
    assert not case.is_open

    client = verified_client(world.regisseur)
    for part in ("afronden/", "evaluatie/", "evaluatie/rapport/"):
        assert client.get(url(case, part)).status_code == 200
    page = client.get(url(case)).content.decode()
    assert url(case, "afronden/besluit/") not in page and url(case, "afronden/overdracht/") not in page
    longer = closing.add_months(TODAY(), 60).isoformat()
    client = verified_client(world.privacy)
    response = client.post(
        url(case, "afronden/bewaartermijn/"),
        {
            "retention-keep_until": longer,
            "retention-motivation": "Klacht bij de Ombudsman.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.retention_until.isoformat() == longer
