"""Uploaded attachments: which files we take, checked by their content, and how they are
named, stored and served back.

Only the types the work needs (PDF, DOCX, XLSX, CSV, ODT, PNG, JPEG). The name the user
gave decides nothing but which type the file claims to be: the content must be that type
(magic bytes; for DOCX, XLSX and ODT, which are zip containers, the part that makes the
container that document), or the file is refused with a Dutch message. A small checker
for exactly these types rather than a general sniffing library: those confuse the zip
containers (a DOCX read as a plain zip, a zip read as a DOCX), which is the distinction
that matters here. Images are decoded and written again by Pillow, which drops their
metadata (EXIF with GPS position and camera, text chunks, ICC profiles, thumbnails).

The server chooses the stored name (`storage_name`); the name offered on download is
chosen by the caller from its own facts (`download_response`), never the uploader's.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text")
CSV = FileType("csv", "text/csv")
PNG = FileType("png", "image/png")
JPEG = FileType("jpg", "image/jpeg")

# The extension a file is named with -> the type its content must be.
BY_EXTENSION = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "csv": CSV,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
}
ALLOWED_LABEL = "PDF, DOCX, XLSX, CSV, ODT, PNG, JPEG"
ACCEPT = ",".join(f".{ext}" for ext in BY_EXTENSION)  # the file input's `accept`: a hint only


@dataclass(frozen=True)
class Checked:
    """An upload that passed: its type and the bytes to store (images re-encoded)."""

    type: FileType
    content: bytes

    @property
    def content_type(self) -> str:
        return self.type.content_type

    @property
    def extension(self) -> str:
        return self.type.extension


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def check(upload) -> Checked:
    """The upload (a Django UploadedFile or anything with name, size and read()) as a
    `Checked`, or ValidationError with the Dutch reason. Reads the whole file (at most
    ATTACHMENT_MAX_BYTES)."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_too_large(limit), code="too_large")
    name = str(getattr(upload, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = BY_EXTENSION.get(extension)
    if expected is None:
        raise ValidationError(
            _("Dit soort bestand wordt niet aangenomen. Toegestaan zijn: %(types)s.")
            % {"types": ALLOWED_LABEL},
            code="type",
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(_too_large(limit), code="too_large")
    if not content:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    if not _MATCHES[expected](content):
        raise ValidationError(
            _("De inhoud van het bestand is geen %(type)s, terwijl de naam dat wel zegt.")
            % {"type": expected.extension.upper()},
            code="content",
        )
    if expected in (PNG, JPEG):
        content = _without_metadata(content, expected)
    return Checked(expected, content)


def _too_large(limit: int) -> str:
    return _("De bijlage is te groot (maximaal %(mb)s MB).") % {"mb": limit // (1024 * 1024)}


# --- the content checks, one per type -----------------------------------------------------------


def _is_pdf(content: bytes) -> bool:
    return content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]


# A document container is refused before anything is unpacked when its directory promises
# more than this (a zip bomb): nothing here unpacks more than the `mimetype` part, but the
# reader's office program will unpack all of it.
ZIP_MAX_PARTS = 5000
ZIP_MAX_UNPACKED = 200 * 1024 * 1024


def _zip_names(content: bytes) -> zipfile.ZipFile | None:
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    parts = archive.infolist()
    if len(parts) > ZIP_MAX_PARTS or sum(p.file_size for p in parts) > ZIP_MAX_UNPACKED:
        return None
    return archive


def _office(part: str):
    def matches(content: bytes) -> bool:
        archive = _zip_names(content)
        if archive is None:
            return False
        names = set(archive.namelist())
        return "[Content_Types].xml" in names and part in names

    return matches


def _is_odt(content: bytes) -> bool:
    archive = _zip_names(content)
    if archive is None:
        return False
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return False
    # The OpenDocument container starts with an uncompressed `mimetype` part naming the type.
    return info.file_size < 100 and archive.read(info).strip() == ODT.content_type.encode()


def _is_csv(content: bytes) -> bool:
    """Text, UTF-8 (with or without BOM) or Windows-1252 as spreadsheets save it; no
    control characters other than tab and line ends; not markup."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            return False
        return not text.lstrip().startswith("<")
    return False


def _image(kind: str):
    def matches(content: bytes) -> bool:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(content)) as image:
                if image.format != kind:
                    return False
                image.verify()
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return False
        return True

    return matches


_MATCHES = {
    PDF: _is_pdf,
    DOCX: _office("word/document.xml"),
    XLSX: _office("xl/workbook.xml"),
    ODT: _is_odt,
    CSV: _is_csv,
    PNG: _image("PNG"),
    JPEG: _image("JPEG"),
}


def _without_metadata(content: bytes, kind: FileType) -> bytes:
    """The image decoded and written again: pixels only, turned upright as the EXIF
    orientation said (the orientation itself goes with the rest of the metadata)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(content)) as image:
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if kind is JPEG:
            if upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            upright.save(out, format="JPEG", quality=90)
        else:
            upright.save(out, format="PNG")
    return out.getvalue()


# --- storing and serving --------------------------------------------------------------------


def storage_name(folder: str, checked: Checked) -> str:
    """A name chosen by the server: `<folder>/<year>/<random>.<ext>`; nothing of the
    uploader's file name (which may name a person) is kept."""
    return f"{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}.{checked.extension}"


def download_response(fieldfile, *, filename: str, content_type: str) -> HttpResponse:
    """The stored file as a download: always `attachment` (never shown inline), the type
    recorded at upload, no sniffing, not cached by shared caches. `filename` is made safe
    here (ASCII letters, digits, dot, dash, underscore)."""
    safe = get_valid_filename(filename).encode("ascii", "ignore").decode() or "bijlage"
    with fieldfile.open("rb") as f:
        body = f.read()
    response = HttpResponse(body, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
