"""Group dynamics: plus/min/mee per member (groups.Assessment, via the services), ties, and
the sociogram with its history and text alternative."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from analysis import services, sociogram
from analysis.models import Tie
from groups.models import Assessment
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db


def _members(case, *names):
    return [case.memberships.get(person__full_name=n) for n in names]


def test_session_form_records_plus_min_mee_for_several_members(world, case, verified_client):
    ryan, yusuf, luuk = _members(case, "Ryan Meijer", "Yusuf Demir", "Luuk Smit")
    client = verified_client(world.jongerenwerker)
    response = client.post(
        f"/casussen/{case.pk}/groepsdynamiek/beoordelen/",
        {
            "assess-assessed_on": "2026-06-01",
            f"assess-dyn_{ryan.pk}": "min",
            f"assess-inf_{ryan.pk}": "5",
            f"assess-lead_{ryan.pk}": "on",
            f"assess-dyn_{yusuf.pk}": "mee",
            f"assess-inf_{yusuf.pk}": "3",
            f"assess-dyn_{luuk.pk}": "",  # skipped
            f"assess-inf_{luuk.pk}": "3",
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.count() == 2
    a = Assessment.objects.get(membership=ryan)
    assert (a.dynamic, a.influence, a.is_leader, a.assessed_by) == ("min", 5, True, world.jongerenwerker)
    assert ProcessingLogEntry.objects.filter(operation="dynamics.assess", action="create").count() == 2


def test_empty_session_is_refused_in_dutch(world, case, verified_client):
    html = (
        verified_client(world.jongerenwerker)
        .post(f"/casussen/{case.pk}/groepsdynamiek/beoordelen/", {"assess-assessed_on": "2026-06-01"})
        .content.decode()
    )
    assert "Kies bij ten minste één jongere plus, min of mee." in html


def test_sociogram_shows_members_coloured_shaped_and_sized_with_a_table(world, case, verified_client):
    ryan, yusuf, anouk = _members(case, "Ryan Meijer", "Yusuf Demir", "Anouk de Wit")
    today = timezone.localdate()
    services.assess_members(
        case,
        actor=world.jongerenwerker,
        assessed_on=today,
        rows=[(ryan, "min", 5, True, ""), (yusuf, "mee", 2, False, ""), (anouk, "plus", 4, False, "")],
    )
    services.add_tie(
        case, actor=world.jongerenwerker, source=ryan, target=yusuf, kind="leider_volger", since=today
    )
    html = verified_client(world.jongerenwerker).get(f"/casussen/{case.pk}/groepsdynamiek/").content.decode()
    assert 'role="img"' in html and "Sociogram van de groep op" in html
    assert "app-soc-node--min app-soc-node--leader" in html and "app-soc-node--plus" in html
    assert "app-soc-node--mee" in html and "<rect" in html and "<polygon" in html  # shape, not colour only
    assert 'r="26"' in html  # Anouk: influence 4 → radius 10 + 4·4; Ryan (5) is a square of 2·30
    assert 'width="60"' in html
    assert 'marker-end="url(#soc-arrow)"' in html
    assert "Tekstalternatief van het sociogram" in html
    assert "leider van Yusuf Demir" in html and "volgt Ryan Meijer" in html


def test_history_shows_the_group_as_it_was(world, case):
    ryan, yusuf = _members(case, "Ryan Meijer", "Yusuf Demir")
    services.assess_members(
        case, actor=world.jongerenwerker, assessed_on=date(2026, 1, 10), rows=[(ryan, "min", 5, True, "")]
    )
    services.assess_members(
        case, actor=world.jongerenwerker, assessed_on=date(2026, 6, 10), rows=[(ryan, "mee", 2, False, "")]
    )
    tie = services.add_tie(
        case,
        actor=world.jongerenwerker,
        source=ryan,
        target=yusuf,
        kind="vriendschap",
        since=date(2026, 2, 1),
    )
    services.end_tie(tie, actor=world.jongerenwerker, until=date(2026, 5, 1))
    then = {n.membership.pk: n for n in sociogram.state_on(case, date(2026, 3, 1)).nodes}
    assert (then[ryan.pk].dynamic, then[ryan.pk].influence, then[ryan.pk].is_leader) == ("min", 5, True)
    assert len(sociogram.state_on(case, date(2026, 3, 1)).edges) == 1
    later = sociogram.state_on(case, date(2026, 7, 1))
    node = next(n for n in later.nodes if n.membership.pk == ryan.pk)
    assert (node.dynamic, node.influence) == ("mee", 2)
    assert later.edges == []  # the tie ended, but stays as history
    assert Tie.objects.get().until == date(2026, 5, 1)
    assert date(2026, 1, 10) in later.moments and date(2026, 5, 1) in later.moments


def test_history_page_by_date(world, case, verified_client):
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    services.assess_members(
        case, actor=world.jongerenwerker, assessed_on=date(2026, 1, 10), rows=[(ryan, "min", 5, True, "")]
    )
    client = verified_client(world.wijkagent)
    html = client.get(f"/casussen/{case.pk}/groepsdynamiek/?op=2026-02-01").content.decode()
    assert "De groep op 1 februari 2026" in html
    assert f'href="/casussen/{case.pk}/groepsdynamiek/?op=2026-01-10"' in html


def test_layout_is_deterministic_and_inside_the_drawing(world, case):
    today = timezone.localdate()
    picture = sociogram.state_on(case, today)
    first = [(n.x, n.y) for n in picture.nodes]
    second = [(n.x, n.y) for n in sociogram.state_on(case, today).nodes]
    assert first == second
    assert all(0 < x < picture.width and 0 < y < picture.height for x, y in first)


def test_ties_are_checked(world, case):
    ryan, yusuf = _members(case, "Ryan Meijer", "Yusuf Demir")
    today = timezone.localdate()
    with pytest.raises(services.AnalysisError, match="twee verschillende"):
        services.add_tie(
            case, actor=world.wijkagent, source=ryan, target=ryan, kind="vriendschap", since=today
        )
    with pytest.raises(services.AnalysisError, match="toekomst"):
        services.add_tie(
            case,
            actor=world.wijkagent,
            source=ryan,
            target=yusuf,
            kind="vriendschap",
            since=today + timedelta(days=2),
        )
    services.add_tie(case, actor=world.wijkagent, source=ryan, target=yusuf, kind="vriendschap", since=today)
    with pytest.raises(services.AnalysisError, match="al vastgelegd"):
        services.add_tie(
            case, actor=world.wijkagent, source=yusuf, target=ryan, kind="vriendschap", since=today
        )
    other = services.AccessDenied
    with pytest.raises(other):
        services.add_tie(
            case, actor=world.burgemeester, source=ryan, target=yusuf, kind="familie", since=today
        )


def test_a_member_of_another_case_cannot_be_tied(world, case):
    from analysis.tests.conftest import build_case

    other = build_case(world, name="Andere groep", members=[("Kai Andere", "", None, "")])
    stranger = other.memberships.get()
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    with pytest.raises(services.AccessDenied, match="namenlijst"):
        services.add_tie(
            case,
            actor=world.wijkagent,
            source=ryan,
            target=stranger,
            kind="vriendschap",
            since=timezone.localdate(),
        )


def test_tie_form_and_ending_through_the_page(world, case, verified_client):
    ryan, yusuf = _members(case, "Ryan Meijer", "Yusuf Demir")
    client = verified_client(world.jongerenwerker)
    url = f"/casussen/{case.pk}/groepsdynamiek/"
    today = timezone.localdate().isoformat()
    response = client.post(
        f"{url}banden/",
        {
            "tie-source": ryan.pk,
            "tie-target": yusuf.pk,
            "tie-kind": "familie",
            "tie-since": today,
        },
    )
    assert response.status_code == 302
    tie = Tie.objects.get()
    assert client.post(f"{url}banden/{tie.pk}/beeindigen/", {"until": today}).status_code == 302
    tie.refresh_from_db()
    assert tie.until == timezone.localdate() and tie.ended_by == world.jongerenwerker


def test_who_may_not_receive_personal_data_sees_no_sociogram(world, case, veilig_thuis, verified_client):
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    services.assess_members(
        case, actor=world.jongerenwerker, assessed_on=timezone.localdate(), rows=[(ryan, "min", 5, True, "")]
    )
    for user in (world.burgemeester, veilig_thuis):
        html = verified_client(user).get(f"/casussen/{case.pk}/groepsdynamiek/").content.decode()
        assert "Ryan Meijer" not in html and 'id="soc-title"' not in html
        assert "afgeschermd" in html or "Persoonsgegevens" in html
    assert not ProcessingLogEntry.objects.filter(actor_username__in=["burgemeester", "veiligthuis"]).exists()
    response = verified_client(world.burgemeester).post(
        f"/casussen/{case.pk}/groepsdynamiek/beoordelen/", {"assess-assessed_on": "2026-06-01"}
    )
    assert response.status_code == 404


def test_viewing_the_sociogram_is_logged_once_per_member(world, case, verified_client):
    verified_client(world.wijkagent).get(f"/casussen/{case.pk}/groepsdynamiek/")
    subjects = list(
        ProcessingLogEntry.objects.filter(actor_username="wijkagent", action="read").values_list(
            "data_subject", flat=True
        )
    )
    assert sorted(subjects) == sorted(str(m.person.pseudonym) for m in case.memberships.all())
