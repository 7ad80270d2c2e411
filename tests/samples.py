"""Small but real files of every attachment type, made here (no binary fixtures), and the
ones that must be refused."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CSV = b"groep;aantal\nMetrostation Noord;12\n"


def _zip(parts: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if stored_first:
            archive.writestr(stored_first, parts[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            if name != stored_first:
                archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def docx() -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})


def xlsx() -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})


def odt() -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
        },
        stored_first="mimetype",
    )


def plain_zip() -> bytes:
    return _zip({"notes.txt": b"hallo"})


def _exif_with_gps():
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Camera van de wijkagent"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0)}  # GPS IFD
    return exif


def png(*, with_text: bool = True) -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if with_text:
        info.add_text("Author", "Kees Voorbeeld")
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(out, format="PNG", pnginfo=info, exif=_exif_with_gps())
    return out.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), "blue").save(out, format="JPEG", exif=_exif_with_gps())
    return out.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def accepted() -> dict[str, tuple[bytes, str]]:
    """file name -> (content, the content type the server must record)."""
    return {
        "rapport.pdf": (PDF, "application/pdf"),
        "verslag.docx": (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "telling.xlsx": (xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "telling.csv": (CSV, "text/csv"),
        "verslag.odt": (odt(), "application/vnd.oasis.opendocument.text"),
        "kaart.png": (png(), "image/png"),
        "foto.jpg": (jpeg(), "image/jpeg"),
        "foto.JPEG": (jpeg(), "image/jpeg"),
    }


def refused() -> dict[str, bytes]:
    """file name -> content that must be refused (type by name, or content not the type the name claims)."""
    return {
        "pagina.html": HTML,
        "programma.exe": EXE,
        "tekening.svg": SVG,
        "rapport.pdf.exe": EXE,
        "rapport.pdf": EXE,  # an executable renamed to .pdf
        "telling.csv": EXE,  # an executable renamed to .csv
        "pagina.csv": HTML,  # markup named .csv
        "foto.jpg": PDF,  # a PDF named .jpg
        "verslag.docx": plain_zip(),  # a zip that is not a Word document
        "telling.xlsx": docx(),  # a Word document named .xlsx
        "verslag.odt": docx(),
        "tekening.png": SVG,
        "zonder-extensie": PDF,
        "leeg.pdf": b"",
    }


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
