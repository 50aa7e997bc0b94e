"""Upload checks of document files: the content decides the type, not the name."""

import contextlib
import os
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from icnet.core.images import (
    ALLOWED_IMAGE_FORMATS,
    check_image_dimensions,
    decoded_format,
    validate_file_size,
)


@dataclass(frozen=True)
class FileType:
    """A format the documents library accepts, as recognised from a file's content."""

    label: str
    content_type: str
    extension: str


PDF = FileType("PDF", "application/pdf", ".pdf")
ODT = FileType("ODT", "application/vnd.oasis.opendocument.text", ".odt")
ODS = FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods")
DOCX = FileType(
    "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)
XLSX = FileType(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
JPEG = FileType("JPEG", "image/jpeg", ".jpg")
PNG = FileType("PNG", "image/png", ".png")
GIF = FileType("GIF", "image/gif", ".gif")
WEBP = FileType("WebP", "image/webp", ".webp")

DOCUMENT_TYPES = {t.content_type: t for t in (PDF, ODT, ODS, DOCX, XLSX, JPEG, PNG, GIF, WEBP)}
ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
IMAGE_TYPES = {"JPEG": JPEG, "PNG": PNG, "GIF": GIF, "WEBP": WEBP}

# Windows (MZ), Linux (ELF), scripts (#!) and macOS (Mach-O, thin and universal) programs.
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
PDF_STARTXREF = re.compile(rb"startxref\s+(\d+)")

# Active content: what makes a PDF do something by itself when opened or clicked. Each name
# (as a reader sees it, once #xx escapes are decoded) with the words that describe it.
# /OpenAction alone only says which page to show first (every generated PDF has one): it is
# refused when it runs JavaScript, which the /JS or /JavaScript name gives away.
PDF_ACTIVE_NAMES = {
    b"JS": _("scripts"),
    b"JavaScript": _("scripts"),
    b"AA": _("actions that run by themselves"),
    b"Launch": _("commands that open other programs"),
    b"EmbeddedFile": _("attached files"),
    b"EmbeddedFiles": _("attached files"),
    b"GoToE": _("attached files"),
    b"RichMedia": _("embedded multimedia"),
    b"XFA": _("dynamic forms (XFA)"),
}
# A name runs from "/" to the next white-space or delimiter character.
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_WHITESPACE = b"\x00\t\n\x0c\r "
# Names that only work as dictionary keys, and how their values begin (or a comment).
PDF_KEY_ONLY_NAMES = {b"JS", b"AA"}
PDF_VALUE_STARTS = set(b"(<%0123456789")
# Filters that would let an object stream's text pass for another.
PDF_TEXT_FILTERS = {
    b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85", b"LZWDecode", b"LZW",
    b"RunLengthDecode", b"RL", b"Crypt",
}  # fmt: skip
PDF_STREAM = re.compile(rb"\bstream(?:\r\n|\n|\r)")
# An object stream begins with pairs of numbers: each object's number and offset.
PDF_OBJECT_STREAM_START = re.compile(rb"[\t\n\x0c\r ]*\d+[\t\n\x0c\r ]+\d+")
# Object streams are inflated to look inside them, at most this much for a whole file.
PDF_INFLATED_LIMIT = 32 * 1024 * 1024
# A zip may unpack to at most this many times the upload limit: a guard against zip bombs.
UNPACKED_RATIO = 10

ACCEPTED_FORMATS = _(
    "Upload a PDF, an OpenDocument text or spreadsheet (ODT, ODS), a Word or Excel file "
    "(DOCX, XLSX), or a JPEG, PNG, GIF or WebP picture."
)

MACROS = _(
    "This document contains macros, which are not accepted. Save it without macros (as DOCX, "
    "XLSX, ODT or ODS) and upload it again."
)


def _refuse(message, code: str, **params):
    raise ValidationError(message, code=code, params=params or None)


def _read_at(upload, offset: int, length: int) -> bytes:
    upload.seek(offset)
    return upload.read(length) or b""


def _file_size(upload) -> int:
    upload.seek(0, os.SEEK_END)
    return upload.tell()


def _check_pdf(upload, size: int) -> FileType:
    """A complete PDF: header, at least one object, a startxref inside the file and %%EOF."""
    tail = _read_at(upload, max(0, size - 2048), 2048)
    head = _read_at(upload, 0, 65536)
    problem = None
    if b"%%EOF" not in tail:
        problem = _("its end is missing, so it was probably cut off while copying or downloading")
    elif not (match := list(PDF_STARTXREF.finditer(tail))):
        problem = _("it has no cross-reference table")
    elif int(match[-1].group(1)) >= size:
        problem = _("its cross-reference table points outside the file")
    elif not PDF_OBJECT.search(head):
        problem = _("it contains no content")
    if problem:
        _refuse(
            _(
                "This PDF is damaged or incomplete: %(problem)s. Save or export it again and "
                "upload the new file."
            ),
            "damaged_pdf",
            problem=problem,
        )
    _check_pdf_content(_read_at(upload, 0, size))
    return PDF


def _decoded(name: bytes) -> bytes:
    return PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), name)


def _pdf_names(data: bytes) -> tuple[set[bytes], list[int]]:
    """The active-content and text-filter names in this PDF text, decoded as a reader
    decodes them (/J#61vaScript is /JavaScript), and where each /ObjStm name ends.

    The whole file is searched, strings and binary streams included, so no layout trick
    hides a name. In compressed binary data "/JS" or "/AA" turn up by chance about once in
    130 MB; as they only work as keys, they count only when followed by what can be their
    value (a string, a dictionary, a reference), which makes a chance match rarer still.
    """
    found, object_streams = set(), []
    for match in PDF_NAME.finditer(data):
        name = _decoded(match[1])
        if name == b"ObjStm":
            object_streams.append(match.end())
        elif name in PDF_ACTIVE_NAMES:
            if name in PDF_KEY_ONLY_NAMES:
                value = data[match.end() : match.end() + 256].lstrip(PDF_WHITESPACE)[:1]
                if not value or value[0] not in PDF_VALUE_STARTS:
                    continue
            found.add(name)
        elif name in PDF_TEXT_FILTERS:
            found.add(name)
    return found, object_streams


def _object_streams(data: bytes, positions: list[int]):
    """The contents of the PDF's object streams, where a PDF 1.5 or later keeps most of its
    dictionaries compressed.

    A reader knows an object stream by the name /ObjStm in its dictionary, so every place
    that name appears leads to the stream that follows it. Its content must be compressed
    with Flate alone, as every PDF writer does, and must begin as an object stream does,
    with numbers. Raises ValueError for anything else: content stored plainly or with
    another filter (which could dress it as something else), predictors, encryption,
    damage, or more than PDF_INFLATED_LIMIT inflated in all.
    """
    budget = PDF_INFLATED_LIMIT
    view = memoryview(data)
    for position in positions:
        stream = PDF_STREAM.search(data, position)
        if stream is None:
            raise ValueError("an object stream without content")
        body = view[stream.end() :]
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(body, budget + 1)
        except zlib.error as error:
            raise ValueError("an object stream this check cannot decode") from error
        budget -= len(inflated)
        if budget < 0:
            raise ValueError("object streams too large to check")
        if not inflater.eof or not PDF_OBJECT_STREAM_START.match(inflated):
            raise ValueError("an object stream this check cannot decode")
        yield inflated


def _check_pdf_content(data: bytes) -> None:
    """Refuse a PDF with active content (scripts, launch actions, attached files, ...), or
    one whose compressed dictionaries cannot be read to make sure it has none."""
    names, positions = _pdf_names(data)
    try:
        if positions and names & PDF_TEXT_FILTERS:
            raise ValueError("object streams and filters that could hide their text")
        for inflated in _object_streams(data, positions):
            names |= _pdf_names(inflated)[0]
    except ValueError as error:
        raise ValidationError(
            _(
                "This PDF cannot be checked for active content, because part of it is "
                "encrypted or compressed in a way the site does not read. Save or print it "
                "again as a plain PDF and upload the new file."
            ),
            code="uninspectable_pdf",
        ) from error
    found = []
    for name, words in PDF_ACTIVE_NAMES.items():
        if name in names and words not in found:
            found.append(words)
    if found:
        _refuse(
            _(
                "This PDF contains active content (%(content)s), which is not accepted. Save "
                "or print it again as a plain PDF, without scripts or attachments, and upload "
                "the new file."
            ),
            "active_pdf",
            # Lazy, so the message is in the language of whoever reads it.
            content=format_lazy(", ".join(["{}"] * len(found)), *found),
        )


def _check_zip(upload, size: int) -> FileType:
    """An OpenDocument or Office Open XML file that opens and whose every part is intact."""
    damaged = _(
        "This file looks like an office document but is damaged or cannot be read. Save it "
        "again and upload the new file."
    )
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = [entry.filename for entry in entries]
            unpacked = sum(entry.file_size for entry in entries)
            if unpacked > max(size, settings.MAX_UPLOAD_SIZE) * UNPACKED_RATIO:
                _refuse(damaged, "damaged_archive")
            if archive.testzip() is not None:
                _refuse(damaged, "damaged_archive")
            lowered = [name.lower() for name in names]
            if any(name.endswith("vbaproject.bin") for name in lowered) or any(
                name.startswith(("basic/", "scripts/")) for name in lowered
            ):
                _refuse(
                    MACROS,
                    "macros",
                )
            if names and names[0] == "mimetype":
                mimetype = archive.read("mimetype").strip().decode("ascii", "replace")
                if mimetype in ODF_TYPES:
                    return ODF_TYPES[mimetype]
            if "[Content_Types].xml" in names:
                if b"macroenabled" in archive.read("[Content_Types].xml").lower():
                    _refuse(
                        MACROS,
                        "macros",
                    )
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as error:
        raise ValidationError(damaged, code="damaged_archive") from error
    except (RuntimeError, NotImplementedError, ValueError, KeyError) as error:
        # Encrypted members, unknown compression methods, inconsistent directories.
        raise ValidationError(damaged, code="damaged_archive") from error
    _refuse(
        _("This archive is not an accepted document. %(formats)s"),
        "unsupported_archive",
        formats=ACCEPTED_FORMATS,
    )


def _check_image(upload) -> FileType:
    """A complete JPEG, PNG, GIF or WebP picture of an acceptable size (Pillow opens,
    verifies and decodes it)."""
    formats = sorted(ALLOWED_IMAGE_FORMATS)
    check_image_dimensions(upload, formats)
    try:
        kind = decoded_format(upload, formats)
    except Exception as error:
        raise ValidationError(
            _("This picture is damaged or incomplete. Save it again and upload the new file."),
            code="damaged_image",
        ) from error
    return IMAGE_TYPES[kind]


def detect_document_type(upload) -> FileType:
    """Recognise an upload's format from its content, or refuse it with a readable reason.

    The result is remembered on the file object, so the form, the model's full_clean() and
    save() can all ask without reading the file again.
    """
    cached = getattr(upload, "_icnet_file_type", None)
    if cached is not None:
        return cached
    validate_file_size(upload)
    try:
        size = _file_size(upload)
        head = _read_at(upload, 0, 4096)
        if not head:
            _refuse(_("This file is empty."), "empty_file")
        if head.startswith(EXECUTABLE_SIGNATURES):
            _refuse(
                _("This file is a program or a script, not a document: it cannot be uploaded."),
                "executable",
            )
        # Anything whose first visible character is "<" is markup: HTML, XML or SVG.
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").lower()
        if text.startswith(b"<") and b"<svg" in text:
            _refuse(
                _(
                    "SVG pictures are not accepted, because they can contain scripts. Upload "
                    "a PDF, or a PNG or JPEG picture."
                ),
                "svg",
            )
        if text.startswith(b"<"):
            _refuse(
                _(
                    "This file is a web page or other markup (HTML, XML), not a document. "
                    "Save it as PDF and upload that."
                ),
                "html",
            )
        if head.startswith(b"%PDF-"):
            file_type = _check_pdf(upload, size)
        elif head.startswith(b"PK\x03\x04"):
            file_type = _check_zip(upload, size)
        elif head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
            file_type = _check_image(upload)
        else:
            _refuse(
                _("This file's format is not accepted. %(formats)s"),
                "unsupported_format",
                formats=ACCEPTED_FORMATS,
            )
    finally:
        upload.seek(0)
    with contextlib.suppress(AttributeError):  # objects that refuse new attributes
        upload._icnet_file_type = file_type
    return file_type


def validate_document(upload) -> None:
    """Field validator for document files: a new upload must be an accepted, intact format.

    Files already in storage were checked when they arrived (DocumentFile.save does it), so
    editing other fields never re-reads them.
    """
    if isinstance(upload, FieldFile):
        if upload._committed:
            return
        upload = upload.file
    detect_document_type(upload)
