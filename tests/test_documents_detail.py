"""The documents app: a document's page, the downloads of its files, and the demo
documents with their files."""

import importlib

import pytest
from django.urls import clear_url_caches

from documents import demo
from documents.models import Document, DocumentFile
from documents.validators import detect_document_type
from tests.documents_shared import html_of
from tests.factories import (
    SAMPLE_PDF,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    pdf_text,
)

pytestmark = pytest.mark.django_db


# A document's page -----------------------------------------------------------------------


def test_document_page_shows_each_language_plainly_with_download_links(client):
    document = DocumentFactory(slug="carta-della-rete", title_en="Charter of the network")
    DocumentFileFactory(document=document, language="it", original=True)
    DocumentFileFactory(document=document, language="en", original=False)
    html = html_of(client.get("/en/documents/carta-della-rete/"))
    assert "<h1>Charter of the network</h1>" in html
    assert (
        '<a href="/en/documents/carta-della-rete/it/" hreflang="it" type="application/pdf">'
        "Italian — original version</a>"
    ) in html
    assert (
        '<a href="/en/documents/carta-della-rete/en/" hreflang="en" type="application/pdf">'
        "English version</a>"
    ) in html
    assert html.index("Italian — original version") < html.index("English version")


def test_document_page_links_its_published_city_and_meeting(client):
    city = CityFactory(name_en="Reggio Emilia")
    meeting = MeetingFactory(title_en="Second network meeting", host_city=city)
    document = DocumentFactory(city=city, meeting=meeting, description_en="<p>Signed.</p>")
    html = html_of(client.get(f"/en/documents/{document.slug}/"))
    assert f'<a href="{city.get_absolute_url()}">Reggio Emilia</a>' in html
    assert f'<a href="{meeting.get_absolute_url()}">Second network meeting</a>' in html
    assert "<p>Signed.</p>" in html


def test_document_page_does_not_link_an_unpublished_city_or_meeting(client):
    city = CityFactory(name_en="Hidden city", published=False)
    meeting = MeetingFactory(title_en="Hidden meeting", published=False)
    document = DocumentFactory(city=city, meeting=meeting)
    html = html_of(client.get(f"/en/documents/{document.slug}/"))
    assert "Hidden city" not in html
    assert "Hidden meeting" not in html


def test_document_page_says_when_english_text_is_missing(client):
    document = DocumentFactory(title_it="Guida passo per passo", title_en="")
    html = html_of(client.get(f"/en/documents/{document.slug}/"))
    assert "<h1>Guida passo per passo</h1>" in html
    assert "shown in the original Italian" in html


def test_unpublished_or_unknown_document_page_is_not_found(client):
    document = DocumentFactory(published=False)
    assert client.get(f"/it/documenti/{document.slug}/").status_code == 404
    assert client.get("/it/documenti/no-such-document/").status_code == 404


# Downloads -------------------------------------------------------------------------------


def test_download_serves_the_file_with_its_type_and_a_readable_name(client):
    file = DocumentFileFactory(
        document__slug="carta-della-rete", language="it", filename="Carta della rete.pdf"
    )
    response = client.get("/it/documenti/carta-della-rete/it/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"carta-della-rete-it.pdf\"; filename*=UTF-8''carta-della-rete-it.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(SAMPLE_PDF))
    assert response["ETag"]
    assert response["Last-Modified"]
    assert b"".join(response.streaming_content) == SAMPLE_PDF
    assert file.get_absolute_url() == "/it/documenti/carta-della-rete/it/"


def test_download_name_with_accents_has_an_ascii_fallback_and_a_utf8_form(client):
    DocumentFileFactory(document__slug="citta", language="en", filename="Città aperte.pdf")
    response = client.get("/en/documents/citta/en/")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"citta-aperte-en.pdf\"; filename*=UTF-8''citt%C3%A0-aperte-en.pdf"
    )


def test_download_answers_not_modified_to_a_matching_etag(client):
    DocumentFileFactory(document__slug="carta", language="it")
    etag = client.get("/it/documenti/carta/it/")["ETag"]
    response = client.get("/it/documenti/carta/it/", headers={"if-none-match": etag})
    assert response.status_code == 304


def test_unpublished_documents_file_is_unreachable_even_with_its_address(client):
    file = DocumentFileFactory(document__slug="bozza", document__published=False)
    assert client.get("/it/documenti/bozza/it/").status_code == 404
    assert client.get(file.get_absolute_url()).status_code == 404


def test_download_of_a_missing_language_or_document_is_not_found(client):
    DocumentFileFactory(document__slug="carta", language="it")
    assert client.get("/it/documenti/carta/en/").status_code == 404
    assert client.get("/it/documenti/carta/xx/").status_code == 404
    assert client.get("/it/documenti/nothing/it/").status_code == 404


def test_download_whose_stored_file_is_lost_is_not_found(client):
    file = DocumentFileFactory(document__slug="persa")
    file.file.storage.delete(file.file.name)
    assert client.get("/it/documenti/persa/it/").status_code == 404


def test_download_refuses_post(client):
    DocumentFileFactory(document__slug="carta")
    assert client.post("/it/documenti/carta/it/").status_code == 405


@pytest.fixture
def debug_media_urls(settings):
    """The URLs as they are with DEBUG on (the test run has it off)."""
    import icnet.urls

    settings.DEBUG = True
    importlib.reload(icnet.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(icnet.urls)
    clear_url_caches()


def test_debug_media_serving_never_serves_document_files(client, settings, debug_media_urls):
    file = DocumentFileFactory(document__slug="bozza", document__published=False)
    photos = settings.MEDIA_ROOT / "cities"
    photos.mkdir(parents=True)
    (photos / "genova.png").write_bytes(b"png")
    assert client.get("/media/cities/genova.png").status_code == 200
    assert client.get(f"/media/{file.file.name}").status_code == 404
    # A climb out of the photos folder is refused (400), never served.
    assert client.get(f"/media/cities/../{file.file.name}").status_code in (400, 404)


# Demo documents --------------------------------------------------------------------------


def test_demo_creates_the_three_documents_with_valid_pdfs_and_is_idempotent(client):
    CityFactory(slug="reggio-emilia", name_it="Reggio Emilia")
    created = demo.load()
    assert created == 3 + 4 + 1  # documents, files, link
    charter = Document.objects.get(slug="carta-della-rete")
    assert charter.kind == Document.Kind.CHARTER
    assert charter.display_date() == "2010"
    assert [(f.language, f.original) for f in charter.files.all()] == [("it", True), ("en", False)]
    guide = Document.objects.get(slug="guida-passo-per-passo")
    assert [(f.language, f.original) for f in guide.files.all()] == [("it", True)]
    programme = Document.objects.get(slug="reggio-emilia-programma-2012-2014")
    assert programme.city.slug == "reggio-emilia"
    assert programme.date.year == 2012
    for file in DocumentFile.objects.select_related("document"):
        with file.file.open("rb") as stored:
            assert detect_document_type(stored).label == "PDF"
        response = client.get(file.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    charter_it = charter.files.get(language="it")
    with charter_it.file.open("rb") as stored:
        text = pdf_text(stored.read())
    assert "Carta della Rete italiana delle città interculturali".encode("cp1252") in text
    assert demo.load() == 0
    assert Document.objects.count() == 3


def test_demo_programme_has_no_city_when_the_city_is_missing():
    demo.load()
    assert Document.objects.get(slug="reggio-emilia-programma-2012-2014").city is None


def test_demo_writes_again_a_lost_file_without_changing_the_database(client):
    demo.load()
    file = DocumentFile.objects.get(document__slug="guida-passo-per-passo")
    file.file.storage.delete(file.file.name)
    assert demo.load() == 0
    assert client.get(file.get_absolute_url()).status_code == 200
