"""The action pages: the case's actions (per track, progress, filters, add form), one
action (history, update, escalation) and "Mijn acties"; denials and personal data."""

from datetime import timedelta

import pytest

from monitoring import actions as services
from monitoring.models import Action, Escalation
from monitoring.tests.test_actions import SOON, TODAY, overdue, three_actions
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory


@pytest.fixture
def non_receiver(world):
    """Veilig Thuis: takes part and may supply, but may not receive personal data."""
    return UserFactory(username="veiligthuis", organisation=world.orgs["veilig_thuis"])


@pytest.fixture
def acted(world, planned):
    return planned, three_actions(world, planned)


def url(case, action=None):
    return f"/casussen/{case.pk}/acties/" + (f"{action.pk}/" if action else "")


def test_manager_adds_an_action_from_a_measure(world, planned, verified_client):
    client = verified_client(world.coordinator)
    page = client.get(url(planned) + "?maatregel=m3")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Actie toevoegen" in html and "Extra toezicht op vrijdag- en zaterdagavond." in html
    response = client.post(
        url(planned),
        {
            "measure": "m2",
            "organisation": world.orgs["jongerenwerk"].pk,
            "owner": world.jongerenwerker.pk,
            "due_date": SOON.isoformat(),
            "description": "Wekelijkse groepsgesprekken in het buurthuis.",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == url(planned, action)
    assert action.owner == world.jongerenwerker and action.track == "groep"
    html = client.get(url(planned)).content.decode()
    assert "0 van 1 gereed" in html and "Wekelijkse groepsgesprekken in het buurthuis." in html


def test_bad_input_gives_field_errors_and_saves_nothing(world, planned, verified_client):
    client = verified_client(world.coordinator)
    response = client.post(
        url(planned),
        {"measure": "m2", "organisation": "", "owner": "", "due_date": "31-02-gisteren", "description": "  "},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf wat er wordt gedaan." in html and "Vul een geldige datum in" in html
    assert 'aria-invalid="true"' in html or "utrecht-form-field--invalid" in html
    # an owner from another organisation is a field error too
    response = client.post(
        url(planned),
        {"measure": "m2", "owner": world.boa.pk, "due_date": SOON.isoformat(), "description": "Gesprek."},
    )
    assert "Kies een medewerker van" in response.content.decode()
    assert not Action.objects.exists()


def test_outsider_gets_404_and_a_partner_cannot_add(world, acted, verified_client):
    case, (_police, youth, _enforcement) = acted
    client = verified_client(world.outsider)
    assert client.get(url(case)).status_code == 404
    assert client.get(url(case, youth)).status_code == 404
    assert client.post(url(case, youth) + "bijwerken/", {"update-status": "gereed"}).status_code == 404
    client = verified_client(world.jongerenwerker)
    page = client.get(url(case)).content.decode()
    assert "Actie toevoegen" not in page
    post = client.post(url(case), {"measure": "m2", "due_date": SOON.isoformat(), "description": "x"})
    assert post.status_code == 404
    assert Action.objects.count() == 3


def test_owner_updates_and_other_organisation_is_refused(world, acted, verified_client):
    case, (_police, youth, _enforcement) = acted
    client = verified_client(world.boa)
    page = client.get(url(case, youth)).content.decode()
    assert "Alleen" in page and "Bijwerken" not in page
    assert client.post(url(case, youth) + "bijwerken/", {"update-status": "gereed"}).status_code == 404
    youth.refresh_from_db()
    assert youth.status == "gepland"

    client = verified_client(world.jongerenwerker)
    response = client.post(
        url(case, youth) + "bijwerken/",
        {"update-status": "gereed", "update-result_note": "Zes gesprekken gevoerd."},
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.status == "gereed" and youth.completed_at is not None
    html = client.get(url(case, youth)).content.decode()
    assert "Zes gesprekken gevoerd." in html and "Gepland → Gereed" in html


def test_member_aimed_action_is_withheld_or_logged(world, acted, verified_client, non_receiver):
    case, (police, _youth, _enforcement) = acted
    name = police.membership.person.full_name
    client = verified_client(non_receiver)
    html = client.get(url(case)).content.decode()
    # the measure text is group level (the plan shows it to all); the action itself is withheld
    assert name not in html and url(case, police) not in html and "afgeschermd" in html
    for query in ("?spoor=persoon", "?status=open", "?pagina=2&spoor=persoon"):
        html = client.get(url(case) + query).content.decode()
        assert name not in html and url(case, police) not in html and "afgeschermd" in html
    html = client.get(url(case, police)).content.decode()
    assert name not in html and "afgeschermd" in html
    assert not ProcessingLogEntry.objects.filter(actor_username="veiligthuis").exists()

    client = verified_client(world.wijkagent)
    html = client.get(url(case)).content.decode()
    assert name in html
    html = client.get(url(case, police)).content.decode()
    assert name in html and "Stopgesprek" in html
    assert ProcessingLogEntry.objects.filter(
        actor_username="wijkagent", action="read", data_subject=str(police.membership.person.pseudonym)
    ).exists()


def test_overdue_is_highlighted_and_filters_work(world, acted, verified_client):
    case, (_police, youth, enforcement) = acted
    overdue(enforcement)
    services.update_action(youth, actor=world.jongerenwerker, status="gereed")
    client = verified_client(world.coordinator)
    html = client.get(url(case)).content.decode()
    assert "Te laat" in html and "is-overdue" in html and "1 van 1 gereed" in html
    html = client.get(url(case) + "?status=gereed").content.decode()
    assert (
        "Wekelijkse groepsgesprekken." in html
        and "Extra toezicht op vrijdag" not in html.split("h-measures")[0]
    )
    html = client.get(url(case) + f"?partner={world.orgs['handhaving'].pk}").content.decode()
    assert "1 actie gevonden" in html


def test_my_actions_page(world, acted, verified_client):
    case, (_police, youth, enforcement) = acted
    overdue(youth)
    client = verified_client(world.jongerenwerker)
    home = client.get("/").content.decode()
    assert 'href="/mijn-acties/"' in home
    html = client.get("/mijn-acties/").content.decode()
    assert "1 open" in html and "Te laat" in html and "is-overdue" in html
    assert url(case, youth) in html and url(case, enforcement) not in html
    html = verified_client(world.boa).get("/mijn-acties/").content.decode()
    assert url(case, enforcement) in html and url(case, youth) not in html and "Te laat" not in html
    assert verified_client(world.outsider).get("/mijn-acties/").status_code == 200


def test_escalation_on_the_page(world, acted, verified_client):
    case, (_police, youth, _enforcement) = acted
    services.update_action(youth, actor=world.jongerenwerker, status="niet_nagekomen")
    client = verified_client(world.jongerenwerker)
    assert client.post(url(case, youth) + "escaleren/", {"escalate-reason": "x"}).status_code == 404
    client = verified_client(world.coordinator)
    html = client.get(url(case, youth)).content.decode()
    assert "Escaleren naar teamleider" in html and 'aria-current="step">professional' in html
    response = client.post(url(case, youth) + "escaleren/", {"escalate-reason": "Geen gesprekken."})
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    html = client.get(url(case, youth)).content.decode()
    assert 'aria-current="step">teamleider' in html and "Uitkomst van de escalatie naar teamleider" in html
    client.post(
        url(case, youth) + "uitkomst/",
        {"outcome-escalation": escalation.pk, "outcome-outcome": "Inzet toegezegd."},
    )
    escalation.refresh_from_db()
    assert escalation.outcome == "Inzet toegezegd."
    assert "Escaleren naar directeur" in client.get(url(case, youth)).content.decode()


def test_empty_escalation_reason_is_a_field_error(world, acted, verified_client):
    case, (_police, youth, _enforcement) = acted
    overdue(youth)
    client = verified_client(world.coordinator)
    html = client.post(url(case, youth) + "escaleren/", {"escalate-reason": " "}).content.decode()
    assert "Geef aan waarom u escaleert." in html
    assert not Escalation.objects.exists()


def test_home_lists_my_actions_without_member_and_logs_no_read(world, acted, verified_client):
    case, (police, _youth, _enforcement) = acted
    name = police.membership.person.full_name
    client = verified_client(world.wijkagent)
    reads = ProcessingLogEntry.objects.filter(operation="my_actions.read", actor_id=world.wijkagent.pk)
    home = client.get("/").content.decode()
    assert police.description[:40] in home and name not in home
    assert not reads.exists()  # nothing about the youth was shown
    page = client.get("/mijn-acties/").content.decode()
    assert name in page
    assert reads.filter(data_subject=str(police.membership.person.pseudonym)).count() == 1


def _many(world, case, n, *, track="groep", due_from=1):
    """n group-level actions in one track, due on consecutive days from today + due_from."""
    return Action.objects.bulk_create(
        Action(
            case=case,
            measure_key="m2",
            track=track,
            organisation=world.orgs["jongerenwerk"],
            target_kind="groep",
            description=f"Reeks {i:02d}.",
            due_date=TODAY + timedelta(days=due_from + i),
            created_by=world.coordinator,
        )
        for i in range(n)
    )


def test_a_long_track_shows_its_first_open_actions_and_links_to_all(world, acted, verified_client):
    """A case with many actions: per track the first TRACK_PREVIEW, open before closed and by
    due date; the rest one click away in a paginated list of that track."""
    from monitoring.views_actions import PER_PAGE, TRACK_PREVIEW

    case, (_police, youth, _enforcement) = acted
    services.update_action(youth, actor=world.jongerenwerker, status="gereed")  # closed: last
    made = _many(world, case, PER_PAGE + 5)
    client = verified_client(world.coordinator)
    html = client.get(url(case)).content.decode()
    groep = html.split('id="h-track-groep"')[1].split("</section>")[0]
    shown = [a for a in made if f"/acties/{a.pk}/" in groep]
    assert shown == made[:TRACK_PREVIEW]  # the earliest open ones
    assert url(case, youth) not in groep  # the closed one does not push an open one out
    assert f"Alle {PER_PAGE + 6} acties in dit spoor" in groep and "?spoor=groep" in groep

    html = client.get(url(case) + "?spoor=groep").content.decode()
    assert f"{PER_PAGE + 6} acties gevonden" in html and "Pagina 1 van 2" in html
    assert html.count('href="/casussen/') >= PER_PAGE
    page2 = client.get(url(case) + "?spoor=groep&pagina=2").content.decode()
    assert url(case, made[-1]) in page2 and url(case, made[0]) not in page2
    # a track with few actions shows them all, without the link
    persoon = client.get(url(case)).content.decode().split('id="h-track-persoon"')[1]
    assert "dit spoor" not in persoon.split("</section>")[0]


def test_only_the_members_of_the_shown_actions_are_logged(world, acted, verified_client):
    """The overview shows a page; the processing log records the members on it, not those
    of actions further down the list."""
    from monitoring.views_actions import TRACK_PREVIEW

    case, (police, _youth, _enforcement) = acted  # police: aimed at a member, track persoon
    Action.objects.filter(pk=police.pk).update(due_date=TODAY + timedelta(days=400))
    _many(world, case, TRACK_PREVIEW, track="persoon")  # all due before the member's action
    subject = str(police.membership.person.pseudonym)
    reads = ProcessingLogEntry.objects.filter(actor_username="wijkagent", action="read", data_subject=subject)
    client = verified_client(world.wijkagent)
    html = client.get(url(case)).content.decode()
    assert police.membership.person.full_name not in html and not reads.exists()
    html = client.get(url(case) + "?spoor=persoon").content.decode()
    assert police.membership.person.full_name in html and reads.count() == 1


def test_bad_filter_values_give_a_message_not_an_error(world, acted, verified_client):
    case, _made = acted
    response = verified_client(world.coordinator).get(url(case) + "?spoor=maan&status=half&pagina=x")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selecteer een geldige keuze" in html


def test_the_action_page_takes_no_post_each_form_has_its_own_address(world, acted, verified_client):
    case, (_police, youth, _enforcement) = acted
    client = verified_client(world.jongerenwerker)
    assert client.post(url(case, youth), {"update-status": "gereed"}).status_code == 405
    youth.refresh_from_db()
    assert youth.status == "gepland"
