"""Attachments are taken by their content, not by their name: every allowed type passes,
markup, programs and disguised files are refused with a Dutch message, and photos lose
their metadata. Without a database: groepsaanpak.uploads decides from the bytes alone."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from groepsaanpak import uploads
from tests import samples


@pytest.mark.parametrize(("name", "expected"), list(samples.accepted().items()), ids=list(samples.accepted()))
def test_each_allowed_type_is_accepted_with_the_type_found_in_its_content(name, expected):
    content, content_type = expected
    checked = uploads.check(samples.upload(name, content, "text/html"))  # the client's type decides nothing
    assert checked.content_type == content_type


@pytest.mark.parametrize(("name", "content"), list(samples.refused().items()), ids=list(samples.refused()))
def test_other_types_and_disguised_files_are_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        uploads.check(samples.upload(name, content, "application/pdf"))
    message = refused.value.messages[0]
    assert message.startswith(("Dit soort bestand", "De inhoud van het bestand", "Het bestand is leeg"))


def test_the_refusal_names_the_allowed_types():
    with pytest.raises(ValidationError) as refused:
        uploads.check(samples.upload("pagina.html", samples.HTML))
    assert refused.value.messages == [
        "Dit soort bestand wordt niet aangenomen. Toegestaan zijn: PDF, DOCX, XLSX, CSV, ODT, PNG, JPEG."
    ]


def test_a_file_over_the_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = samples.PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        uploads.check(samples.upload("rapport.pdf", big))
    assert refused.value.messages == ["De bijlage is te groot (maximaal 1 MB)."]


def test_a_file_at_the_limit_is_accepted(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    exact = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9 - 6) + b"%%EOF\n"
    assert len(exact) == 1024 * 1024
    assert uploads.check(samples.upload("rapport.pdf", exact)).extension == "pdf"


def test_a_size_that_lies_is_still_caught(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    upload = samples.upload("rapport.pdf", samples.PDF + b"0" * 2048)
    upload.size = 10  # what a client may claim; the bytes read decide
    with pytest.raises(ValidationError):
        uploads.check(upload)


@pytest.mark.parametrize(("name", "make"), [("foto.jpg", samples.jpeg), ("kaart.png", samples.png)])
def test_photos_lose_their_metadata(name, make):
    original = make()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif()  # the sample really carries EXIF (camera, GPS)
    stored = uploads.check(samples.upload(name, original)).content
    with Image.open(io.BytesIO(stored)) as after:
        assert not after.getexif()
        assert "Author" not in after.info and "exif" not in after.info
        assert after.size == (8, 6)
    assert b"Kees Voorbeeld" not in stored and b"Camera van de wijkagent" not in stored


def test_documents_are_stored_byte_for_byte():
    content = samples.docx()
    assert uploads.check(samples.upload("verslag.docx", content)).content == content


def test_the_storage_name_is_chosen_by_the_server():
    checked = uploads.check(samples.upload("Kees Voorbeeld <script>.pdf", samples.PDF))
    name = uploads.storage_name("requests", checked)
    assert name.startswith("requests/") and name.endswith(".pdf")
    assert "Kees" not in name and "script" not in name
    assert uploads.storage_name("requests", checked) != name


def test_a_document_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_UNPACKED", 1000)
    content = samples._zip(
        {"[Content_Types].xml": samples.CONTENT_TYPES, "word/document.xml": b"<w:document/>" + b" " * 2000}
    )
    assert len(content) < 1000  # small on the wire, large unpacked
    with pytest.raises(ValidationError):
        uploads.check(samples.upload("verslag.docx", content))


def test_a_document_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_PARTS", 3)
    parts = {"[Content_Types].xml": samples.CONTENT_TYPES, "word/document.xml": b"<w:document/>"}
    parts |= {f"word/media/{i}.xml": b"x" for i in range(3)}
    with pytest.raises(ValidationError):
        uploads.check(samples.upload("verslag.docx", samples._zip(parts)))
