"""The register of processing operations and the two log helpers (read and write)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from privacy import log, operations
from privacy.categories import Category
from privacy.models import ProcessingLogEntry
from privacy.operations import OPERATIONS, Operation
from privacy.reference import ACTIVITIES

REGISTER_ACTIVITIES = {code for code, *_rest in ACTIVITIES}


def test_every_operation_has_an_action_an_activity_of_the_register_and_a_label():
    for code, op in OPERATIONS.items():
        assert op.code == code
        assert set(op.actions) <= log.ACTIONS, code
        assert set(op.activities) <= REGISTER_ACTIVITIES, code
        with translation.override("nl"):
            assert str(op.label).strip() and str(op.label) != code, code


def test_every_label_has_an_english_translation():
    """Needs the compiled catalogue (make messages / manage.py compilemessages)."""
    untranslated = []
    for op in OPERATIONS.values():
        with translation.override("nl"):
            dutch = str(op.label)
        with translation.override("en"):
            if str(op.label) == dutch:
                untranslated.append(op.code)
    assert not untranslated


def test_label_of_an_unknown_historic_code_is_the_code():
    assert operations.label("name_list.read") == "Namenlijst ingezien"
    assert operations.label("oude.operatie") == "oude.operatie"
    with translation.override("en"):
        assert operations.label("name_list.read") == "Name list viewed"


def test_an_operation_with_an_unknown_action_or_activity_is_refused():
    with pytest.raises(ValueError):
        Operation("x.read", "look", "groepsaanpak", "X")
    with pytest.raises(ValueError):
        Operation("x.read", "read", "ergens", "X")


def test_registered_adds_an_operation_for_a_block_only():
    with operations.registered(Operation("t.print", "print", "verantwoording", "Test")):
        assert operations.get("t.print").action == "print"
    assert "t.print" not in OPERATIONS
    with (
        pytest.raises(ValueError),
        operations.registered(Operation("person.read", "read", "groepsaanpak", "X")),
    ):
        pass
    assert OPERATIONS["person.read"].label != "X"


def test_the_register_in_the_documentation_is_the_register_in_the_code():
    doc = (Path(settings.BASE_DIR) / "docs" / "privacy.md").read_text(encoding="utf-8")
    assert operations.markdown_table() in doc, "docs/privacy.md: paste operations.markdown_table()"


@pytest.mark.django_db
class TestRecordRefusesWhatIsNotRegistered:
    def test_unknown_code(self):
        with pytest.raises(ValueError, match="unknown processing operation"):
            log.record(actor=None, action="read", operation="t.read", activity="groepsaanpak", subjects=["a"])
        with pytest.raises(ValueError):
            log.read(None, "t.read", ["a"])
        with pytest.raises(ValueError):
            log.write(None, "t.export", ["a"])
        assert not ProcessingLogEntry.objects.exists()

    def test_action_or_activity_the_operation_is_not_registered_for(self):
        with pytest.raises(ValueError, match="registered as read"):
            log.record(
                actor=None, action="export", operation="person.read", activity="groepsaanpak", subjects=["a"]
            )
        with pytest.raises(ValueError):
            log.record(
                actor=None, action="read", operation="person.read", activity="verantwoording", subjects=["a"]
            )
        assert not ProcessingLogEntry.objects.exists()

    def test_read_helper_takes_reads_and_write_helper_takes_writes(self):
        with pytest.raises(ValueError, match="use log.write"):
            log.read(None, "name_list.add", ["a"])
        with pytest.raises(ValueError, match="use log.read"):
            log.write(None, "name_list.read", ["a"])
        with pytest.raises(ValueError):
            log.write(None, "name_list.add", ["a"], action="read")
        assert not ProcessingLogEntry.objects.exists()

    def test_categories_must_be_named_where_they_follow_the_data(self):
        with pytest.raises(ValueError, match="pass categories"):
            log.read(None, "matrix.read", ["a"])
        assert log.read(None, "matrix.read", ["a"], categories=[Category.CRIMINAL]) == 1


@pytest.mark.django_db
def test_write_appends_one_row_per_subject_with_the_registered_action_and_activity(world):
    assert log.write(world.regisseur, "member.family", ["a", "b", "a"]) == 2
    rows = list(ProcessingLogEntry.objects.order_by("sequence"))
    assert [r.data_subject for r in rows] == ["a", "b"]
    assert {(r.operation, r.action, r.activity, r.categories) for r in rows} == {
        ("member.family", "create", "groepsaanpak", "personal")
    }
    assert rows[0].actor_username == "regisseur" and rows[0].purpose and rows[0].legal_basis
    assert log.verify_chain().ok


@pytest.mark.django_db
def test_write_with_a_second_registered_action_and_the_same_row_as_record(world):
    token = log.start_trace(in_request=True)
    try:
        log.write(world.zorg, "circular.answer", ["a"], action="update")
        log.write(world.zorg, "circular.answer", ["a"], action="update")  # same request: once
        log.record(
            actor=world.zorg,
            action="create",
            operation="circular.answer",
            activity="informatie-uitwisseling",
            subjects=["b"],
            categories=["personal"],
        )
    finally:
        log.end_trace(token)
    a, b = ProcessingLogEntry.objects.order_by("sequence")
    assert (a.action, b.action) == ("update", "create")
    fields = ("operation", "activity", "categories", "purpose", "legal_basis", "actor_username", "trace_id")
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]


@pytest.mark.django_db
def test_reads_in_a_request_are_gathered_once_per_subject(world):
    token = log.start_trace(in_request=True)
    try:
        assert (
            log.read(world.wijkagent, "name_list.read", ["a", "b"], activity="informatie-uitwisseling") == 2
        )
        assert log.read(world.wijkagent, "member.read", ["a"], categories=[Category.CRIMINAL]) == 0
        assert not ProcessingLogEntry.objects.exists()
        assert log.flush_reads() == 2
    finally:
        log.end_trace(token)
    a = ProcessingLogEntry.objects.get(data_subject="a")
    assert (a.operation, a.action, a.activity, a.categories) == (
        "name_list.read",
        "read",
        "informatie-uitwisseling",
        "criminal,personal",
    )
