"""Informatieplicht (issue 17): the letter per youth and per parent, recording when, by whom
and how each was informed, the postponement with its reason and review date, who has not
been informed yet, the municipality's wording, and the group-level letter through schools.
Each persona gets one outcome; a letter is logged as an export with the youth it names."""

import io
from datetime import timedelta

import docx
import pytest
from django.utils import timezone

from accounts.models import OrganisationKind
from cases import informing, services
from cases.models import InformingRecipient, LetterTemplate
from privacy.models import GuardConfirmation, ProcessingLogEntry
from tests.factories import GroupFactory, case_in_step_2

pytestmark = pytest.mark.django_db

K = OrganisationKind


@pytest.fixture
def case(world):
    group = GroupFactory(municipality=world.municipality, name="De Jonkies")
    return case_in_step_2(world, group, partners=(K.POLITIE, K.JONGERENWERK))


@pytest.fixture
def member(world, case):
    return services.add_to_name_list(
        case, actor=world.coordinator, full_name="Sem Jansen", address="Lindelaan 4, 1234 AB Teststad"
    )


def _url(case, tail=""):
    return f"/casussen/{case.pk}/informatieplicht/{tail}"


def _log(operation):
    return list(ProcessingLogEntry.objects.filter(operation=operation))


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("regisseur", 200), ("coordinator", 200), ("wijkagent", 200), ("jongerenwerker", 200),
        ("officier", 404),  # the OM does not take part
        ("zorg", 404),  # care does not take part
        ("burgemeester", 404),  # a beslisser sees anonymised documents only
        ("privacy", 404), ("beheer", 404), ("outsider", 404),
    ],
)  # fmt: skip
def test_the_page_is_for_the_named_participants_only(world, case, member, verified_client, persona, status):
    response = verified_client(getattr(world, persona)).get(_url(case))
    assert response.status_code == status
    if status == 200:
        assert "Sem Jansen" in response.content.decode()


def test_a_professional_of_a_taking_part_organisation_who_is_not_named_gets_404(
    world, member, verified_client
):
    group = GroupFactory(municipality=world.municipality)
    unnamed = case_in_step_2(world, group, partners=(K.POLITIE,), name_staff=False)
    services.add_to_name_list(unnamed, actor=world.coordinator, full_name="Tim de Wit")
    assert verified_client(world.wijkagent).get(_url(unnamed)).status_code == 404
    assert (
        verified_client(world.wijkagent).get(_url(unnamed, "brief/?voor=youth-1&formaat=pdf")).status_code
        == 404
    )


def test_reading_the_page_is_logged_per_youth(world, case, member, verified_client):
    verified_client(world.coordinator).get(_url(case))
    rows = _log("informing.read")
    assert [(r.actor_username, r.data_subject) for r in rows] == [
        ("coordinator", str(member.person.pseudonym))
    ]


# --- recording --------------------------------------------------------------------------------------


def test_recording_a_parent_and_that_both_were_informed(world, case, member, verified_client):
    client = verified_client(world.jongerenwerker)
    response = client.post(
        _url(case, "ouder/"),
        {"parent-membership": member.pk, "parent-name": "Fatima Jansen", "parent-address": ""},
    )
    assert response.status_code == 302
    parent = InformingRecipient.objects.get(audience="parent")
    assert (parent.name, parent.membership, parent.created_by) == (
        "Fatima Jansen",
        member,
        world.jongerenwerker,
    )
    today = timezone.localdate()
    for key in (f"youth-{member.pk}", f"parent-{parent.pk}"):
        prefix = f"inf-{key}"
        response = client.post(
            _url(case, "geinformeerd/"),
            {"key": key, f"{prefix}-key": key, f"{prefix}-on": today, f"{prefix}-how": "handed"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    youth = InformingRecipient.objects.get(audience="youth")
    assert (youth.informed_on, youth.informed_by, youth.informed_how) == (
        today,
        world.jongerenwerker,
        "handed",
    )
    assert informing.outstanding_count(case) == 0
    assert len(_log("informing.record")) == 2
    assert _log("informing.recipient")[0].data_subject == str(member.person.pseudonym)


def test_a_date_in_the_future_is_refused_on_the_page_and_nothing_is_saved(
    world, case, member, verified_client
):
    key = f"youth-{member.pk}"
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = verified_client(world.coordinator).post(
        _url(case, "geinformeerd/"),
        {"key": key, f"inf-{key}-key": key, f"inf-{key}-on": tomorrow, f"inf-{key}-how": "post"},
    )
    assert response.status_code == 400
    assert "De datum kan niet in de toekomst liggen." in response.content.decode()
    assert not InformingRecipient.objects.exists()


def test_postponing_needs_a_reason_and_a_review_date_and_shows_again_when_due(
    world, case, member, verified_client
):
    key = f"youth-{member.pk}"
    client = verified_client(world.wijkagent)
    review = timezone.localdate() + timedelta(days=30)
    missing = client.post(
        _url(case, "uitstel/"),
        {"key": key, f"pp-{key}-key": key, f"pp-{key}-reason": "", f"pp-{key}-review_on": review},
    )
    assert missing.status_code == 400
    assert not InformingRecipient.objects.exists()
    response = client.post(
        _url(case, "uitstel/"),
        {
            "key": key,
            f"pp-{key}-key": key,
            f"pp-{key}-reason": "Lopend opsporingsonderzoek (OM)",
            f"pp-{key}-review_on": review,
        },
    )
    assert response.status_code == 302
    assert informing.outstanding_count(case) == 0  # postponed with a reason: not outstanding
    InformingRecipient.objects.update(review_on=timezone.localdate())  # the review date has come
    assert informing.outstanding_count(case) == 1
    assert (
        "uitstel herbeoordelen"
        in verified_client(world.coordinator).get(f"/casussen/{case.pk}/").content.decode()
    )
    assert _log("informing.postpone")[0].actor_username == "wijkagent"


def test_the_case_page_names_who_is_not_informed_yet_only_to_the_named(world, case, member, verified_client):
    html = verified_client(world.coordinator).get(f"/casussen/{case.pk}/").content.decode()
    assert "Nog niet geïnformeerd:" in html and "Sem Jansen" in html
    html = verified_client(world.burgemeester).get(f"/casussen/{case.pk}/").content.decode()
    assert "Nog te informeren: 1 persoon." in html and "Sem Jansen" not in html


def test_a_closed_case_takes_no_more_records(world, case, member):
    services.advance_case(case, to_step=None, actor=world.regisseur, reason="gerichte actie volstaat")
    case.refresh_from_db()
    with pytest.raises(informing.WorkflowError):
        informing.record_informed(
            case, f"youth-{member.pk}", actor=world.regisseur, on=timezone.localdate(), how="post"
        )


def test_a_key_of_another_case_is_not_found(world, case, member, verified_client):
    other = case_in_step_2(world, GroupFactory(municipality=world.municipality), partners=())
    stranger = services.add_to_name_list(other, actor=world.coordinator, full_name="Kees Vreemd")
    response = verified_client(world.coordinator).get(
        _url(case, f"brief/?voor=youth-{stranger.pk}&formaat=pdf")
    )
    assert response.status_code == 404
    assert not _log("informing.letter")


# --- the letters ------------------------------------------------------------------------------------


def test_the_letter_as_pdf_and_docx_is_logged_as_an_export_with_the_youth(
    world, case, member, verified_client
):
    client = verified_client(world.coordinator)
    pdf = client.get(_url(case, f"brief/?voor=youth-{member.pk}&formaat=pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    word = client.get(_url(case, f"brief/?voor=youth-{member.pk}&formaat=docx"))
    assert word.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Beste Sem Jansen," in text
    assert "Politie Teststad" in text and "Jongerenwerk Teststad" in text  # the case's organisations
    assert "gegevens van politie en justitie" in text  # the police may receive criminal data
    assert "Lindelaan 4" in text
    rows = _log("informing.letter")
    assert {(r.action, r.data_subject, r.case_id) for r in rows} == {
        ("export", str(member.person.pseudonym), case.pk)
    }
    assert len(rows) == 2  # one per file produced
    assert client.get(_url(case, f"brief/?voor=youth-{member.pk}&formaat=odt")).status_code == 404


def test_the_parent_letter_uses_the_municipalitys_own_words(world, case, member, verified_client):
    informing.save_template(
        world.municipality, "parent", actor=world.regisseur,
        why="Wij maken ons zorgen over {jongere}.", approach="Wij helpen.", contact="Bel 14 020.",
    )  # fmt: skip
    parent = informing.add_parent(
        case, actor=world.coordinator, membership_pk=member.pk, name="Fatima Jansen", address=""
    )
    word = verified_client(world.coordinator).get(_url(case, f"brief/?voor=parent-{parent.pk}&formaat=docx"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Wij maken ons zorgen over Sem Jansen." in text and "Bel 14 020." in text
    assert "Beste Fatima Jansen," in text


def test_only_the_procesregisseur_edits_the_wording_and_the_guard_checks_it(world, verified_client):
    assert (
        verified_client(world.coordinator).get("/casussen/informatieplicht/brief/youth/").status_code == 404
    )
    assert verified_client(world.regisseur).get("/casussen/informatieplicht/brief/nobody/").status_code == 404
    client = verified_client(world.regisseur)
    page = client.get("/casussen/informatieplicht/brief/youth/")
    assert page.status_code == 200 and "Wij denken dat jij bij deze groep hoort." in page.content.decode()
    refused = client.post(
        "/casussen/informatieplicht/brief/youth/",
        {"why": "Jan de Vries woont op Kerkstraat 12.", "approach": "Hulp.", "contact": "Bel 14 020."},
    )
    assert refused.status_code == 400
    assert not LetterTemplate.objects.exists()
    saved = client.post(
        "/casussen/informatieplicht/brief/youth/",
        {"why": "Wij maken ons zorgen.", "approach": "Hulp.", "contact": "Bel 14 020."},
    )
    assert saved.status_code == 302
    assert LetterTemplate.objects.get().why == "Wij maken ons zorgen."


def test_the_school_letter_passes_the_guard_and_logs_nothing(world, case, member, verified_client):
    client = verified_client(world.regisseur)
    data = {
        "school": "", "area": "het Parkplein", "situation": "Er is onrust op het plein.",
        "approach": "Extra toezicht en jongerenwerk.", "parents_can": "Praat met uw kind.",
        "contact": "Bel de gemeente.", "format": "pdf",
    }  # fmt: skip
    before = ProcessingLogEntry.objects.count()
    refused = client.post(
        f"/casussen/{case.pk}/brief-ouders-scholen/",
        {**data, "situation": "Sem Jansen (06-12345678) doet mee."},
    )
    assert refused.status_code == 400
    assert "persoonsgegevens" in refused.content.decode()
    response = client.post(f"/casussen/{case.pk}/brief-ouders-scholen/", data)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert ProcessingLogEntry.objects.count() == before
    assert (
        verified_client(world.wijkagent).get(f"/casussen/{case.pk}/brief-ouders-scholen/").status_code == 404
    )


def test_a_confirmed_false_alarm_in_the_school_letter_is_kept_for_the_privacy_officer(world, case):
    content, _name = informing.school_letter_file(
        case, actor=world.regisseur, fmt="docx", school="Basisschool De Regenboog", area="Parkwijk",
        situation="Onrust.", approach="Toezicht.", parents_can="Praten.", contact="Gemeente.",
        confirmed=[("name", "De Regenboog"), ("name", "Regenboog"), ("name", "Basisschool De Regenboog")],
    )  # fmt: skip
    assert content[:2] == b"PK"
    assert all(c.subject == f"cases.case:{case.pk}" for c in GuardConfirmation.objects.all())
