"""The attachment of an information request (issue 15): the page takes only the allowed
types, checked by content, with the Dutch refusal on the page and nothing saved; the
download is for whoever may see the case's group-level information, with a log row per
download, and 404 — with no log row — for everyone else."""

import pytest

from cases import services
from cases.models import InformationRequest, RequestStatus
from privacy.models import ProcessingLogEntry
from tests import samples
from tests.factories import GroupFactory, send_groepsscan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def request_(world):
    """A groepsscan asked of the police in step 2; only the police takes part besides the
    gemeente, so youth work, school and the others are not participants."""
    group = GroupFactory(municipality=world.municipality)
    case = services.open_case(group, actor=world.regisseur, reason="signalen")
    services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="Convenant",
        necessity="Overlast",
        actor=world.regisseur,
    )
    services.advance_case(case, to_step=2, actor=world.regisseur, reason="informatie verzamelen")
    return send_groepsscan(world, case)


def _answer_url(r):
    return f"/casussen/{r.case_id}/verzoeken/{r.pk}/"


def _download_url(r):
    return f"/casussen/{r.case_id}/verzoeken/{r.pk}/bijlage/"


def _answer(client, r, name, content):
    return client.post(
        _answer_url(r), {"answer": "Zie het rapport", "attachment": samples.upload(name, content)}
    )


@pytest.mark.parametrize("name", list(samples.accepted()))
def test_the_police_answers_with_each_allowed_type(world, request_, verified_client, name):
    content, content_type = samples.accepted()[name]
    response = _answer(verified_client(world.teamchef), request_, name, content)
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == RequestStatus.ANSWERED
    assert request_.attachment_content_type == content_type
    stored = request_.attachment.name
    assert stored.startswith("requests/") and stored.endswith(
        "." + name.rsplit(".", 1)[1].lower().replace("jpeg", "jpg")
    )
    assert name.rsplit(".", 1)[0] not in stored  # the server chose the name


@pytest.mark.parametrize(
    ("name", "content"),
    [("pagina.html", samples.HTML), ("programma.exe", samples.EXE), ("tekening.svg", samples.SVG),
     ("rapport.pdf", samples.EXE)],
)  # fmt: skip
def test_other_types_are_refused_on_the_page_and_nothing_is_saved(
    world, request_, verified_client, name, content
):
    response = _answer(verified_client(world.teamchef), request_, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Dit soort bestand wordt niet aangenomen" in page or "De inhoud van het bestand is geen PDF" in page
    )
    request_.refresh_from_db()
    assert request_.status == RequestStatus.OPEN and not request_.attachment and request_.answer == ""


def test_a_too_large_file_is_refused_on_the_page(world, request_, verified_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = samples.PDF + b"0" * (1024 * 1024)
    response = _answer(verified_client(world.teamchef), request_, "rapport.pdf", big)
    assert response.status_code == 200
    assert "De bijlage is te groot (maximaal 1 MB)." in response.content.decode()
    request_.refresh_from_db()
    assert request_.status == RequestStatus.OPEN and not request_.attachment


@pytest.fixture
def answered(world, request_, verified_client):
    assert _answer(verified_client(world.teamchef), request_, "rapport.pdf", samples.PDF).status_code == 302
    request_.refresh_from_db()
    return request_


def _downloads():
    return ProcessingLogEntry.objects.filter(operation="request_attachment.download")


@pytest.mark.parametrize("persona", ["regisseur", "coordinator", "wijkagent", "burgemeester"])
def test_who_sees_the_case_downloads_the_attachment_and_it_is_logged(
    world, answered, verified_client, persona
):
    user = getattr(world, persona)
    response = verified_client(user).get(_download_url(answered))
    assert response.status_code == 200
    assert response.content == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="bijlage-verzoek-{answered.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    entry = _downloads().get()
    assert (entry.actor_id, entry.case_id, entry.action) == (user.pk, answered.case_id, "export")
    assert entry.data_subject == str(answered.case.memberships.get().person.pseudonym)


def test_each_download_is_a_log_row(world, answered, verified_client):
    client = verified_client(world.regisseur)
    client.get(_download_url(answered))
    client.get(_download_url(answered))
    assert _downloads().count() == 2


@pytest.mark.parametrize("persona", ["jongerenwerker", "school", "officier", "privacy", "beheer", "outsider"])
def test_who_does_not_see_the_case_gets_404_and_no_log_row(world, answered, verified_client, persona):
    response = verified_client(getattr(world, persona)).get(_download_url(answered))
    assert response.status_code == 404
    assert not _downloads().exists()


def test_anonymous_is_sent_to_login(client, answered):
    client.logout()  # the fixture answered as the police on this client
    response = client.get(_download_url(answered))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    assert not _downloads().exists()


def test_a_request_without_attachment_is_404(world, request_, verified_client):
    assert verified_client(world.regisseur).get(_download_url(request_)).status_code == 404
    assert not _downloads().exists()


def test_a_request_of_another_case_is_404(world, answered, verified_client):
    other = services.open_case(
        GroupFactory(municipality=world.municipality), actor=world.regisseur, reason="x"
    )
    url = f"/casussen/{other.pk}/verzoeken/{answered.pk}/bijlage/"
    assert verified_client(world.regisseur).get(url).status_code == 404


def test_the_requests_page_links_the_download(world, answered, verified_client):
    page = verified_client(world.regisseur).get(f"/casussen/{answered.case_id}/verzoeken/").content.decode()
    assert _download_url(answered) in page
    assert InformationRequest.objects.get(pk=answered.pk).attachment_content_type == "application/pdf"
