"""Uploads that are well formed but hostile: pictures with too many pixels, and PDFs with
active content (scripts, launch actions, attached files), however they are written."""

import struct
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from cities.models import City
from documents.validators import detect_document_type
from icnet.core.images import MAX_IMAGE_PIXELS, validate_image
from tests.factories import SAMPLE_PDF, UserFactory


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares this size; its pixels are never there (nor needed to refuse it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# 4. Pictures with too many pixels ---------------------------------------------------------


def test_pillow_refuses_decompression_bombs_wherever_a_picture_is_opened():
    assert Image.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # refused anyway
@pytest.mark.parametrize(
    ("width", "height"),
    [(12000, 12000), (8000, 6000), (10001, 100)],
    ids=["144-megapixels", "48-megapixels", "longest-side"],
)
def test_too_large_pictures_are_refused_as_city_photos_and_documents(width, height):
    content = png_header(width, height)
    with pytest.raises(ValidationError) as caught:
        validate_image(upload("foto.png", content))
    assert caught.value.code == "image_too_large"
    with pytest.raises(ValidationError) as caught:
        detect_document_type(upload("locandina.png", content))
    assert caught.value.code == "image_too_large"


def test_a_picture_at_the_limit_is_not_refused_for_its_size():
    # 10,000 x 4,000 = 40 megapixels: the header passes, the missing pixels do not.
    with pytest.raises(ValidationError) as caught:
        validate_image(upload("foto.png", png_header(10000, 4000)))
    assert caught.value.code == "invalid_image"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("it", "Questa immagine è troppo grande: un'immagine può avere al massimo 40 megapixel"),
        ("en", "This picture is too large: a picture may have at most 40 megapixels"),
    ],
)
def test_the_refusal_says_why_in_both_languages(language, words):
    with pytest.raises(ValidationError) as caught:
        validate_image(upload("foto.png", png_header(12000, 12000)))
    with translation.override(language):
        message = caught.value.messages[0]
    assert words in message
    assert ("10.000" if language == "it" else "10,000") in message


@pytest.mark.django_db
def test_the_admin_refuses_a_huge_city_photo_with_the_clear_message(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    response = client.post(
        f"/{settings.ADMIN_PATH}cities/city/add/",
        {
            "name_it": "Grande",
            "slug": "grande",
            "region": "marche",
            "status": "member",
            "photo": upload("foto.png", png_header(12000, 12000)),
            "activities-TOTAL_FORMS": "0",
            "activities-INITIAL_FORMS": "0",
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "This picture is too large" in response.content.decode()
    assert not City.objects.filter(slug="grande").exists()


# 5. PDFs with active content --------------------------------------------------------------


def updated_pdf(*objects: bytes) -> bytes:
    """The sample PDF with objects added by an incremental update, as editors append them."""
    body = SAMPLE_PDF.rstrip() + b"\n"
    for number, content in enumerate(objects, start=90):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    offset = len(body)
    return (
        body
        + b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 99 >>\nstartxref\n%d\n%%%%EOF\n"
        % offset
    )


def object_stream(content: bytes, filters: bytes = b"/Filter /FlateDecode") -> bytes:
    data = zlib.compress(content) if b"Flate" in filters else content
    return (
        b"<< /Type /ObjStm /N 1 /First 6 %s /Length %d >>\nstream\n" % (filters, len(data))
        + data
        + b"\nendstream"
    )


JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert('x')) >>"

HOSTILE_PDFS = {
    "javascript": updated_pdf(JS_ACTION),
    "openaction-js": updated_pdf(
        b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS 91 0 R >> >>"
    ),
    "hex-escaped-names": updated_pdf(b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    "js-after-a-comment": updated_pdf(b"<< /S /URI /JS%hidden\n(app.alert(1)) >>"),
    "launch": updated_pdf(b"<< /S /Launch /F (calc.exe) >>"),
    "embedded-files": updated_pdf(b"<< /Names << /EmbeddedFiles 92 0 R >> >>"),
    "additional-actions": updated_pdf(b"<< /Type /Page /AA << /O 93 0 R >> >>"),
    "rich-media": updated_pdf(b"<< /Type /Annot /Subtype /RichMedia >>"),
    "xfa": updated_pdf(b"<< /AcroForm << /XFA 94 0 R >> >>"),
    "in-an-object-stream": updated_pdf(object_stream(b"91 0 " + JS_ACTION)),
    "escaped-object-stream": updated_pdf(
        object_stream(b"91 0 " + JS_ACTION).replace(b"/ObjStm", b"/Obj#53tm")
    ),
}


@pytest.mark.parametrize("name", HOSTILE_PDFS)
def test_pdfs_with_active_content_are_refused(name):
    with pytest.raises(ValidationError) as caught:
        detect_document_type(upload("documento.pdf", HOSTILE_PDFS[name]))
    assert caught.value.code == "active_pdf", caught.value


@pytest.mark.parametrize(
    "content",
    [
        object_stream(b"91 0 " + JS_ACTION, b"/Filter /ASCIIHexDecode").replace(
            JS_ACTION, JS_ACTION.hex().encode()
        ),
        object_stream(b"91 0 " + JS_ACTION).replace(b"x\x9c", b"x\x9d", 1),
        b"<< /Type /ObjStm /N 1 /First 6 /Filter /FlateDecode /Length 9 >>\nstream\n"
        + zlib.compress(b"\x02\x00\x01\x00\x00\x00")
        + b"\nendstream",
        object_stream(b"91 0 " + JS_ACTION, b""),
        object_stream(
            b"39 31 20 30 20 " + JS_ACTION.hex(" ").encode(),
            b"/Filter [/FlateDecode /ASCIIHexDecode]",
        ),
        object_stream(b"\x0091 0 " + JS_ACTION, b"/Filter /FlateDecode /DecodeParms 95 0 R"),
    ],
    ids=[
        "other-compression",
        "damaged",
        "predictor-or-encrypted",
        "stored-plainly",
        "dressed-as-numbers",
        "png-predictor",
    ],
)
def test_pdfs_whose_object_streams_cannot_be_read_are_refused(content):
    with pytest.raises(ValidationError) as caught:
        detect_document_type(upload("documento.pdf", updated_pdf(content)))
    assert caught.value.code == "uninspectable_pdf"


def test_ordinary_pdfs_pass_object_streams_links_and_the_first_page_action_included():
    plain = updated_pdf(
        object_stream(b"91 0 << /Type /Annot /Subtype /Link /A << /S /URI /URI (https://x) >> >>"),
        object_stream(b"92 0 << /Title (Indice) >>"),
    )
    assert b"/OpenAction" in SAMPLE_PDF
    for content in (SAMPLE_PDF, plain):
        assert detect_document_type(upload("documento.pdf", content)).label == "PDF"


def test_a_script_name_inside_text_does_not_count_without_a_value():
    # "/JS" followed by something that cannot be its value is not a key: chance bytes.
    pdf = updated_pdf(b"<< /Producer (see /JS ] or /AA }) >>")
    assert detect_document_type(upload("documento.pdf", pdf)).label == "PDF"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("it", "Questo PDF contiene contenuti attivi (script)"),
        ("en", "This PDF contains active content (scripts)"),
    ],
)
def test_the_pdf_refusal_says_why_in_both_languages(language, words):
    with pytest.raises(ValidationError) as caught:
        detect_document_type(upload("documento.pdf", HOSTILE_PDFS["javascript"]))
    with translation.override(language):
        assert words in caught.value.messages[0]
