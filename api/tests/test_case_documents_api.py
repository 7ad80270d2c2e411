"""The documents of a case through the API: the list of what the caller may produce, one
document as PDF or Word, 404 outside visibility, 409 (code `gate`) before the step has it —
the same use case as the download buttons (cases.case_documents)."""

import io

import docx
import pytest

from plans.tests.conftest import step5_case, with_plan
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world):
    case = step5_case(world)
    with_plan(world, case)
    return case


def _url(case, kind=""):
    return f"/api/v1/cases/{case.pk}/documents/{kind}"


def test_the_list_names_each_document_and_whether_the_step_has_it(world, api, planned):
    response = api(world.wijkagent).get(_url(planned))
    assert response.status_code == 200, response.content
    rows = {row["kind"]: row for row in response.json()["results"]}
    assert list(rows) == ["concept-plan", "advice", "plan", "progress-report", "evaluation"]
    assert rows["plan"]["available"] is True and rows["plan"]["reason"] == ""
    assert rows["plan"]["url"] == _url(planned, "plan") and rows["plan"]["formats"] == ["pdf", "docx"]
    assert rows["evaluation"]["available"] is False and "stap 7" in rows["evaluation"]["reason"]
    assert rows["advice"]["anonymous"] is True and rows["plan"]["anonymous"] is False


def test_a_document_as_pdf_and_as_word_and_the_export_is_logged(world, api, planned):
    client = api(world.regisseur)
    pdf = client.get(_url(planned, "plan"), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    word = client.get(_url(planned, "plan"), {"format": "docx"})
    assert word.status_code == 200
    assert word["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Plan van aanpak" in text
    member = planned.memberships.order_by("pk").first()
    rows = ProcessingLogEntry.objects.filter(operation="document.plan", action="export")
    assert set(rows.values_list("data_subject", flat=True)) == {str(member.person.pseudonym)}


def test_409_before_the_step_has_the_document(world, api, planned):
    response = api(world.regisseur).get(_url(planned, "progress-report"), {"format": "pdf"})
    assert response.status_code == 409
    assert response.json()["code"] == "gate" and response["Content-Type"].startswith("application/json")


def test_404_outside_visibility_and_for_an_unknown_or_unregistered_kind(world, api, planned):
    assert api(world.outsider).get(_url(planned)).status_code == 404
    assert api(world.outsider).get(_url(planned, "plan")).status_code == 404
    assert api(world.school).get(_url(planned, "plan")).status_code == 404  # not taking part
    assert api(world.regisseur).get(_url(planned, "brochure")).status_code == 404
    # The crisis briefing is another piece of work: until it registers, it is not there.
    assert api(world.regisseur).get(_url(planned, "crisis-briefing")).status_code == 404
    assert not ProcessingLogEntry.objects.filter(operation__startswith="document.").exists()
