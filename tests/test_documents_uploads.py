"""Document files: recognised by content, refused with a reason, stored under safe names;
the one-file-per-language and one-original rules."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from PIL import Image

from cities.models import City
from documents.models import Document, DocumentFile
from documents.pdf import build_pdf
from documents.validators import detect_document_type, validate_document
from icnet.core.images import validate_image
from tests.factories import CityFactory, DocumentFactory, DocumentFileFactory, pdf_text

ODT_MIME = "application/vnd.oasis.opendocument.text"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in their English source text."""
    with translation.override("en"):
        yield


def pdf_bytes(text: str = "Carta della rete") -> bytes:
    return build_pdf([("title", text), ("paragraph", "Le città della rete. " * 40)], title=text)


def odf_bytes(mimetype: str = ODT_MIME) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as ODF wants
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            "<office:text><text:p>Carta della rete</text:p></office:text></office:body>"
            "</office:document-content>",
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
    return buffer.getvalue()


def ooxml_bytes(main: str = "word/document.xml", content_types: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            content_types
            or '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" '
            'ContentType="application/xml"/></Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(main, '<?xml version="1.0"?><document>' + "testo " * 200 + "</document>")
    return buffer.getvalue()


def image_bytes(kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(content: bytes, name: str = "documento.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        detect_document_type(upload(name, content))
    return caught.value


# Accepted formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "label", "content_type", "extension"),
    [
        ("carta.pdf", pdf_bytes(), "PDF", "application/pdf", ".pdf"),
        ("carta.odt", odf_bytes(ODT_MIME), "ODT", ODT_MIME, ".odt"),
        ("bilancio.ods", odf_bytes(ODS_MIME), "ODS", ODS_MIME, ".ods"),
        ("carta.docx", ooxml_bytes("word/document.xml"), "DOCX", DOCX_MIME, ".docx"),
        ("bilancio.xlsx", ooxml_bytes("xl/workbook.xml"), "XLSX", XLSX_MIME, ".xlsx"),
        ("locandina.png", image_bytes("PNG"), "PNG", "image/png", ".png"),
        ("locandina.jpg", image_bytes("JPEG"), "JPEG", "image/jpeg", ".jpg"),
    ],
)
def test_genuine_files_are_recognised_by_content(name, content, label, content_type, extension):
    detected = detect_document_type(upload(name, content))
    assert (detected.label, detected.content_type, detected.extension) == (
        label,
        content_type,
        extension,
    )


def test_the_name_does_not_decide_the_type():
    # A genuine PDF uploaded with a Word name is still a PDF.
    assert detect_document_type(upload("charter.docx", pdf_bytes())).label == "PDF"


def test_generated_pdf_is_well_formed():
    data = pdf_bytes("Città")
    assert data.startswith(b"%PDF-1.4\n")
    assert data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n", data).group(1))
    assert data[startxref:].startswith(b"xref\n")
    # Every cross-reference entry points at the start of its object.
    entries = re.findall(rb"(\d{10}) 00000 n \n", data[startxref:])
    for number, entry in enumerate(entries, start=1):
        assert data[int(entry) :].startswith(b"%d 0 obj" % number)
    # Accents are written in WinAnsiEncoding: "Città" -> Citt\xe0.
    assert b"(Citt\xe0)" in pdf_text(data)
    # The same blocks give the same bytes.
    assert pdf_bytes("Città") == data


def test_generated_pdf_prints_typographic_characters_and_replaces_the_rest():
    # Curly quotes, en dash (\u2013), euro and ellipsis print; "≥" and "Ł" become "?".
    data = build_pdf([("paragraph", "“Città” \u2013 10 € … ≥ Łódź")])
    assert b"(\x93Citt\xe0\x94 \x96 10 \x80 \x85 ? ?\xf3dz)" in pdf_text(data)


# Refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "executable", "program"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200, "executable", "program"),
        (b"#!/bin/sh\nrm -rf /\n", "executable", "script"),
        (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 200, "executable", "program"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script>", "html", "web page"),
        (b"\xef\xbb\xbf  <html><p>Carta</p></html>", "html", "web page"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "svg",
            "SVG",
        ),
        (b"Just some plain text, not a document.\n", "unsupported_format", "format"),
        (b"", "empty_file", "empty"),
    ],
)
def test_hostile_or_unknown_content_named_pdf_is_refused_with_its_reason(content, code, words):
    error = refusal(content)
    assert error.code == code
    assert words in error.messages[0]


def test_truncated_pdf_is_refused():
    data = pdf_bytes()
    error = refusal(data[: len(data) // 2])
    assert error.code == "damaged_pdf"
    assert "incomplete" in error.messages[0]


def test_pdf_without_cross_reference_is_refused():
    error = refusal(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    assert error.code == "damaged_pdf"
    assert "cross-reference" in error.messages[0]


def test_pdf_without_objects_is_refused():
    error = refusal(b"%PDF-1.4\n" + b"x" * 50 + b"\nstartxref\n9\n%%EOF\n")
    assert error.code == "damaged_pdf"


def test_zip_that_is_not_an_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("setup.exe", b"MZ")
    error = refusal(buffer.getvalue(), "carta.docx")
    assert error.code == "unsupported_archive"


def test_corrupt_docx_is_refused():
    data = bytearray(ooxml_bytes())
    # Damage the compressed body of the main part: the archive opens, its CRC fails.
    start = data.index(b"word/document.xml") + len("word/document.xml")
    for i in range(start + 10, start + 40):
        data[i] ^= 0xFF
    error = refusal(bytes(data), "carta.docx")
    assert error.code == "damaged_archive"


def test_office_file_with_macros_is_refused():
    content_types = (
        '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    error = refusal(ooxml_bytes(content_types=content_types), "carta.docx")
    assert error.code == "macros"


def test_odf_with_another_mimetype_is_refused():
    error = refusal(odf_bytes("application/vnd.oasis.opendocument.presentation"), "x.odp")
    assert error.code == "unsupported_archive"


def test_file_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    error = refusal(pdf_bytes() + b" " * 2048)
    assert error.code == "file_too_large"
    assert "at most 1.0\xa0KB" in error.messages[0]


def test_svg_is_refused_as_a_city_photo():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    with pytest.raises(ValidationError) as caught:
        validate_image(upload("foto.svg", svg))
    assert caught.value.code == "invalid_image"


def test_text_file_named_jpg_is_refused_as_a_city_photo():
    with pytest.raises(ValidationError) as caught:
        validate_image(upload("foto.jpg", b"not a picture at all"))
    assert caught.value.code == "invalid_image"


def test_genuine_png_is_accepted_as_a_city_photo():
    validate_image(upload("foto.png", image_bytes("PNG")))  # no exception


@pytest.mark.django_db
def test_city_full_clean_refuses_an_svg_photo():
    city = CityFactory.build(slug="svg-city")
    city.photo = upload("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    with pytest.raises(ValidationError) as caught:
        city.full_clean()
    assert "photo" in caught.value.message_dict
    assert not City.objects.filter(slug="svg-city").exists()


# The model: validation in full_clean() and in save() ---------------------------------------


@pytest.mark.django_db
def test_full_clean_refuses_an_executable_renamed_pdf():
    document = DocumentFactory()
    file = DocumentFile(document=document, language="it", original=True)
    file.file = upload("carta.pdf", b"MZ" + b"\x00" * 100)
    with pytest.raises(ValidationError) as caught:
        file.full_clean()
    assert "program" in caught.value.message_dict["file"][0]


@pytest.mark.django_db
def test_save_refuses_a_hostile_file_and_stores_nothing(settings):
    document = DocumentFactory()
    file = DocumentFile(document=document, language="it", original=True)
    file.file = upload("carta.pdf", b"\x7fELF" + b"\x00" * 100)
    with pytest.raises(ValidationError), transaction.atomic():
        file.save()
    assert DocumentFile.objects.count() == 0
    assert not list((settings.MEDIA_ROOT / "documents").glob("*"))


@pytest.mark.django_db
def test_direct_file_save_refuses_a_hostile_file_before_storing(settings):
    document = DocumentFactory()
    file = DocumentFile(document=document, language="it", original=True)
    with pytest.raises(ValidationError), transaction.atomic():
        file.file.save("carta.pdf", ContentFile(b"<html><script>x</script></html>"))
    assert DocumentFile.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "documents").exists()


@pytest.mark.django_db
def test_saved_file_gets_a_random_name_with_the_detected_extension_and_its_type():
    document = DocumentFactory(slug="carta-della-rete")
    data = pdf_bytes()
    file = DocumentFile(document=document, language="it", original=True)
    file.file = upload("Carta della Rete (firmata).docx", data)
    file.save()
    file.refresh_from_db()
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", file.file.name)
    assert file.content_type == "application/pdf"
    assert file.size == len(data)
    assert file.filename == "Carta della Rete (firmata).docx"
    assert file.download_name() == "carta-della-rete-firmata-it.pdf"


@pytest.mark.django_db
def test_download_name_falls_back_to_the_slug_and_keeps_accents_only_when_asked():
    file = DocumentFileFactory(document__slug="guida", filename="")
    file.filename = ""
    assert file.download_name() == "guida-it.pdf"
    file.filename = "Città interculturali.pdf"
    assert file.download_name() == "citta-interculturali-it.pdf"
    assert file.download_name(ascii_only=False) == "città-interculturali-it.pdf"


@pytest.mark.django_db
def test_save_checks_a_file_named_directly_in_storage(settings):
    document = DocumentFactory()
    folder = settings.MEDIA_ROOT / "documents"
    folder.mkdir(parents=True)
    (folder / "planted.pdf").write_bytes(b"MZ" + b"\x00" * 50)
    file = DocumentFile(
        document=document, language="it", original=True, file="documents/planted.pdf"
    )
    with pytest.raises(ValidationError), transaction.atomic():
        file.save()
    assert DocumentFile.objects.count() == 0


@pytest.mark.django_db
def test_editing_other_fields_does_not_recheck_the_stored_file():
    file = DocumentFileFactory(filename="a.pdf")
    file.filename = "b.pdf"
    file.full_clean()
    file.save()
    file.refresh_from_db()
    assert file.filename == "b.pdf"


@pytest.mark.django_db
def test_form_validator_accepts_a_genuine_upload_once_and_caches_the_type():
    content = upload("carta.pdf", pdf_bytes())
    validate_document(content)
    assert content._icnet_file_type.label == "PDF"


# The rules on a document's files -------------------------------------------------------


@pytest.mark.django_db
def test_two_files_in_the_same_language_break_a_database_constraint():
    first = DocumentFileFactory(language="it", original=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFileFactory(document=first.document, language="it", original=False)


@pytest.mark.django_db
def test_two_originals_break_a_database_constraint():
    first = DocumentFileFactory(language="it", original=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFileFactory(document=first.document, language="en", original=True)


@pytest.mark.django_db
def test_full_clean_explains_the_language_rule():
    first = DocumentFileFactory(language="it", original=True)
    second = DocumentFileFactory.build(document=first.document, language="it", original=False)
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "already has a file in this language" in str(caught.value)


@pytest.mark.django_db
def test_full_clean_explains_the_original_rule():
    first = DocumentFileFactory(language="it", original=True)
    second = DocumentFileFactory.build(document=first.document, language="en", original=True)
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "only one file can be the original" in str(caught.value)


@pytest.mark.django_db
def test_reserved_slug_is_refused_with_a_message_and_by_the_database():
    document = DocumentFactory.build(slug="links")
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert "taken by a page" in caught.value.message_dict["slug"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(slug="links")
    assert not Document.objects.filter(slug="links").exists()
