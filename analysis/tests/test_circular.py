"""Circular questioning: the coordinator opens a round, organisations answer beforehand,
the session shows the answers per question side by side, and the common threads recorded
by the coordinator appear on the picture page."""

import pytest

from analysis import services
from analysis.models import CircularAnswer, CommonThread
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(world, case):
    return services.open_round(case, actor=world.coordinator)


def test_only_the_coordinator_or_regisseur_opens_a_round(world, case, verified_client):
    with pytest.raises(services.AccessDenied):
        services.open_round(case, actor=world.wijkagent)
    assert verified_client(world.wijkagent).post(f"/casussen/{case.pk}/circulair/", {}).status_code == 404
    response = verified_client(world.coordinator).post(
        f"/casussen/{case.pk}/circulair/", {"session_on": "2026-12-01"}
    )
    assert response.status_code == 302 and response.url.endswith("/circulair/1/")
    with pytest.raises(services.AnalysisError, match="loopt al een ronde"):
        services.open_round(case, actor=world.coordinator)


def test_three_organisations_answer_and_the_session_shows_them_side_by_side(
    world, case, round_, verified_client
):
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    url = f"/casussen/{case.pk}/circulair/1/"
    police = verified_client(world.wijkagent)
    response = police.post(
        f"{url}antwoorden/",
        {
            "answer-characteristics_1": "Hechte kern van vijf",
            "answer-characteristics_2": "Wisselende aanhang",
            "answer-risks_1": "Doorgroei naar drugshandel",
            "answer-connections_1": "Voetbalclub in de wijk",
            "answer-key_figures_inside": [str(ryan.pk)],
            "answer-key_figures_outside": "De trainer van de voetbalclub",
        },
    )
    assert response.status_code == 302
    services.answer_round(
        round_, actor=world.jongerenwerker, characteristics=["Zoekt erkenning"], risks=["Schooluitval"]
    )
    services.answer_round(round_, actor=world.boa, characteristics=["Overlast na sluitingstijd"])
    assert CircularAnswer.objects.count() == 3
    html = verified_client(world.coordinator).get(url).content.decode()
    for text in (
        "Hechte kern van vijf",
        "Zoekt erkenning",
        "Overlast na sluitingstijd",
        "Doorgroei naar drugshandel",
    ):
        assert text in html
    assert "3 organisaties hebben geantwoord" in html
    assert "Ryan Meijer" in html  # key figure inside, for who may see personal data
    reads = ProcessingLogEntry.objects.filter(actor_username="coordinator", action="read")
    assert str(ryan.person.pseudonym) in set(reads.values_list("data_subject", flat=True))


def test_answers_may_be_revised_while_the_round_is_open_but_not_after(world, case, round_):
    services.answer_round(round_, actor=world.wijkagent, characteristics=["Eerste indruk"])
    services.answer_round(round_, actor=world.wijkagent, characteristics=["Bijgestelde indruk"])
    assert CircularAnswer.objects.get().characteristics == ["Bijgestelde indruk"]
    services.close_round(round_, actor=world.coordinator)
    with pytest.raises(services.AnalysisError, match="afgesloten"):
        services.answer_round(round_, actor=world.wijkagent, characteristics=["Te laat"])


def test_answers_are_group_level_and_name_people_outside_by_role(world, case, round_):
    with pytest.raises(services.GuardRefused):
        services.answer_round(
            round_, actor=world.wijkagent, key_figures_outside="Trainer Jan Vos van de voetbalclub"
        )
    with pytest.raises(services.AnalysisError, match="hooguit drie"):
        services.answer_round(round_, actor=world.wijkagent, risks=["a", "b", "c", "d"])
    assert not CircularAnswer.objects.exists()


def test_key_figures_inside_are_withheld_from_the_decider(world, case, round_, verified_client):
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    services.answer_round(round_, actor=world.wijkagent, characteristics=["Hecht"], key_figures_inside=[ryan])
    html = verified_client(world.burgemeester).get(f"/casussen/{case.pk}/circulair/1/").content.decode()
    assert "Ryan Meijer" not in html and "Hecht" in html
    assert "afgeschermd: beslissers zien alleen geanonimiseerde stukken" in html


def test_threads_are_recorded_by_the_coordinator_and_shown_on_the_picture(
    world, case, round_, verified_client
):
    with pytest.raises(services.AccessDenied):
        services.record_thread(round_, actor=world.wijkagent, question="risicos", text="x")
    client = verified_client(world.coordinator)
    response = client.post(
        f"/casussen/{case.pk}/circulair/1/rode-draad/",
        {
            "thread-question": "risicos",
            "thread-text": "Doorgroei naar criminaliteit is het grootste risico.",
        },
    )
    assert response.status_code == 302
    assert CommonThread.objects.get().question == "risicos"
    html = verified_client(world.jongerenwerker).get(f"/casussen/{case.pk}/beeld/").content.decode()
    assert "Doorgroei naar criminaliteit is het grootste risico." in html
    assert "Rode draden uit het circulair bevragen" in html
