"""The plan-of-approach pages: who sees what (member names only for who may receive
personal data, every read logged), the editor for the managers only, drafting from the
concept plan and decision, revisions with a reason, field errors from the service, the
privacy guard, a conflict between two authors that loses nothing, and the comparison."""

from html.parser import HTMLParser

import pytest

from plans import services as plan_services
from plans.tests.conftest import plan_content
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def urls(case):
    base = f"/casussen/{case.pk}/plan-van-aanpak"
    return {
        "plan": f"{base}/",
        "edit": f"{base}/bewerken/",
        "version": f"{base}/versie/1/",
        "compare": f"{base}/vergelijken/?van=1&naar=1",
    }


class _Form(HTMLParser):
    """The fields of the page's plan form (the one with `based_on`) as a browser would post
    them: text inputs and hidden fields, checked boxes, selected options, text areas."""

    def __init__(self):
        super().__init__()
        self.forms, self._in_form, self._textarea, self._select = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = a.get("method") == "post"
            self.forms.append([])
        elif not self._in_form:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1].append((a["name"], a.get("value", "on")))
            elif a.get("type") != "submit":
                self.forms[-1].append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = a["name"]
            self.forms[-1].append((self._select, ""))
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1] = [f for f in self.forms[-1] if f != (self._select, "")]
            self.forms[-1].append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            self.forms[-1].append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def plan_form(response) -> dict:
    """{name: value or [values]} of the plan form on the page."""
    parser = _Form()
    parser.feed(response.content.decode())
    [fields] = [f for f in parser.forms if any(name == "based_on" for name, _v in f)]
    data = {}
    for name, value in fields:
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    return data


def field_error(response, field_id) -> str:
    """The text of the error block tied to a field (id="<field id>_error")."""
    html = response.content.decode()
    marker = f'id="{field_id}_error">'
    assert marker in html, f"no error next to {field_id}"
    start = html.index(marker) + len(marker)
    return html[start : html.index("</div>", start)]


@pytest.fixture
def veilig_thuis(world):
    """A participant that may supply but not receive personal data (test covenant)."""
    return UserFactory(username="veiligthuis", organisation=world.orgs["veilig_thuis"])


def member_of_m1(case):
    return case.memberships.order_by("pk").first()


# --- reading -------------------------------------------------------------------------------------


def test_participant_sees_the_plan_with_the_member_name_and_the_read_is_logged(
    world, verified_client, planned
):
    response = verified_client(world.jongerenwerker).get(urls(planned)["plan"])
    assert response.status_code == 200
    html = response.content.decode()
    member = member_of_m1(planned)
    for text in (
        "van kracht",
        "Verminderen van criminaliteit en overlast",
        "Rust rond de sporthal in de avonduren.",
        "Groepsgesprekken door het jongerenwerk.",
        "Overlastmeldingen per week",
        "Een geweldsincident bij de sporthal.",
        "Stopgesprek door de wijkagent.",
        "Locatie: Sporthal De Kade",
        member.person.full_name,
        world.orgs["politie"].name,
        world.coordinator.display_name(),
    ):
        assert text in html, text
    assert "Plan wijzigen" not in html  # not a manager
    reads = ProcessingLogEntry.objects.filter(actor_username="jongerenwerker", operation="approach_plan.read")
    assert list(reads.values_list("data_subject", flat=True)) == [str(member.person.pseudonym)]
    assert reads.get().action == "read"


def test_who_may_not_receive_personal_data_sees_the_plan_without_the_name(
    world, verified_client, planned, veilig_thuis
):
    for url in (urls(planned)["plan"], urls(planned)["version"]):
        response = verified_client(veilig_thuis).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Stopgesprek door de wijkagent." in html
        assert member_of_m1(planned).person.full_name not in html
        assert "een jongere (afgeschermd)" in html
        assert "Namen van jongeren zijn afgeschermd" in html
    assert not ProcessingLogEntry.objects.filter(actor_username="veiligthuis").exists()


def test_outsider_gets_404_on_every_plan_page(world, verified_client, planned):
    client = verified_client(world.outsider)
    for url in urls(planned).values():
        assert client.get(url).status_code == 404, url
    assert client.post(urls(planned)["edit"], {"based_on": 1}).status_code == 404
    assert not ProcessingLogEntry.objects.filter(actor_username="buurgemeente").exists()


def test_the_editor_is_404_for_who_is_not_a_manager(world, verified_client, planned):
    for user in (world.wijkagent, world.jongerenwerker, world.burgemeester):
        client = verified_client(user)
        assert client.get(urls(planned)["edit"]).status_code == 404
        assert client.post(urls(planned)["edit"], {"based_on": 1, "reason": "x"}).status_code == 404
    assert planned.approach_plans.count() == 1


# --- drafting and saving ------------------------------------------------------------------------------


def test_without_a_plan_the_manager_drafts_from_concept_plan_and_decision(world, verified_client, step5):
    client = verified_client(world.coordinator)
    page = client.get(urls(step5)["plan"]).content.decode()
    assert "Plan opstellen vanuit concept plan en besluit" in page
    response = client.get(urls(step5)["edit"])
    assert response.status_code == 200
    data = plan_form(response)
    assert data["based_on"] == "0"
    assert sorted(data["goal_codes"]) == sorted(["criminaliteit", "perspectief", "groepsdynamiek", "aanwas"])
    assert (
        data["doel-0-text"] == "Overlast bij de sporthal halveren binnen zes maanden."
    )  # the decision's goals
    assert data["tracks_groep"] == "Groepsgesprekken door het jongerenwerk."  # the concept plan
    assert data["strategy_communication"] == "De woordvoerder van de burgemeester."  # the decision
    # Member choices come from the name list: the read is logged.
    assert member_of_m1(step5).person.full_name in response.content.decode()
    assert ProcessingLogEntry.objects.filter(
        actor_username="coordinator", operation="name_list.read"
    ).exists()
    other = verified_client(world.jongerenwerker).get(urls(step5)["plan"]).content.decode()
    assert "Plan opstellen vanuit concept plan en besluit" not in other


def test_the_manager_saves_version_1_from_the_page(world, verified_client, step5):
    client = verified_client(world.coordinator)
    data = plan_form(client.get(urls(step5)["edit"]))
    member = member_of_m1(step5)
    data.update(
        {
            "resultaat-0-indicator": "Overlastmeldingen per week",
            "resultaat-0-unit": "meldingen",
            "resultaat-0-baseline": "12,5",
            "resultaat-0-target": "6",
            "resultaat-0-deadline": "2026-12-31",
            "resultaat-0-domain": "openbare_orde",
            "resultaat-0-goal": data["goal_key_criminaliteit"],
            "maatregel-0-track": "persoon",
            "maatregel-0-organisation": str(world.orgs["politie"].pk),
            "maatregel-0-target_kind": "jongere",
            "maatregel-0-membership": str(member.pk),
            "maatregel-0-description": "Stopgesprek door de wijkagent.",
        }
    )
    response = client.post(urls(step5)["edit"], data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version = plan_services.current(step5)
    assert version.number == 1 and version.author == world.coordinator
    content = version.content
    assert [g["code"] for g in content["goals"]] == [
        "criminaliteit",
        "perspectief",
        "groepsdynamiek",
        "aanwas",
        "lokaal",
    ]
    [result] = content["results"]
    assert result["baseline"] == "12.5" and result["goal"] == content["goals"][0]["key"]
    [measure] = content["measures"]
    assert measure["membership"] == member.pk and measure["organisation"] == world.orgs["politie"].pk
    assert content["scenarios"] == []  # the empty extra row is skipped
    page = client.get(urls(step5)["plan"]).content.decode()
    assert "Versie 1" in page and "van kracht" in page


def test_keys_survive_a_revision_through_the_editor(world, verified_client, planned):
    client = verified_client(world.coordinator)
    data = plan_form(client.get(urls(planned)["edit"]))
    assert data["based_on"] == "1"
    assert data["resultaat-0-key"] == "r1" and data["maatregel-2-key"] == "m3"
    data.update({"resultaat-0-target": "4", "reason": "Scherper doel na de eerste maand."})
    assert client.post(urls(planned)["edit"], data).status_code == 302
    v2 = plan_services.current(planned)
    assert v2.number == 2 and v2.reason == "Scherper doel na de eerste maand."
    assert [r["key"] for r in v2.content["results"]] == ["r1", "r2"]
    assert [m["key"] for m in v2.content["measures"]] == ["m1", "m2", "m3"]
    assert [g["key"] for g in v2.content["goals"]] == ["g1", "g2", "g3"]
    assert v2.content["results"][0]["target"] == "4"


def test_a_revision_without_reason_is_a_field_error_and_nothing_is_saved(world, verified_client, planned):
    client = verified_client(world.coordinator)
    data = plan_form(client.get(urls(planned)["edit"]))
    data["resultaat-0-target"] = "4"
    data["reason"] = "  "
    response = client.post(urls(planned)["edit"], data)
    assert response.status_code == 200
    assert "Geef de reden van deze wijziging." in field_error(response, "id_reason")
    assert planned.approach_plans.count() == 1
    assert plan_form(response)["resultaat-0-target"] == "4"  # the input is kept
    # A mangled post (no formset management data, a wrong version number) is a message, not a 500.
    for bad in ({"based_on": "1"}, {"based_on": "een", "reason": "x"}):
        response = client.post(urls(planned)["edit"], bad)
        assert response.status_code == 200
        assert "Het plan is niet opgeslagen" in response.content.decode()
    assert planned.approach_plans.count() == 1


def test_an_invalid_baseline_is_shown_next_to_the_field(world, verified_client, planned):
    client = verified_client(world.coordinator)
    data = plan_form(client.get(urls(planned)["edit"]))
    data.update({"resultaat-1-baseline": "twaalf", "maatregel-1-description": "", "reason": "bijstellen"})
    response = client.post(urls(planned)["edit"], data)
    assert response.status_code == 200
    assert "moet een getal zijn" in field_error(response, "id_resultaat-1-baseline")
    assert "Beschrijf de maatregel." in field_error(response, "id_maatregel-1-description")
    assert "id_resultaat-0-baseline_error" not in response.content.decode()
    assert plan_form(response)["resultaat-1-baseline"] == "twaalf"
    # No goal at all: the message sits with the goal checkboxes.
    data = plan_form(client.get(urls(planned)["edit"]))
    data.pop("goal_codes")
    data.update({"doel-0-DELETE": "on", "reason": "doelen herzien"})
    response = client.post(urls(planned)["edit"], data)
    assert "Kies ten minste één doel." in field_error(response, "id_goal_codes")
    assert planned.approach_plans.count() == 1


def test_the_privacy_guard_refusal_is_shown_on_the_page(world, verified_client, planned):
    client = verified_client(world.coordinator)
    data = plan_form(client.get(urls(planned)["edit"]))
    data.update({"tracks_groep": "Gesprek met Ryan Meijer over zijn gedrag.", "reason": "aanvulling"})
    response = client.post(urls(planned)["edit"], data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "persoonsgegevens" in html and "Ryan Meijer" in field_error(response, "id_tracks_groep") + html
    assert 'name="guard_confirm"' in html
    assert planned.approach_plans.count() == 1


def test_two_people_saving_the_same_version_the_second_gets_a_conflict_and_keeps_input(
    world, verified_client, planned
):
    client = verified_client(world.regisseur)
    first = plan_form(client.get(urls(planned)["edit"]))
    client = verified_client(world.coordinator)
    second = plan_form(client.get(urls(planned)["edit"]))
    assert first["based_on"] == second["based_on"] == "1"

    client = verified_client(world.regisseur)
    first.update({"resultaat-0-target": "5", "reason": "Streefwaarde volgens de driehoek."})
    assert client.post(urls(planned)["edit"], first).status_code == 302

    client = verified_client(world.coordinator)
    second.update(
        {
            "tracks_omgeving": "Extra verlichting en cameratoezicht bij de sporthal.",
            "scenario-1-trigger": "Aanwas van nieuwe jongeren.",
            "scenario-1-response": "Extra inzet jongerenwerk op de pleinen.",
            "reason": "Omgevingsspoor aangescherpt.",
        }
    )
    response = client.post(urls(planned)["edit"], second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft intussen versie 2 opgeslagen" in html
    assert world.regisseur.display_name() in html
    assert planned.approach_plans.count() == 2  # only the first save made a version
    kept = plan_form(response)
    assert kept["based_on"] == "2"  # rebased on the newest version
    for name in (
        "tracks_omgeving",
        "scenario-1-trigger",
        "scenario-1-response",
        "reason",
        "resultaat-0-target",
    ):
        assert kept[name] == second[name], name
    # What the newest version holds against the input: the other's target value.
    assert "<del>5</del>" in html and "<ins>6</ins>" in html

    # Saving again (after reading the conflict) makes version 3 with the author's input.
    kept["resultaat-0-target"] = "5"
    assert client.post(urls(planned)["edit"], kept).status_code == 302
    v3 = plan_services.current(planned)
    assert v3.number == 3 and v3.author == world.coordinator
    assert v3.content["tracks"]["omgeving"] == "Extra verlichting en cameratoezicht bij de sporthal."
    assert v3.content["results"][0]["target"] == "5"


def test_the_editor_is_not_offered_outside_steps_5_and_6(world, verified_client, case_in_step_4):
    client = verified_client(world.coordinator)
    response = client.get(f"/casussen/{case_in_step_4.pk}/plan-van-aanpak/bewerken/")
    assert response.status_code == 200
    assert "alleen in stap 5 en 6" in response.content.decode()
    client.post(f"/casussen/{case_in_step_4.pk}/plan-van-aanpak/bewerken/", {"based_on": 0})
    assert not case_in_step_4.approach_plans.exists()


@pytest.fixture
def case_in_step_4(world):
    from analysis.tests.conftest import build_case, ready_for_step_4

    return ready_for_step_4(world, build_case(world, name="Nog in stap 4"))


# --- versions and comparison ----------------------------------------------------------------------------


@pytest.fixture
def revised(world, planned):
    """Version 2: target of r1 from 6 to 4, measure m2 removed, measure m4 added."""
    content = plan_content(world, planned)
    content["results"][0]["target"] = "4"
    content["measures"] = [m for m in content["measures"] if m["key"] != "m2"] + [
        {
            "key": "m4",
            "track": "groep",
            "organisation": world.orgs["jongerenwerk"].pk,
            "target_kind": "groep",
            "membership": None,
            "location": "",
            "description": "Sportactiviteit als beloning voor goed gedrag.",
        }
    ]
    plan_services.save_plan(
        planned, actor=world.regisseur, based_on=1, content=content, reason="Na de eerste evaluatie."
    )
    return planned


def test_compare_shows_changed_target_and_added_and_removed_measures(world, verified_client, revised):
    client = verified_client(world.jongerenwerker)
    base = f"/casussen/{revised.pk}/plan-van-aanpak/vergelijken/"
    for url in (base, base + "?van=1&naar=2"):  # the default is previous vs in force
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Van versie 1 naar versie 2" in html
        assert "Streefwaarde" in html and "<del>6</del>" in html and "<ins>4</ins>" in html
        assert "Toegevoegd" in html and "Sportactiviteit als beloning voor goed gedrag." in html
        assert "Verwijderd" in html and "<del>Wekelijkse groepsgesprekken.</del>" in html
        assert "Na de eerste evaluatie." in html
    for bad in ("?van=9&naar=2", "?van=een&naar=2"):
        response = client.get(base + bad)
        assert response.status_code == 200
        assert "Van versie" not in response.content.decode().split("</form>")[-1]


def test_an_old_version_is_readable_and_marked_not_in_force(world, verified_client, revised, veilig_thuis):
    client = verified_client(world.jongerenwerker)
    html = client.get(f"/casussen/{revised.pk}/plan-van-aanpak/versie/1/").content.decode()
    assert "niet meer van kracht" in html and "Wekelijkse groepsgesprekken." in html
    assert client.get(f"/casussen/{revised.pk}/plan-van-aanpak/versie/7/").status_code == 404
    plan_page = client.get(f"/casussen/{revised.pk}/plan-van-aanpak/").content.decode()
    assert "Versiegeschiedenis" in plan_page and "/plan-van-aanpak/versie/1/" in plan_page
    # The comparison names the member only for who may receive personal data.
    hidden = verified_client(veilig_thuis).get(f"/casussen/{revised.pk}/plan-van-aanpak/vergelijken/")
    assert hidden.status_code == 200
    assert member_of_m1(revised).person.full_name not in hidden.content.decode()
