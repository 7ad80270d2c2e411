"""The step-4 advice: generated from picture and concept plan, anonymised (Jongere A, B, …
consistently; names, nicknames, addresses and dates of birth gone), checked by the privacy
guard before it can be sent, and never changed once sent."""

import re
from datetime import date
from types import SimpleNamespace

import pytest

from analysis import anonymise, services
from analysis.models import AdviceStatus
from analysis.tests.conftest import MEMBERS, ready_for_step_4
from privacy.models import GuardConfirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def step4(world, case):
    ryan, yusuf, anouk = (
        case.memberships.get(person__full_name=n) for n in ("Ryan Meijer", "Yusuf Demir", "Anouk de Wit")
    )
    services.assess_members(
        case,
        actor=world.jongerenwerker,
        assessed_on=date(2026, 6, 1),
        rows=[(ryan, "min", 5, True, ""), (yusuf, "mee", 3, False, ""), (anouk, "plus", 4, False, "")],
    )
    services.save_picture(
        case,
        actor=world.coordinator,
        based_on=0,
        group_characteristics="Kleine harde kern met veel meelopers.",
        persons=(
            "Ryan Meijer (Kleine R) woont op Lindelaan 12 en is geboren op 1 maart 2009; hij is de leider. "
            "Yusuf volgt Ryan. Meijer en Demir zijn vrienden. Noekie zoekt aansluiting bij de Wit-familie. "
            "Semmie en Mila doen mee."
        ),
        severity="hoog",
        urgency="acuut",
    )
    services.save_concept_plan(
        case,
        actor=world.coordinator,
        based_on=0,
        person_line="RYAN MEIJER: persoonsgerichte aanpak; Daantje naar de voetbalclub.",
        group_line="Groepsgesprekken door het jongerenwerk.",
    )
    services.add_capacity(
        case, actor=world.wijkagent, organisation=world.orgs["politie"], months=6, hours_per_week=8, cost=0
    )
    return ready_for_step_4(world, case)


def names_and_nicknames():
    words = set()
    for full, nick, *_rest in MEMBERS:
        words.add(full)
        words |= set(full.split()) - {"de", "El"}
        if nick:
            words.add(nick)
    return words


def test_generated_advice_is_anonymised_consistently(world, step4):
    advice = services.generate_advice(step4, actor=world.regisseur)
    body = advice.body
    for word in names_and_nicknames():
        assert not re.search(rf"\b{re.escape(word)}\b", body), word
    assert "Lindelaan 12" not in body and "1 maart 2009" not in body
    assert "[adres verwijderd]" in body and "[geboortedatum verwijderd]" in body
    # Ryan was first on the name list: Jongere A, everywhere (also in capitals and by nickname)
    assert "Jongere A ([Jongere A])" not in body
    assert "Jongere A (Jongere A) woont op [adres verwijderd]" in body
    assert "Jongere B volgt Jongere A. Jongere A en Jongere B zijn vrienden." in body
    assert "Jongere A: persoonsgerichte aanpak; Jongere E naar de voetbalclub." in body
    assert "Leiders: Jongere A." in body
    assert "Jongere G en Jongere F doen mee." in body
    assert "Mate van ernst: hoog. Urgentie: acuut." in body
    assert "Politie Teststad: 8 uur per week gedurende 6 maanden (ca. 208 uur)" in body
    assert anonymise.for_case(step4).findings(body) == []


def test_a_name_part_two_members_share_is_not_guessed():
    person = lambda name: SimpleNamespace(full_name=name, nickname="", date_of_birth=None, address="", bsn="")  # noqa: E731
    members = [
        SimpleNamespace(pk=1, person=person("Sem Bakker")),
        SimpleNamespace(pk=2, person=person("Sem de Groot")),
    ]
    anonymiser = anonymise.Anonymiser(members)
    text = "Sem Bakker en Sem de Groot zijn neven. Sem doet mee; volgens de bakker is Bakker de leider."
    assert anonymiser.anonymise(text) == (
        "Jongere A en Jongere B zijn neven. Een jongere doet mee; volgens de bakker is Jongere A de leider."
    )


def test_labels_are_stable_when_members_are_added(world, step4):
    first = anonymise.for_case(step4).labels
    from cases import services as case_services

    case_services.add_to_name_list(step4, actor=world.coordinator, full_name="Nieuw Lid")
    later = anonymise.for_case(step4).labels
    assert all(later[pk] == label for pk, label in first.items())
    assert len(later) == len(first) + 1


def _send_ready(world, advice):
    services.edit_advice(advice, actor=world.regisseur, body=advice.body, forum="ketenoverleg")
    services.add_forum_member(
        advice, actor=world.regisseur, name="A. Voorzitter", organisation="Gemeente", mandate="voorzitter"
    )


def test_guard_blocks_a_name_typed_into_the_advice_and_a_member_name_cannot_be_confirmed(
    world, step4, verified_client
):
    advice = services.generate_advice(step4, actor=world.regisseur)
    _send_ready(world, advice)
    services.edit_advice(
        advice,
        actor=world.regisseur,
        body=advice.body + "\nNB: Ryan Meijer is gisteren gezien.",
        forum="ketenoverleg",
    )
    with pytest.raises(services.GuardRefused) as refused:
        services.send_advice(advice, actor=world.regisseur, confirmed_findings=[("name", "Ryan Meijer")])
    assert [f.text for f in refused.value.findings] == ["Ryan Meijer"]
    client = verified_client(world.regisseur)
    html = client.post(f"/casussen/{step4.pk}/advies/verzenden/", follow=True).content.decode()
    assert "het is niet verzonden" in html
    assert '<mark class="app-guard-mark"' in html and ">Ryan Meijer</mark>" in html
    assert "Dit is de naam van een jongere op de namenlijst" in html
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.DRAFT


def test_a_false_alarm_may_be_confirmed_and_is_kept(world, step4):
    advice = services.generate_advice(step4, actor=world.regisseur)
    _send_ready(world, advice)
    body = advice.body + "\nBuurtbewoners klagen bij de snackbar van Piet Hein op de hoek."
    services.edit_advice(advice, actor=world.regisseur, body=body, forum="ketenoverleg")
    with pytest.raises(services.GuardRefused):
        services.send_advice(advice, actor=world.regisseur)
    advice = services.send_advice(advice, actor=world.regisseur, confirmed_findings=[("name", "Piet Hein")])
    assert advice.status == AdviceStatus.SENT
    assert GuardConfirmation.objects.filter(subject=f"analysis.advice:{advice.pk}", text="Piet Hein").exists()


def test_sending_needs_step_4_forum_and_members(world, case):
    from analysis.tests.conftest import ready_for_step_4 as _  # noqa: F401

    services.save_picture(case, actor=world.coordinator, based_on=0, behaviour="Overlast.")
    services.save_concept_plan(case, actor=world.coordinator, based_on=0, group_line="Gesprekken.")
    advice = services.generate_advice(case, actor=world.regisseur)  # may be prepared in step 3
    with pytest.raises(services.WorkflowError, match="stap 4"):
        services.send_advice(advice, actor=world.regisseur)
    from cases import services as case_services

    case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="advies")
    with pytest.raises(services.AnalysisError, match="overleg"):
        services.send_advice(advice, actor=world.regisseur)
    services.edit_advice(advice, actor=world.regisseur, body=advice.body, forum="driehoek_plus")
    with pytest.raises(services.AnalysisError, match="naam, organisatie, mandaat"):
        services.send_advice(advice, actor=world.regisseur)


def test_sent_advice_is_never_changed(world, step4):
    advice = services.generate_advice(step4, actor=world.regisseur)
    _send_ready(world, advice)
    services.send_advice(advice, actor=world.regisseur)
    for attempt in (
        lambda: services.edit_advice(advice, actor=world.regisseur, body="Anders"),
        lambda: services.add_forum_member(
            advice, actor=world.regisseur, name="x", organisation="y", mandate="z"
        ),
        lambda: services.send_advice(advice, actor=world.regisseur),
    ):
        with pytest.raises(services.AnalysisError, match="verzonden"):
            attempt()
    # Regenerating starts a new draft; the sent advice stays as it was.
    new = services.generate_advice(step4, actor=world.regisseur)
    assert (new.number, new.status) == (2, AdviceStatus.DRAFT)
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.SENT


def test_decider_reads_the_sent_advice_but_never_a_draft(world, step4, verified_client):
    advice = services.generate_advice(step4, actor=world.regisseur)
    client = verified_client(world.burgemeester)
    html = client.get(f"/casussen/{step4.pk}/advies/").content.decode()
    assert "Concept-advies" not in html and "Er is nog geen advies verzonden." in html
    _send_ready(world, advice)
    services.send_advice(advice, actor=world.regisseur)
    html = client.get(f"/casussen/{step4.pk}/advies/").content.decode()
    assert "Jongere A" in html and "A. Voorzitter" in html and "voorzitter" in html
    assert "Besluit vastleggen" in html
    assert client.post(f"/casussen/{step4.pk}/advies/genereren/").status_code == 404


def test_advice_page_flow_for_the_regisseur(world, step4, verified_client):
    client = verified_client(world.regisseur)
    url = f"/casussen/{step4.pk}/advies/"
    assert client.post(f"{url}genereren/").status_code == 302
    html = client.get(url).content.decode()
    assert "Privacytoets: geen persoonsgegevens gevonden." in html
    body = step4.advices.get().body
    client.post(f"{url}opslaan/", {"advice-body": body, "advice-forum": "driehoek"})
    client.post(
        f"{url}deelnemers/",
        {
            "member-name": "B. Burgemeester",
            "member-organisation": "Gemeente Teststad",
            "member-mandate": "voorzitter driehoek",
        },
    )
    response = client.post(f"{url}verzenden/", follow=True)
    assert "Het advies is verzonden aan het overleg." in response.content.decode()
    assert step4.advices.get().status == AdviceStatus.SENT
