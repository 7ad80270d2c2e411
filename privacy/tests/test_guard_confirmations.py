"""Issue 16: confirming a false alarm (reload, not asked again, handling and link notes) and the
privacy officer's list (text around it, link, reviewed mark with remark)."""

import pytest

from intake import services as signal_services
from intake.models import SignalStatus
from privacy.models import GuardConfirmation
from tests.factories import GroupFactory, SignalFactory

pytestmark = pytest.mark.django_db

VALID = {
    "observed_at": "2026-11-20T21:30",
    "location": "Marktplein",
    "area": "Centrum",
    "behaviours": ["overlast"],
    "group_size": "10",
    "age_min": "12",
    "age_max": "14",
    "source": "eigen",
    "impact": "middel",
}


def test_a_confirmation_survives_a_reload_with_another_open_finding(world, verified_client):
    client = verified_client(world.boa)
    text = "Groep bij Kevin de Vries en later bij Fatima El Amrani."
    # Confirm one finding; the other is still open: the form comes back ...
    first = client.post(
        "/signalen/melden/", {**VALID, "description": text, "guard_confirm": ["name:Kevin de Vries"]}
    ).content.decode()
    assert "Fatima El Amrani" in first
    # ... with the first confirmation still ticked, so it is sent again with the second.
    assert (
        'value="name:Kevin de Vries"' in first
        and "checked" in first.split('value="name:Kevin de Vries"')[1][:40]
    )
    resent = ["name:Kevin de Vries", "name:Fatima El Amrani"]
    response = client.post("/signalen/melden/", {**VALID, "description": text, "guard_confirm": resent})
    assert response.status_code == 302
    kept = GuardConfirmation.objects.get(text="Kevin de Vries")
    assert kept.field == "description" and "Groep bij Kevin de Vries" in kept.context


def test_handling_note_is_guarded_and_can_be_confirmed(world):
    signal = SignalFactory(reported_by=world.boa)
    with pytest.raises(signal_services.SignalTextRefused):
        signal_services.handle_in_regular_work(
            signal, actor=world.regisseur, note="Gesprek met Kevin de Vries"
        )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW  # nothing half-saved
    signal_services.handle_in_regular_work(
        signal,
        actor=world.regisseur,
        note="Gesprek met Kevin de Vries",
        confirmed_findings=[{"kind": "name", "text": "Kevin de Vries"}],
    )
    c = GuardConfirmation.objects.get(subject=f"intake.signal:{signal.pk}")
    assert (c.field, c.text, c.confirmed_by) == ("note", "Kevin de Vries", world.regisseur)


def test_link_note_and_new_group_name_on_a_signal_page(world, verified_client):
    signal = SignalFactory(reported_by=world.boa, municipality=world.municipality)
    client = verified_client(world.regisseur)
    url = f"/signalen/{signal.pk}/koppelen/"
    data = {"link-new_group_name": "Groep Kevin de Vries", "link-note": "Zie Fatima El Amrani"}
    html = client.post(url, data).content.decode()
    assert "lijkt persoonsgegevens te bevatten" in html
    signal.refresh_from_db()
    assert signal.group is None
    confirm = ["name:Kevin de Vries", "name:Fatima El Amrani"]
    response = client.post(url, {**data, "guard_confirm": confirm})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.group.name == "Groep Kevin de Vries"
    assert set(GuardConfirmation.objects.values_list("subject", "field", "text")) == {
        (f"groups.youthgroup:{signal.group_id}", "name", "Kevin de Vries"),
        (f"intake.signal:{signal.pk}", "note", "Fatima El Amrani"),
    }


def test_a_confirmed_false_alarm_in_the_same_field_is_not_asked_again(world):
    from groups import services as group_services

    group = GroupFactory(municipality=world.municipality)
    text = "Hangt rond met Kevin de Vries."
    with pytest.raises(group_services.GroupTextRefused):
        group_services.update_group(group, actor=world.regisseur, description=text)
    group_services.update_group(
        group, actor=world.regisseur, description=text, confirmed_findings=[("name", "Kevin de Vries")]
    )
    # Edited again, the same text in the same field: not asked again, not stored twice.
    group_services.update_group(group, actor=world.regisseur, description=text + " Ook zaterdag.")
    assert GuardConfirmation.objects.filter(subject=f"groups.youthgroup:{group.pk}").count() == 1
    # In another field the same text is asked again.
    with pytest.raises(group_services.GroupTextRefused):
        group_services.update_group(group, actor=world.regisseur, locations="Kevin de Vries")


def test_privacy_officer_lists_reviews_and_links(world, verified_client):
    signal = SignalFactory(reported_by=world.boa, municipality=world.municipality)
    signal_services.handle_in_regular_work(
        signal,
        actor=world.regisseur,
        note="Bij Kevin de Vries",
        confirmed_findings=[("name", "Kevin de Vries")],
    )
    c = GuardConfirmation.objects.get()
    client = verified_client(world.privacy)
    html = client.get("/privacy/privacytoets/bevestigingen/").content.decode()
    assert "Bij Kevin de Vries" in html  # the text around it
    assert f'href="/signalen/{signal.pk}/"' in html
    assert 'name="review"' in html
    response = client.post("/privacy/privacytoets/bevestigingen/", {"review": c.pk, "remark": "Terecht"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.reviewed_by == world.privacy and c.review_remark == "Terecht" and c.reviewed_at
    open_only = client.get("/privacy/privacytoets/bevestigingen/?open=1").content.decode()
    assert "Bij Kevin de Vries" not in open_only


def test_only_the_privacy_officer_may_review(world, verified_client):
    SignalFactory(reported_by=world.boa)
    c = GuardConfirmation.objects.create(
        subject="intake.signal:1", kind="name", text="X", confirmed_by=world.boa
    )
    response = verified_client(world.regisseur).post("/privacy/privacytoets/bevestigingen/", {"review": c.pk})
    assert response.status_code == 404
    c.refresh_from_db()
    assert c.reviewed_at is None
