"""Objects outside the caller's visibility answer 404 on every endpoint and method,
whatever the body — never 403, never a hint that they exist."""

import pytest

from cases import services
from privacy.models import MatrixItem, ProcessingLogEntry
from tests.factories import SignalFactory, send_groepsscan

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(story):
    w = story
    signal = SignalFactory(reported_by=w.wijkagent)
    services.set_membership_status(w.membership, status="agreed", actor=w.coordinator)
    request = send_groepsscan(w, w.case, names=(), outcomes={})
    covenant = w.municipality.covenants.first()
    return w, {"signal": signal.pk, "request": request.pk, "covenant": covenant.pk}


def _calls(w, ids):
    c, p, g, m, r = w.case.pk, w.person.pk, w.group.pk, w.membership.pk, ids["request"]
    item = MatrixItem.objects.first().pk
    return [
        ("get", f"/api/v1/signals/{ids['signal']}", None),
        ("post", f"/api/v1/signals/{ids['signal']}/handle", {"note": "extra toezicht"}),
        ("post", f"/api/v1/signals/{ids['signal']}/link", {"group": g}),
        ("get", f"/api/v1/groups/{g}", None),
        ("patch", f"/api/v1/groups/{g}", {"locations": "Centrum"}),
        ("get", f"/api/v1/groups/{g}/members", None),
        ("get", f"/api/v1/persons/{p}", None),
        ("get", f"/api/v1/persons/{p}/processing-log", None),
        ("get", f"/api/v1/persons/{p}/processing-log/export", None),
        ("get", f"/api/v1/cases/{c}", None),
        ("get", f"/api/v1/cases/{c}/transitions", None),
        ("post", f"/api/v1/cases/{c}/transitions", {"to_step": 3, "reason": "door"}),
        ("post", f"/api/v1/cases/{c}/coordinator", {"coordinator": w.coordinator.pk}),
        ("post", f"/api/v1/cases/{c}/participants", {"organisation": w.orgs["school"].pk}),
        ("post", f"/api/v1/cases/{c}/reopen", {"reason": "opnieuw"}),
        ("get", f"/api/v1/cases/{c}/name-list", None),
        ("post", f"/api/v1/cases/{c}/name-list", {"full_name": "Piet Puk"}),
        ("patch", f"/api/v1/cases/{c}/name-list/{m}", {"status": "agreed"}),
        ("get", f"/api/v1/cases/{c}/requests", None),
        ("post", f"/api/v1/cases/{c}/requests", {"kind": "intern", "addressee": 1, "question": "?"}),
        ("get", f"/api/v1/cases/{c}/requests/{r}", None),
        ("post", f"/api/v1/cases/{c}/requests/{r}/answer", {"answer": "x", "unknown_to_police": 1}),
        ("get", f"/api/v1/cases/{c}/matrix", None),
        ("post", f"/api/v1/cases/{c}/matrix", {"matrix_item": item, "content": "x", "person": p}),
        ("get", f"/api/v1/organisations/{w.orgs['politie'].pk}", None),
    ]


def test_outsider_gets_404_on_every_object_endpoint(objects, api):
    w, ids = objects
    client = api(w.outsider)
    for method, url, body in _calls(w, ids):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 404, (method, url, response.status_code, response.content[:200])
        assert response.json() == {"detail": "Niet gevonden.", "code": "not_found"}
    assert not ProcessingLogEntry.objects.filter(actor_id=w.outsider.pk).exists()


@pytest.mark.parametrize("persona", ["privacy", "beheer"])
def test_roles_without_case_data_get_404_on_case_objects(objects, api, persona):
    w, ids = objects
    client = api(getattr(w, persona))
    for method, url, body in _calls(w, ids):
        if "/processing-log" in url or "/organisations/" in url:
            continue  # the privacy officer reads the log; organisations are reference data
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 404, (persona, method, url, response.status_code)


def test_a_neighbouring_municipality_does_not_see_the_covenant(objects, api):
    w, ids = objects
    assert api(w.outsider).get(f"/api/v1/covenants/{ids['covenant']}").status_code == 404
    assert api(w.regisseur).get(f"/api/v1/covenants/{ids['covenant']}").status_code == 200


def test_a_partner_not_in_the_case_gets_404(objects, api):
    w, ids = objects
    w.case.participants.filter(organisation=w.orgs["school"]).delete()
    client = api(w.school)
    for url in (
        f"/api/v1/cases/{w.case.pk}",
        f"/api/v1/cases/{w.case.pk}/name-list",
        f"/api/v1/groups/{w.group.pk}",
    ):
        assert client.get(url).status_code == 404
