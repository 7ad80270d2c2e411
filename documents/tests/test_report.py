"""The shared layout of case documents without the database: the classification in the
header and footer of every page (PDF and Word), the municipality's colour, logo and fixed
texts, and tables that stay inside the page."""

import io

import docx
import pytest
from PIL import Image

from documents import report as doc


def _report(sections=3):
    return doc.Report(
        title="Plan van aanpak",
        subject="Jongeren Testwijk",
        facts=(("Versie", "3 (van kracht)"), ("Vastgesteld op", "7 december 2026")),
        note="Dit document bevat geen namen van jongeren.",
        sections=tuple(
            doc.Section(
                f"Deel {i}",
                paragraphs=("Een lange alinea over de aanpak van de groep. " * 20,),
                bullets=("eerste punt", "tweede punt"),
                tables=(doc.table(["Partner", "Maatregel"], [("Politie", "Toezicht " * 30)] * 6),),
            )
            for i in range(sections)
        )
        + (doc.Section("Leeg deel"),),
        file_name="plan-van-aanpak-v3-casus-1",
    )


def _pages(report, layout):
    """The text of every laid-out page, the margin boxes included (WeasyPrint's box tree)."""
    from weasyprint import CSS, HTML

    rendered = HTML(string=doc.html(report, layout)).render(
        stylesheets=[CSS(filename=str(doc.STYLESHEET)), CSS(string=doc.page_css(layout))]
    )

    def texts(box):
        return [b.text for b in box.descendants() if getattr(b, "text", None)]

    return [texts(page._page_box) for page in rendered.pages]


def _png(colour=(200, 0, 0)):
    out = io.BytesIO()
    Image.new("RGB", (60, 20), colour).save(out, format="PNG")
    return out.getvalue()


def test_every_pdf_page_carries_the_classification_in_header_and_footer():
    pages = _pages(_report(), doc.Layout(municipality="Teststad"))
    assert len(pages) > 1
    for texts in pages:
        assert texts.count(doc.CLASSIFICATION) == 2  # top right and bottom left
        assert any(t.startswith("Pagina ") for t in texts)
    assert "Gemeente Teststad" in pages[0] and "Plan van aanpak" in pages[0]


def test_the_municipality_layout_sets_classification_footer_and_colour():
    layout = doc.Layout(
        municipality="Teststad",
        classification='Intern "dienstgeheim"',
        colour="#aa3300",
        footer_text="Postbus 1",
    )
    pages = _pages(_report(1), layout)
    assert pages[0].count('Intern "dienstgeheim"') == 2
    assert "Postbus 1" in pages[0]
    css = doc.page_css(layout)
    assert "#aa3300" in css and '"Intern \\"dienstgeheim\\""' in css  # quotes escaped in CSS


def test_the_pdf_is_a_pdf_and_a_logo_goes_in_as_an_image():
    layout = doc.Layout(municipality="Teststad", logo=_png(), logo_type="image/png")
    assert 'src="data:image/png;base64,' in doc.html(_report(1), layout)
    assert doc.render(_report(1), layout, doc.PDF).startswith(b"%PDF")


def test_tables_stay_inside_the_page_width():
    html = doc.html(_report(1), doc.Layout())
    assert 'class="data"' in html
    css = doc.STYLESHEET.read_text()
    assert "table-layout: fixed" in css and "overflow-wrap: break-word" in css


def test_the_docx_carries_classification_title_sections_tables_and_logo():
    layout = doc.Layout(
        municipality="Teststad", classification="Vertrouwelijk", footer_text="Postbus 1", logo=_png(),
        logo_type="image/png",
    )  # fmt: skip
    document = docx.Document(io.BytesIO(doc.render(_report(2), layout, doc.DOCX)))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Vertrouwelijk"
    assert section.footer.paragraphs[0].text == "Vertrouwelijk — Postbus 1"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Plan van aanpak" in body and "Deel 1" in body and "tweede punt" in body
    assert "Geen gegevens." in body  # the empty section says so
    assert len(document.tables) == 1 + 2  # the facts, one table per section
    assert document.tables[1].rows[0].cells[0].text == "Partner"
    assert len(document.inline_shapes) == 1  # the logo
    assert document.core_properties.category == "Vertrouwelijk"


def test_report_text_and_unknown_format():
    text = _report(1).text()
    assert "Versie: 3 (van kracht)" in text and "Politie | Toezicht" in text
    with pytest.raises(ValueError):
        doc.render(_report(1), doc.Layout(), "odt")


def test_paragraphs_of_a_typed_text():
    assert doc.paragraphs_of("een\ntwee\n\n\ndrie ") == ("een twee", "drie")
    assert doc.paragraphs_of("") == ()
