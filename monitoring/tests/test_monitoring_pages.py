"""The monitoring pages: who sees them, who may act, errors on the page, nothing half-saved."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from monitoring import services as monitoring
from monitoring.models import CrisisBriefing, Indicator, Measurement, ProgressReport

TODAY = timezone.localdate()


@pytest.fixture
def indicator(world, planned):
    ind = monitoring.indicator_from_result(planned, actor=world.coordinator, result_key="r1")
    for i, v in enumerate((12, 10, 9, 7)):
        monitoring.record_measurement(
            ind,
            actor=world.coordinator,
            period_start=monitoring.monday(TODAY) - timedelta(weeks=3 - i),
            value=v,
        )
    return ind


def monitoring_urls(case):
    names = ("from_result", "indicator", "measure", "import", "compute", "report")
    return {name: reverse(f"monitoring:monitoring_{name}", args=[case.pk]) for name in names}


def urls(case, indicator=None, report=None):
    out = [reverse("monitoring:monitoring", args=[case.pk]), reverse("monitoring:crisis", args=[case.pk])]
    if indicator is not None:
        out.append(reverse("monitoring:indicator", args=[case.pk, indicator.pk]))
    if report is not None:
        out.append(reverse("monitoring:progress_report", args=[case.pk, report.number]))
    return out


def test_outsiders_get_404_on_every_page(world, planned, indicator, verified_client):
    report = monitoring.generate_progress_report(
        planned, actor=world.coordinator, period_from=TODAY, period_to=TODAY
    )
    for user in (world.outsider, world.leerplicht, world.beheer):
        client = verified_client(user)
        for url in urls(planned, indicator, report):
            assert client.get(url).status_code == 404, (user, url)
        for url in monitoring_urls(planned).values():
            assert client.post(url, {"indicator": indicator.pk}).status_code == 404, (user, url)


def test_the_monitoring_page_shows_charts_status_schedule_and_links(
    world, planned, indicator, verified_client
):
    response = verified_client(world.coordinator).get(reverse("monitoring:monitoring", args=[planned.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="app-chart__point"') == 4
    assert "4 metingen, laatste 7 meldingen; nulmeting 12, streefwaarde 6" in html
    assert "Cijfers als tabel" in html
    assert "Elke zes weken over voortgang en effect." in html  # the decision's inform moments
    assert "Voortgangsrapportage maken" in html
    assert "Beeld of plan moet anders?" in html and reverse("cases:detail", args=[planned.pk]) in html
    assert reverse("monitoring:crisis", args=[planned.pk]) in html
    detail = verified_client(world.wijkagent).get(
        reverse("monitoring:indicator", args=[planned.pk, indicator.pk])
    )
    assert (
        detail.status_code == 200
        and "Alle metingen van Overlastmeldingen per week" in detail.content.decode()
    )


def test_non_numeric_value_gives_a_dutch_error_and_saves_nothing(world, planned, indicator, verified_client):
    before = Measurement.objects.count()
    response = verified_client(world.wijkagent).post(
        reverse("monitoring:monitoring_measure", args=[planned.pk]),
        {
            "meting-indicator": indicator.pk,
            "meting-period_start": TODAY.isoformat(),
            "meting-value": "zeven",
        },
    )
    assert response.status_code == 200
    assert "&#x27;zeven&#x27; is geen getal" in response.content.decode()
    assert Measurement.objects.count() == before


def test_a_participant_records_a_value_with_a_decimal_comma(world, planned, indicator, verified_client):
    response = verified_client(world.jongerenwerker).post(
        reverse("monitoring:indicator", args=[planned.pk, indicator.pk]),
        {
            "meting-indicator": indicator.pk,
            "meting-period_start": monitoring.monday(TODAY).isoformat(),
            "meting-value": "6,5",
        },
    )
    assert response.status_code == 302
    m = indicator.measurements.get(period_start=monitoring.monday(TODAY))
    assert str(m.value) == "6.50" and m.history and m.history[0]["value"] == "7.00"


def test_only_managers_add_indicators_and_a_decider_only_reads(world, planned, verified_client):
    url = reverse("monitoring:monitoring", args=[planned.pk])
    post = monitoring_urls(planned)
    data = {"res-result_key": "r1", "res-source": "hand"}
    assert verified_client(world.wijkagent).post(post["from_result"], data).status_code == 404
    decider = verified_client(world.burgemeester)
    assert decider.get(url).status_code == 200
    assert decider.post(post["measure"]).status_code == 404
    assert not Indicator.objects.exists()
    response = verified_client(world.coordinator).post(post["from_result"], data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Indicator toegevoegd uit het plan van aanpak." in response.content.decode()
    assert Indicator.objects.get().result_key == "r1"


def test_csv_import_on_the_page_all_or_nothing(world, planned, indicator, verified_client):
    url = reverse("monitoring:monitoring_import", args=[planned.pk])
    client = verified_client(world.coordinator)
    bad = "indicator;periode;waarde\nOverlastmeldingen per week;2026-01-05;4\nOverlastmeldingen per week;gisteren;3\n"
    before = Measurement.objects.count()
    response = client.post(
        url,
        {"csv-file": SimpleUploadedFile("m.csv", bad.encode(), content_type="text/csv")},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Regel 3:" in html and "er is niets geïmporteerd" in html
    assert Measurement.objects.count() == before
    good = "indicator;periode;waarde\nOverlastmeldingen per week;05-01-2026;4\n"
    response = client.post(
        url,
        {"csv-file": SimpleUploadedFile("m.csv", good.encode(), content_type="text/csv")},
        follow=True,
    )
    assert "1 meting geïmporteerd." in response.content.decode()
    assert Measurement.objects.count() == before + 1


def test_progress_report_made_on_the_page_and_readable(world, planned, indicator, verified_client):
    client = verified_client(world.regisseur)
    response = client.post(
        reverse("monitoring:monitoring_report", args=[planned.pk]),
        {
            "rap-period_from": (TODAY - timedelta(days=42)).isoformat(),
            "rap-period_to": TODAY.isoformat(),
            "rap-forum": "driehoek",
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert response["Location"] == reverse("monitoring:progress_report", args=[planned.pk, report.number])
    page = verified_client(world.burgemeester).get(response["Location"]).content.decode()
    assert "Voortgangsrapportage 1" in page and "nulmeting 12, streefwaarde 6" in page
    assert (
        verified_client(world.wijkagent)
        .post(reverse("monitoring:monitoring_report", args=[planned.pk]))
        .status_code
        == 404
    )


def crisis_urls(case):
    return {
        name: reverse(f"monitoring:crisis_{name}", args=[case.pk]) for name in ("start", "end", "briefing")
    }


BRIEF = {
    "brief-day": TODAY.isoformat(),
    "brief-happened": "Onrust bij de sporthal.",
    "brief-planned": "Extra toezicht.",
    "brief-whereabouts": "Twee agenten in de wijk.",
}


def test_crisis_page_start_brief_twice_and_end(world, planned, verified_client):
    """verified_client is one client: each call logs the next user in."""
    url = reverse("monitoring:crisis", args=[planned.pk])
    post = crisis_urls(planned)
    agent = verified_client(world.wijkagent)
    response = agent.post(post["briefing"], BRIEF)
    assert response.status_code == 200 and "Er loopt geen crisisperiode" in response.content.decode()
    assert not CrisisBriefing.objects.exists()
    assert agent.post(post["start"], {"start-reason": "x"}).status_code == 404
    coordinator = verified_client(world.coordinator)
    response = coordinator.post(post["start"], {"start-reason": "Geweld bij de sporthal."})
    assert response.status_code == 302 and response["Location"] == url
    monitoring_html = coordinator.get(reverse("monitoring:monitoring", args=[planned.pk])).content.decode()
    assert "Crisismodus" in monitoring_html and "Er is nog geen briefing van vandaag." in monitoring_html
    agent = verified_client(world.wijkagent)
    assert agent.post(post["briefing"], BRIEF).status_code == 302
    assert agent.post(post["briefing"], {**BRIEF, "brief-happened": "Rustiger."}).status_code == 302
    assert CrisisBriefing.objects.get().happened == "Rustiger."
    assert "Rustiger." in agent.get(url).content.decode()
    assert agent.post(post["end"]).status_code == 404
    coordinator = verified_client(world.coordinator)
    response = coordinator.post(post["end"], follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "De crisismodus is beëindigd." in response.content.decode()
    assert not monitoring.crisis_state(planned).is_active


def test_the_crisis_forms_post_to_their_own_urls_and_the_page_takes_no_post(world, planned, verified_client):
    url = reverse("monitoring:crisis", args=[planned.pk])
    post = crisis_urls(planned)
    coordinator = verified_client(world.coordinator)
    html = coordinator.get(url).content.decode()
    assert f'action="{post["start"]}"' in html and 'name="action"' not in html
    monitoring.start_crisis(planned, actor=world.coordinator, reason="Geweld bij de sporthal.")
    html = coordinator.get(url).content.decode()
    assert f'action="{post["briefing"]}"' in html and f'action="{post["end"]}"' in html
    assert 'name="action"' not in html
    assert coordinator.post(url, {"action": "end"}).status_code == 405
    assert coordinator.get(post["end"]).status_code == 405
    assert monitoring.crisis_state(planned).is_active


def test_crisis_start_success_shows_the_message(world, planned, verified_client):
    response = verified_client(world.coordinator).post(
        crisis_urls(planned)["start"], {"start-reason": "Geweld bij de sporthal."}, follow=True
    )
    assert response.redirect_chain == [(reverse("monitoring:crisis", args=[planned.pk]), 302)]
    assert "De crisismodus is gestart. Leg elke dag een korte briefing vast." in response.content.decode()
    assert monitoring.crisis_state(planned).active.reason == "Geweld bij de sporthal."


def test_crisis_start_without_a_reason_shows_the_error_and_starts_nothing(world, planned, verified_client):
    response = verified_client(world.coordinator).post(crisis_urls(planned)["start"], {"start-reason": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "Dit veld is vereist." in html
    assert "<h1" in html and "Crisismodus starten" in html  # the same page, the bound form
    assert not monitoring.crisis_state(planned).is_active


def test_crisis_start_twice_is_refused_on_the_page(world, planned, verified_client):
    monitoring.start_crisis(planned, actor=world.coordinator, reason="Geweld bij de sporthal.")
    response = verified_client(world.coordinator).post(
        crisis_urls(planned)["start"], {"start-reason": "Nog eens."}
    )
    assert response.status_code == 200
    assert len(monitoring.crisis_state(planned).periods) == 1


def test_crisis_end_without_a_crisis_gives_the_dutch_error(world, planned, verified_client):
    response = verified_client(world.coordinator).post(crisis_urls(planned)["end"], follow=True)
    assert "Er loopt geen crisisperiode." in response.content.decode()
    assert not monitoring.crisis_state(planned).periods


def test_crisis_briefing_invalid_shows_the_error_and_saves_nothing(world, planned, verified_client):
    monitoring.start_crisis(planned, actor=world.coordinator, reason="Geweld bij de sporthal.")
    response = verified_client(world.wijkagent).post(
        crisis_urls(planned)["briefing"], {**BRIEF, "brief-happened": "", "brief-day": "gisteren"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Dit veld is vereist." in html
    assert "Twee agenten in de wijk." in html  # the bound form keeps what was typed
    assert not CrisisBriefing.objects.exists()


def test_crisis_actions_denied(world, planned, verified_client):
    post = crisis_urls(planned)
    for user in (world.outsider, world.leerplicht, world.beheer):
        client = verified_client(user)
        for name, data in (("start", {"start-reason": "x"}), ("end", {}), ("briefing", BRIEF)):
            assert client.post(post[name], data).status_code == 404, (user, name)
    decider = verified_client(world.burgemeester)  # sees the case, may not act
    assert decider.post(post["start"], {"start-reason": "x"}).status_code == 404
    assert not monitoring.crisis_state(planned).is_active
    monitoring.start_crisis(planned, actor=world.coordinator, reason="Geweld bij de sporthal.")
    decider = verified_client(world.burgemeester)
    assert decider.post(post["briefing"], BRIEF).status_code == 404
    assert decider.post(post["end"]).status_code == 404
    agent = verified_client(world.wijkagent)  # may brief, may not end
    assert agent.post(post["end"]).status_code == 404
    assert monitoring.crisis_state(planned).is_active and not CrisisBriefing.objects.exists()


def test_the_monitoring_forms_post_to_their_own_urls_and_the_page_takes_no_post(
    world, planned, indicator, verified_client
):
    from monitoring.models import IndicatorSource

    monitoring.add_indicator(
        planned,
        actor=world.coordinator,
        name="Meldingen per week",
        baseline=5,
        target=1,
        direction="omlaag",
        source=IndicatorSource.SIGNALS,
    )
    url = reverse("monitoring:monitoring", args=[planned.pk])
    client = verified_client(world.coordinator)
    html = client.get(url).content.decode()
    for name, post_url in monitoring_urls(planned).items():
        assert f'action="{post_url}"' in html, name
    assert 'name="action"' not in html
    assert client.post(url, {"action": "indicator", "ind-name": "x"}).status_code == 405
    assert client.get(monitoring_urls(planned)["indicator"]).status_code == 405
    assert Indicator.objects.count() == 2


def test_a_loose_indicator_added_and_invalid_input_saves_nothing(world, planned, verified_client):
    post = monitoring_urls(planned)["indicator"]
    data = {
        "ind-name": "Meldingen per week",
        "ind-baseline": "5",
        "ind-target": "1",
        "ind-direction": "omlaag",
        "ind-source": "hand",
    }
    assert verified_client(world.wijkagent).post(post, data).status_code == 404
    client = verified_client(world.coordinator)
    response = client.post(post, {**data, "ind-name": "", "ind-baseline": "vijf"})
    html = response.content.decode()
    assert response.status_code == 200 and "Dit veld is vereist." in html and "is geen getal" in html
    assert "<details open>" in html  # the loose-indicator form stays open with its errors
    assert not Indicator.objects.exists()
    response = client.post(post, data, follow=True)
    assert response.redirect_chain == [(reverse("monitoring:monitoring", args=[planned.pk]), 302)]
    assert "Indicator toegevoegd." in response.content.decode()
    assert Indicator.objects.get().name == "Meldingen per week"


def test_an_indicator_from_an_unknown_result_shows_the_error(world, planned, verified_client):
    response = verified_client(world.coordinator).post(
        monitoring_urls(planned)["from_result"], {"res-result_key": "r9", "res-source": "hand"}
    )
    assert response.status_code == 200 and "Indicator uit het plan toevoegen" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_measurement_saved_with_its_message(world, planned, indicator, verified_client):
    response = verified_client(world.wijkagent).post(
        monitoring_urls(planned)["measure"],
        {
            "meting-indicator": indicator.pk,
            "meting-period_start": monitoring.monday(TODAY).isoformat(),
            "meting-value": "5",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("monitoring:monitoring", args=[planned.pk]), 302)]
    assert "Meting opgeslagen." in response.content.decode()
    assert indicator.measurements.get(period_start=monitoring.monday(TODAY)).value == 5


def test_import_and_measure_denied_to_a_decider(world, planned, indicator, verified_client):
    before = Measurement.objects.count()
    decider = verified_client(world.burgemeester)  # sees the case, records nothing
    good = "indicator;periode;waarde\nOverlastmeldingen per week;05-01-2026;4\n"
    upload = SimpleUploadedFile("m.csv", good.encode(), content_type="text/csv")
    assert decider.post(monitoring_urls(planned)["import"], {"csv-file": upload}).status_code == 404
    assert decider.post(monitoring_urls(planned)["compute"], {"indicator": indicator.pk}).status_code == 404
    assert Measurement.objects.count() == before


def test_compute_from_signals_on_the_page(world, planned, indicator, verified_client):
    from monitoring.models import IndicatorSource

    post = monitoring_urls(planned)["compute"]
    client = verified_client(world.coordinator)
    response = client.post(post, {"indicator": indicator.pk})  # measured by hand: refused on the page
    assert response.status_code == 200 and "niet uit de signalen" in response.content.decode()
    assert client.post(post, {"indicator": "abc"}).status_code == 404
    assert client.post(post, {}).status_code == 404
    planned.transitions.filter(to_step=5).update(at=timezone.now() - timedelta(weeks=1))
    signals = monitoring.add_indicator(
        planned,
        actor=world.coordinator,
        name="Meldingen per week",
        baseline=5,
        target=1,
        direction="omlaag",
        source=IndicatorSource.SIGNALS,
    )
    response = client.post(post, {"indicator": signals.pk}, follow=True)
    assert response.redirect_chain == [(reverse("monitoring:monitoring", args=[planned.pk]), 302)]
    assert "berekend uit de signalen." in response.content.decode()
    assert signals.measurements.exists()


def test_a_report_with_invalid_dates_shows_the_error_and_makes_nothing(world, planned, verified_client):
    response = verified_client(world.regisseur).post(
        monitoring_urls(planned)["report"],
        {"rap-period_from": "gisteren", "rap-period_to": TODAY.isoformat(), "rap-forum": "driehoek"},
    )
    assert response.status_code == 200 and "Voortgangsrapportage maken" in response.content.decode()
    assert not ProgressReport.objects.exists()
