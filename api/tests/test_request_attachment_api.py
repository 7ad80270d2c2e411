"""Attachments through the API (issue 15): a 400 with the Dutch message on the field
`attachment` for a type that is not allowed, a disguised or a too large file, nothing
saved; the download endpoint for whoever sees the case's group-level information, logged
per download, and 404 without a log row for everyone else."""

import pytest

from cases import services
from cases.models import RequestStatus
from privacy.models import ProcessingLogEntry
from tests import samples
from tests.factories import send_groepsscan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def info_request(story):
    services.set_membership_status(story.membership, status="agreed", actor=story.coordinator)
    return send_groepsscan(story, story.case, names=(), question="Groepsscan")


def _base(r):
    return f"/api/v1/cases/{r.case_id}/requests/{r.pk}"


def _answer(api, user, r, name, content):
    body = {"answer": "Zie rapport", "attachment": samples.upload(name, content)}
    return api(user).post(f"{_base(r)}/answer", body, format="multipart")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pagina.html", samples.HTML, "Dit soort bestand wordt niet aangenomen."),
        ("programma.exe", samples.EXE, "Dit soort bestand wordt niet aangenomen."),
        ("tekening.svg", samples.SVG, "Dit soort bestand wordt niet aangenomen."),
        ("rapport.pdf", samples.EXE, "De inhoud van het bestand is geen PDF, terwijl de naam dat wel zegt."),
    ],
)
def test_a_refused_file_is_a_400_on_the_field_and_nothing_is_saved(
    story, api, info_request, name, content, message
):
    response = _answer(api, story.teamchef, info_request, name, content)
    assert response.status_code == 400
    assert response.json()["errors"]["attachment"][0].startswith(message)
    info_request.refresh_from_db()
    assert info_request.status == RequestStatus.OPEN and not info_request.attachment


def test_a_too_large_file_is_a_400_on_the_field(story, api, info_request, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = _answer(api, story.teamchef, info_request, "rapport.pdf", samples.PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert response.json()["errors"]["attachment"] == ["De bijlage is te groot (maximaal 1 MB)."]


@pytest.fixture
def answered(story, api, info_request):
    response = _answer(api, story.teamchef, info_request, "foto.jpg", samples.jpeg())
    assert response.status_code == 200, response.content
    assert response.json()["has_attachment"] is True
    info_request.refresh_from_db()
    return info_request


def _downloads():
    return ProcessingLogEntry.objects.filter(operation="request_attachment.download")


@pytest.mark.parametrize(
    "persona", ["regisseur", "coordinator", "wijkagent", "jongerenwerker", "burgemeester"]
)
def test_who_sees_the_case_downloads_it_logged(story, api, answered, persona):
    user = getattr(story, persona)
    response = api(user).get(f"{_base(answered)}/attachment")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'attachment; filename="bijlage-verzoek-{answered.pk}.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"\xff\xd8\xff") and b"Camera van de wijkagent" not in response.content
    entry = _downloads().get()
    assert (entry.actor_id, entry.case_id, entry.data_subject) == (
        user.pk,
        answered.case_id,
        str(story.person.pseudonym),
    )


def test_asking_for_a_file_type_is_served(story, api, answered):
    response = api(story.regisseur).get(
        f"{_base(answered)}/attachment", HTTP_ACCEPT="application/octet-stream"
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("persona", ["privacy", "beheer", "outsider"])
def test_who_does_not_see_the_case_gets_404_without_a_log_row(story, api, answered, persona):
    response = api(getattr(story, persona)).get(f"{_base(answered)}/attachment")
    assert response.status_code == 404
    assert not _downloads().exists()


def test_no_attachment_is_404(story, api, info_request):
    assert api(story.regisseur).get(f"{_base(info_request)}/attachment").status_code == 404
    assert not _downloads().exists()
