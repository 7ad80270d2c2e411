"""The documents of a case (cases.case_documents), from the page and the service: content,
the classification, the export in the processing log with the persons named, the privacy
guard before an anonymous document, 404 for an outsider and 409 before the step has one."""

import io
from datetime import timedelta

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from analysis import services as analysis_services
from analysis.anonymise import for_case
from analysis.tests.conftest import build_case, ready_for_step_4
from cases import case_documents
from cases.case_documents import DocumentRefused
from closing import services as closing
from closing.models import EvaluationContribution
from closing.tests.test_closing_service import make_actions, to_step7
from documents import report as doc
from documents.models import DocumentLayout
from monitoring import exports as monitoring_exports
from monitoring import services as monitoring
from plans.tests.conftest import step5_case, with_plan
from privacy import guard
from privacy.access import AccessDenied
from privacy.models import ProcessingLogEntry

TODAY = timezone.localdate


def _docx(content: bytes):
    document = docx.Document(io.BytesIO(content))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return document, body + "\n" + cells


def _exports(operation):
    return list(
        ProcessingLogEntry.objects.filter(operation=operation).values_list(
            "data_subject", "action", "actor_id"
        )
    )


@pytest.fixture
def planned(world):
    """Step 5: concept plan, sent advice, plan of approach version 1."""
    case = step5_case(world)
    with_plan(world, case)
    return case


def _first_member(case):
    return case.memberships.order_by("pk").first()


def test_the_listing_says_which_documents_the_step_has(world, planned):
    listed = {k.code: reason for k, reason in case_documents.listing(world.regisseur, planned)}
    assert listed["concept-plan"] == "" and listed["advice"] == "" and listed["plan"] == ""
    assert "voortgangsrapportage" in listed["progress-report"]
    assert "evaluatie" in listed["evaluation"]
    assert "crisis-briefing" not in listed  # registered by the crisis-mode work, not here
    assert case_documents.listing(world.outsider, planned) == []
    assert case_documents.listing(world.school, planned) == []  # not taking part


def test_the_plan_names_the_member_for_who_may_receive_personal_data_and_logs_the_export(world, planned):
    member = _first_member(planned)
    content, name = case_documents.produce(planned, "plan", actor=world.regisseur, fmt="docx")
    document, text = _docx(content)
    assert name == f"plan-van-aanpak-v1-casus-{planned.pk}.docx"
    assert "Plan van aanpak" in text and "1 (van kracht)" in text
    assert "Stopgesprek door de wijkagent." in text and "Sporthal De Kade" in text
    assert member.person.full_name in text
    assert "Overlastmeldingen per week" in text  # the SMART results table
    assert document.sections[0].header.paragraphs[0].text == doc.CLASSIFICATION
    assert doc.CLASSIFICATION in document.sections[0].footer.paragraphs[0].text
    assert _exports("document.plan") == [(str(member.person.pseudonym), "export", world.regisseur.pk)]


def test_the_plan_withholds_the_member_from_who_may_not_receive_personal_data(world, planned):
    member = _first_member(planned)
    _document, text = _docx(case_documents.produce(planned, "plan", actor=world.burgemeester, fmt="docx")[0])
    assert member.person.full_name not in text
    assert "afgeschermd" in text
    assert _exports("document.plan") == []  # it names nobody: nothing to log


def test_the_municipality_layout_is_used(world, planned):
    DocumentLayout.objects.create(
        municipality=world.municipality, classification="Intern — niet verspreiden", footer_text="Postbus 12"
    )
    document, text = _docx(
        case_documents.produce(planned, "concept-plan", actor=world.regisseur, fmt="docx")[0]
    )
    assert document.sections[0].header.paragraphs[0].text == "Intern — niet verspreiden"
    assert document.sections[0].footer.paragraphs[0].text == "Intern — niet verspreiden — Postbus 12"
    assert "Concept plan van aanpak" in text


def test_the_concept_plan_pdf_and_its_person_line(world, planned):
    content, name = case_documents.produce(planned, "concept-plan", actor=world.regisseur, fmt="pdf")
    assert content.startswith(b"%PDF") and name.endswith(".pdf")
    ryan = _first_member(planned)
    assert {s for s, *_ in _exports("document.concept_plan")} == {str(ryan.person.pseudonym)}
    _document, text = _docx(
        case_documents.produce(planned, "concept-plan", actor=world.burgemeester, fmt="docx")[0]
    )
    assert "Ryan Meijer" not in text and "Afgeschermd" in text
    assert "Groepsgesprekken door het jongerenwerk." in text


def test_the_advice_is_anonymous_and_logged_for_the_youths_its_labels_stand_for(world, planned):
    advice = planned.advices.first()
    _document, text = _docx(case_documents.produce(planned, "advice", actor=world.regisseur, fmt="docx")[0])
    assert "Beleidsadvies" in text and "Karakterisering van de groep" in text
    assert "Ryan Meijer" not in text and "Jongere A" in text
    labels = for_case(planned).labels
    expected = {str(m.person.pseudonym) for m in planned.memberships.all() if labels[m.pk] in advice.body}
    assert expected and {s for s, *_ in _exports("document.advice")} == expected


def test_the_guard_stops_an_advice_with_a_name_left_in_it(world):
    case = ready_for_step_4(world, build_case(world))
    draft = analysis_services.generate_advice(case, actor=world.regisseur)
    analysis_services.edit_advice(draft, actor=world.regisseur, body=draft.body + "\nRyan Meijer doet mee.\n")
    with pytest.raises(DocumentRefused) as refused:
        case_documents.produce(case, "advice", actor=world.regisseur, fmt="pdf")
    assert refused.value.code == "gate" and "Ryan Meijer" in str(refused.value)
    assert _exports("document.advice") == []


def test_the_step_without_the_document_is_409_and_an_outsider_404(world, planned, verified_client):
    with pytest.raises(DocumentRefused) as refused:
        case_documents.produce(planned, "evaluation", actor=world.regisseur, fmt="pdf")
    assert refused.value.code == "gate"
    with pytest.raises(AccessDenied):
        case_documents.produce(planned, "plan", actor=world.outsider, fmt="pdf")
    url = reverse("cases:document", args=[planned.pk, "progress-report"])
    response = verified_client(world.regisseur).get(url)
    assert response.status_code == 409 and "Er is nog geen voortgangsrapportage" in response.content.decode()
    assert verified_client(world.outsider).get(url).status_code == 404
    plan = reverse("cases:document", args=[planned.pk, "plan"])
    assert verified_client(world.school).get(plan).status_code == 404  # not taking part
    assert verified_client(world.regisseur).get(plan + "?formaat=odt").status_code == 404
    response = verified_client(world.coordinator).get(plan + "?formaat=docx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"


def test_the_download_buttons_are_on_the_plan_page(world, planned, verified_client):
    page = verified_client(world.regisseur).get(reverse("plans:plan", args=[planned.pk])).content.decode()
    assert reverse("cases:document", args=[planned.pk, "plan"]) + "?formaat=pdf" in page
    assert reverse("cases:document", args=[planned.pk, "plan"]) + "?formaat=docx" in page


@pytest.fixture
def reported(world, planned):
    make_actions(world, planned)
    from cases import services as case_services

    case = case_services.advance_case(planned, to_step=6, actor=world.regisseur, reason="plan vastgesteld")
    monitoring.generate_progress_report(
        case, actor=world.coordinator, period_from=TODAY() - timedelta(days=30), period_to=TODAY()
    )
    return case


def test_the_progress_report_is_group_level_and_guarded(world, reported, monkeypatch):
    _document, text = _docx(
        case_documents.produce(reported, "progress-report", actor=world.wijkagent, fmt="docx")[0]
    )
    assert "Voortgangsrapportage" in text and "Acties" in text and "Periode" in text
    assert "geen persoonsgegevens" in text
    assert _exports("document.progress_report") == []  # names nobody
    # What people wrote in it is checked again before it is produced:
    monkeypatch.setattr(
        monitoring_exports, "written_findings", lambda body: [guard.Finding(0, 4, "name", "Ryan")]
    )
    with pytest.raises(DocumentRefused) as refused:
        case_documents.produce(reported, "progress-report", actor=world.wijkagent, fmt="pdf")
    assert "'Ryan'" in str(refused.value)


def test_the_evaluation_report_passes_the_guard_before_it_is_produced(world, planned):
    make_actions(world, planned)
    case = to_step7(world, planned)
    evaluation = closing.open_evaluation(case, actor=world.regisseur)
    contribution = closing.save_contribution(
        evaluation, actor=world.wijkagent, texts={"rollen": "Rollen waren helder."}
    )
    _document, text = _docx(
        case_documents.produce(case, "evaluation", actor=world.jongerenwerker, fmt="docx")[0]
    )
    assert "Evaluatierapport groepsaanpak" in text and "Rollen waren helder." in text
    assert "Dit rapport bevat geen persoonsgegevens." in text
    # A name that got into a contribution (past an older guard) stops the document.
    EvaluationContribution.objects.filter(pk=contribution.pk).update(
        texts={"rollen": "Ryan Meijer hielp mee."}
    )
    with pytest.raises(DocumentRefused) as refused:
        case_documents.produce(case, "evaluation", actor=world.jongerenwerker, fmt="pdf")
    assert "Ryan Meijer" in str(refused.value)
