"""A letter as plain data, and the two files it becomes: PDF (WeasyPrint) and DOCX
(python-docx). Both are made from the same `Letter`, so the PDF and the Word file say the
same. The informatieplicht letter (documents.informing_letter) and the letter to parents
through schools (documents.school_letter) compose a `Letter`; this module only lays it out.

Letters are written to residents, in Dutch, whatever language the official's screen is in."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string

PDF = "pdf"
DOCX = "docx"
FORMATS = (PDF, DOCX)
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def dutch_date(day) -> str:
    """7 december 2026 (a letter's date is Dutch, whatever the UI language)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Block:
    """A part of the letter: an optional heading, paragraphs, then bullet points."""

    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Letter:
    sender: str  # "Gemeente Westerhaven"
    recipient: tuple[str, ...]  # name and address lines; empty for a letter to a group of readers
    place_date: str  # "Westerhaven, 7 december 2026"
    subject: str
    salutation: str
    blocks: tuple[Block, ...]
    closing: str
    signature: tuple[str, ...]
    footer: str = ""
    title: str = field(default="")  # the document's title (PDF metadata, DOCX core properties)

    def text(self) -> str:
        """The whole letter as plain text (tests and the privacy guard read it)."""
        lines = [self.sender, *self.recipient, self.place_date, self.subject, self.salutation]
        for block in self.blocks:
            lines += [block.heading, *block.paragraphs, *block.bullets]
        lines += [self.closing, *self.signature, self.footer]
        return "\n".join(line for line in lines if line)


def paragraphs(text: str) -> tuple[str, ...]:
    """A text as typed in a form: paragraphs separated by an empty line."""
    parts = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return tuple(" ".join(p.split()) for p in parts if p.strip())


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace {name} placeholders the template may use; unknown ones stay as typed."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")


STYLESHEET = Path(__file__).with_name("letter.css")


def pdf(letter: Letter) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading Pango costs time at start-up

    html = render_to_string("documents/letter.html", {"letter": letter})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = letter.title or letter.subject
    document.core_properties.author = letter.sender
    document.add_paragraph(letter.sender).runs[0].bold = True
    if letter.recipient:
        document.add_paragraph("\n".join(letter.recipient))
    document.add_paragraph(letter.place_date)
    subject = document.add_paragraph()
    subject.add_run(f"Onderwerp: {letter.subject}").bold = True
    document.add_paragraph(letter.salutation)
    for block in letter.blocks:
        if block.heading:
            document.add_heading(block.heading, level=2)
        for text in block.paragraphs:
            document.add_paragraph(text)
        for text in block.bullets:
            document.add_paragraph(text, style="List Bullet")
    document.add_paragraph(letter.closing)
    document.add_paragraph("\n".join(letter.signature))
    if letter.footer:
        document.sections[0].footer.paragraphs[0].text = letter.footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def file_response(content: bytes, filename: str, fmt: str):
    """A finished PDF or DOCX as a download that no cache keeps."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def render(letter: Letter, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown letter format {fmt!r}")
    return pdf(letter) if fmt == PDF else docx(letter)
