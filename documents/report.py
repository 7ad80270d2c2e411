"""A case document as plain data (`Report`: title, facts, sections with paragraphs, bullets
and tables) and the two files it becomes in the municipality's house style (`Layout`):
PDF (WeasyPrint, `report.css` plus the layout's colour and classification) and DOCX
(python-docx). The concept plan, the plan of approach, the advice, the progress report and
the evaluation report are composed as a `Report` by their owning app
(`cases.case_documents` lists them); this module only lays them out.

Every page carries the classification in its header and footer: "Vertrouwelijk — alleen
voor deelnemers aan de aanpak" unless the municipality's layout (documents.DocumentLayout,
kept by the beheerder) says otherwise."""

from __future__ import annotations

import base64
import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string

from .letters import CONTENT_TYPES, DOCX, FORMATS, PDF, dutch_date

__all__ = ["CONTENT_TYPES", "DOCX", "FORMATS", "PDF", "Layout", "Report", "Section", "Table", "dutch_date"]

CLASSIFICATION = "Vertrouwelijk — alleen voor deelnemers aan de aanpak"
COLOUR = "#1f4e79"  # a dark blue that reads well in print and on a phone


@dataclass(frozen=True)
class Layout:
    """The municipality's adaptable parts of every document."""

    municipality: str = ""
    classification: str = CLASSIFICATION
    colour: str = COLOUR  # "#rrggbb", checked where it is entered (DocumentLayout)
    logo: bytes = b""  # PNG or JPEG
    logo_type: str = ""  # "image/png", "image/jpeg"
    header_text: str = ""  # under the logo on the first page ("Gemeente X — Veiligheid")
    footer_text: str = ""  # in every footer ("Postbus 1, 1234 AB X — www.x.nl")

    @property
    def logo_data_uri(self) -> str:
        if not self.logo:
            return ""
        return f"data:{self.logo_type or 'image/png'};base64,{base64.b64encode(self.logo).decode()}"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    level: int = 2  # 2 a section, 3 a part of the section before it
    parts_follow: bool = False  # a heading over the level-3 sections after it: never "empty"

    @property
    def empty(self) -> bool:
        return not (self.parts_follow or self.paragraphs or self.bullets or self.tables)


@dataclass(frozen=True)
class Report:
    title: str  # "Plan van aanpak"
    subject: str  # the group's working name
    facts: tuple[tuple[str, str], ...] = ()  # (label, value): version, date, step, …
    sections: tuple[Section, ...] = ()
    note: str = ""  # what the reader must know first ("Geanonimiseerd: …", "Bevat persoonsgegevens …")
    empty_text: str = "Geen gegevens."  # a section without content says so
    file_name: str = field(default="document")  # without extension

    def text(self) -> str:
        """The whole document as plain text (tests and the privacy guard read it)."""
        lines = [self.title, self.subject, *(f"{k}: {v}" for k, v in self.facts), self.note]
        for s in self.sections:
            lines += [s.heading, *s.paragraphs, *s.bullets]
            for t in s.tables:
                lines += [t.caption, " | ".join(t.columns), *(" | ".join(r) for r in t.rows)]
        return "\n".join(line for line in lines if line)


def paragraphs_of(text: str) -> tuple[str, ...]:
    """A stored text as typed: paragraphs at empty lines, single line breaks kept as spaces."""
    parts = (text or "").replace("\r\n", "\n").split("\n\n")
    return tuple(" ".join(p.split()) for p in parts if p.strip())


def lines_of(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


STYLESHEET = Path(__file__).with_name("report.css")


def _css_string(value: str) -> str:
    """A text as a CSS string literal (for `content:` in the page margins)."""
    return '"' + " ".join(value.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_css(layout: Layout) -> str:
    """The layout's part of the stylesheet: colour and the classification in the margins."""
    classification = _css_string(layout.classification)
    bottom = classification + (' "\\A " ' + _css_string(layout.footer_text) if layout.footer_text else "")
    return (
        f"@page {{ @top-right {{ content: {classification}; }} "
        f"@bottom-left {{ content: {bottom}; }} }}\n"
        f"h1, h2, h3, .facts th {{ color: {layout.colour}; }}\n"
        f"table.data thead th {{ background: {layout.colour}; }}\n"
        f".title-block {{ border-bottom-color: {layout.colour}; }}\n"
    )


def html(report: Report, layout: Layout) -> str:
    return render_to_string("documents/report.html", {"report": report, "layout": layout})


def pdf(report: Report, layout: Layout) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading Pango costs time at start-up

    return HTML(string=html(report, layout)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET)), CSS(string=page_css(layout))]
    )


def _rgb(colour: str):
    from docx.shared import RGBColor

    try:
        return RGBColor.from_string(colour.lstrip("#").upper())
    except ValueError:
        return RGBColor.from_string(COLOUR.lstrip("#").upper())


def _page_number(paragraph) -> None:
    """'Pagina N van M' as Word fields, so Word counts the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_run(code: str):
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            elif text == code:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = code
            else:
                el = OxmlElement("w:t")
                el.text = text
            run._r.append(el)

    paragraph.add_run("Pagina ")
    field_run("PAGE")
    paragraph.add_run(" van ")
    field_run("NUMPAGES")


def _table(document, table: Table, colour) -> None:
    from docx.shared import Pt

    if table.caption:
        document.add_paragraph(table.caption).runs[0].italic = True
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, label in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        run.font.color.rgb = colour
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = value
    for row in grid.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(9)
    document.add_paragraph()


def docx(report: Report, layout: Layout) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    colour = _rgb(layout.colour)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = colour
        document.styles[name].font.name = "Arial"
    document.core_properties.title = f"{report.title} — {report.subject}"
    document.core_properties.author = layout.municipality
    document.core_properties.category = layout.classification
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(22)
    header = section.header.paragraphs[0]
    header.text = layout.classification
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.text = " — ".join(t for t in (layout.classification, layout.footer_text) if t)
    _page_number(section.footer.add_paragraph())
    for p in (header, *section.footer.paragraphs):
        for r in p.runs:
            r.font.size = Pt(8)
    if layout.logo:
        # A logo Word cannot read (checked as PNG/JPEG at upload) leaves the document without it.
        with contextlib.suppress(Exception):
            document.add_picture(io.BytesIO(layout.logo), height=Mm(16))
    if layout.header_text:
        document.add_paragraph(layout.header_text)
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subject).runs[0].bold = True
    if report.facts:
        grid = document.add_table(rows=0, cols=2)
        for label, value in report.facts:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = label, value
            cells[0].paragraphs[0].runs[0].bold = True
    if report.note:
        document.add_paragraph(report.note).runs[0].italic = True
    for s in report.sections:
        document.add_heading(s.heading, level=min(max(s.level - 1, 1), 3))
        for text in s.paragraphs:
            document.add_paragraph(text)
        for text in s.bullets:
            document.add_paragraph(text, style="List Bullet")
        for t in s.tables:
            _table(document, t, colour)
        if s.empty:
            document.add_paragraph(report.empty_text).runs[0].italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(report: Report, layout: Layout, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown document format {fmt!r}")
    return pdf(report, layout) if fmt == PDF else docx(report, layout)


def table(columns: Sequence[str], rows: Sequence[Sequence], caption: str = "") -> Table:
    return Table(tuple(str(c) for c in columns), tuple(tuple(str(v) for v in r) for r in rows), caption)
