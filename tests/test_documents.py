"""The documents room's public side: library, filters, document page, downloads, the pieces
other pages include, useful links and the demo documents."""

import datetime
import importlib
import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.template.defaultfilters import filesizeformat
from django.urls import clear_url_caches, reverse
from django.utils import translation

from documents import demo
from documents.models import Document, DocumentFile
from documents.validators import detect_document_type
from tests.factories import (
    SAMPLE_PDF,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    LinkFactory,
    MeetingFactory,
    pdf_text,
)

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def entries(html: str) -> list[str]:
    """The titles listed in the library, in order."""
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


# The library -----------------------------------------------------------------------------


def test_library_lists_published_documents_with_kind_date_city_and_files(client):
    city = CityFactory(name_en="Reggio Emilia", slug="reggio-emilia")
    document = DocumentFactory(
        title_en="Programme 2012-2014",
        kind=Document.Kind.PROGRAMME,
        date=datetime.date(2012, 3, 5),
        city=city,
    )
    DocumentFileFactory(document=document, language="it", original=True)
    DocumentFileFactory(document=document, language="en", original=False)
    DocumentFactory(title_en="A draft nobody may see", published=False)

    html = html_of(client.get("/en/documents/"))
    assert entries(html) == ["Programme 2012-2014"]
    assert '<span class="tag">Programme</span>' in html
    assert '<time datetime="2012-03-05">5 March 2012</time>' in html
    assert f'<a href="{city.get_absolute_url()}">Reggio Emilia</a>' in html
    with translation.override("en"):
        size = filesizeformat(len(SAMPLE_PDF))
    assert (
        f'<a href="/en/documents/{document.slug}/it/" hreflang="it" type="application/pdf">'
        "Italian — original version</a>"
    ) in html
    assert f"· PDF, {size}</span>" in html
    assert 'hreflang="en" type="application/pdf">English version</a>' in html
    assert "A draft nobody may see" not in html


def test_library_shows_only_the_year_when_only_the_year_is_known(client):
    DocumentFactory(date=datetime.date(2010, 1, 1), date_precision=Document.DatePrecision.YEAR)
    html = html_of(client.get("/it/documents/"))
    assert '<time datetime="2010">2010</time>' in html


def test_library_dates_are_localised(client):
    DocumentFactory(date=datetime.date(2010, 9, 21))
    assert "21 settembre 2010" in html_of(client.get("/it/documents/"))
    assert "21 September 2010" in html_of(client.get("/en/documents/"))


@pytest.fixture
def library():
    genova = CityFactory(slug="genova", name_en="Genoa")
    torino = CityFactory(slug="torino", name_en="Turin")
    charter = DocumentFactory(
        title_en="Charter", kind=Document.Kind.CHARTER, date=datetime.date(2010, 5, 22)
    )
    DocumentFileFactory(document=charter, language="it", original=True)
    DocumentFileFactory(document=charter, language="en", original=False)
    guide = DocumentFactory(title_en="Guide", kind=Document.Kind.GUIDE, city=genova)
    DocumentFileFactory(document=guide, language="it", original=True)
    minutes = DocumentFactory(
        title_en="Minutes",
        kind=Document.Kind.MINUTES,
        date=datetime.date(2012, 4, 20),
        city=torino,
    )
    DocumentFileFactory(document=minutes, language="en", original=True)
    return {"genova": genova, "torino": torino}


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Minutes", "Guide", "Charter"]),
        ("kind=charter", ["Charter"]),
        ("city=genova", ["Guide"]),
        ("year=2012", ["Minutes"]),
        ("year=2010", ["Charter"]),
        ("language=en", ["Minutes", "Charter"]),
        ("language=it", ["Guide", "Charter"]),
        ("kind=guide&city=genova&language=it&year=2011", ["Guide"]),
        ("kind=guide&city=torino", []),
    ],
)
def test_library_filters(client, library, query, titles):
    html = html_of(client.get(f"/en/documents/?{query}"))
    assert entries(html) == titles


def test_library_filter_form_is_labelled_and_keeps_the_choice(client, library):
    html = html_of(client.get("/en/documents/?kind=charter"))
    for name in ("kind", "city", "year", "language"):
        assert f'<label for="id_{name}">' in html
        assert f'name="{name}" id="id_{name}"' in html
    assert '<option value="charter" selected>Charter</option>' in html
    assert '<option value="genova">Genoa</option>' in html
    assert '<option value="2012">2012</option>' in html


def test_library_ignores_bad_filter_values_and_says_so(client, library):
    response = client.get("/en/documents/?kind=poem&city=atlantis&year=abc&language=de&page=x")
    html = html_of(response)
    assert entries(html) == ["Minutes", "Guide", "Charter"]
    assert (
        "Some filters were not understood and have been ignored: Kind, City, Year, Available in."
        in html
    )


def test_library_with_no_match_says_so(client, library):
    html = html_of(client.get("/en/documents/?kind=report"))
    assert "No document matches these filters." in html


def test_library_is_paginated_and_bad_pages_do_not_fail(client):
    for day in range(1, 26):
        DocumentFactory(title_en=f"Doc {day:02d}", date=datetime.date(2011, 1, day))
    first = html_of(client.get("/en/documents/"))
    assert len(entries(first)) == 20
    assert "Page 1 of 2" in first
    assert 'href="?page=2" rel="next"' in first
    second = html_of(client.get("/en/documents/?page=2"))
    assert entries(second) == ["Doc 05", "Doc 04", "Doc 03", "Doc 02", "Doc 01"]
    assert entries(html_of(client.get("/en/documents/?page=999"))) == entries(second)
    assert entries(html_of(client.get("/en/documents/?page=abc"))) == entries(first)


def test_library_pagination_keeps_the_filters(client):
    for day in range(1, 23):
        DocumentFactory(kind=Document.Kind.REPORT, date=datetime.date(2011, 1, day))
    html = html_of(client.get("/en/documents/?kind=report"))
    assert 'href="?kind=report&amp;page=2" rel="next"' in html


def _bulk_documents(count: int) -> None:
    cities = [CityFactory() for _ in range(3)]
    documents = Document.objects.bulk_create(
        Document(
            title_it=f"Documento {n}",
            title_en=f"Document {n}",
            slug=f"bulk-{n}",
            kind=Document.Kind.REPORT,
            date=datetime.date(2000 + n % 20, 1 + n % 12, 1),
            city=cities[n % 3] if n % 2 else None,
            published=True,
        )
        for n in range(count)
    )
    DocumentFile.objects.bulk_create(
        DocumentFile(
            document=document,
            language=language,
            original=language == "it",
            file=f"documents/bulk-{document.pk}-{language}.pdf",
            content_type="application/pdf",
            size=1000,
        )
        for document in documents
        for language in ("it", "en")
    )


@pytest.mark.parametrize("count", [10, 200])
def test_library_query_count_does_not_grow_with_documents(
    client, django_assert_max_num_queries, count
):
    _bulk_documents(count)
    city = CityFactory.create(slug="citta")
    for url in ("/en/documents/?language=en", "/en/documents/?city=citta&page=2"):
        cache.clear()  # neither the page nor its parts come from the cache
        # Six for the page, one for the content generation (icnet.core.cache).
        with django_assert_max_num_queries(7):
            html = html_of(client.get(url))
    assert city.name_en not in entries(html)
    html = html_of(client.get("/en/documents/?language=en"))
    assert len(entries(html)) == min(count, 20)


@pytest.mark.parametrize("count", [10, 200])
def test_home_city_and_meeting_pieces_query_count_is_flat(
    client, django_assert_max_num_queries, count
):
    _bulk_documents(count)
    city = Document.objects.exclude(city=None).first().city
    for url in ("/en/", "/en/documents/bulk-1/", city.get_absolute_url()):
        cache.clear()
        with django_assert_max_num_queries(7):  # with the content generation's read
            html_of(client.get(url))


def test_with_many_cities_the_library_city_filter_is_typed(client, monkeypatch):
    monkeypatch.setattr("cities.filters.CITY_SELECT_LIMIT", 1)
    genoa = CityFactory(slug="genova", name_it="Genova", name_en="Genoa")
    turin = CityFactory(slug="torino", name_it="Torino", name_en="Turin")
    DocumentFactory(title_en="Genoa programme", city=genoa)
    DocumentFactory(title_en="Turin programme", city=turin)

    html = html_of(client.get("/en/documents/"))
    assert '<input type="text" name="city"' in html
    assert '<small id="id_city_helptext" class="helptext">' in html

    for typed in ("Genoa", "genova", "GENOVA"):
        assert entries(html_of(client.get("/en/documents/", {"city": typed}))) == [
            "Genoa programme"
        ]
    html = html_of(client.get("/en/documents/?city=Atlantis"))
    assert "Some filters were not understood and have been ignored: City." in html
    assert len(entries(html)) == 2


def test_city_and_meeting_pieces_list_the_newest_ten_and_lead_to_the_rest():
    city = CityFactory(slug="lodi")
    meeting = MeetingFactory()
    for n in range(12):
        DocumentFactory(
            title_en=f"Report {n:02d}",
            city=city,
            meeting=meeting,
            date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n),
        )
    for piece, name, value in (("_city", "city", city), ("_meeting", "meeting", meeting)):
        html = render(f'{{% include "documents/{piece}.html" with {name}=x %}}', x=value)
        assert re.findall(r">(Report \d+)</a>", html) == [
            f"Report {n:02d}" for n in range(11, 1, -1)
        ]
        assert "The latest 10 documents are listed." in html
    html = render('{% include "documents/_city.html" with city=x %}', x=city)
    assert 'href="/en/documents/?city=lodi"' in html


def test_library_answers_only_get_and_head(client):
    assert client.post("/it/documents/").status_code == 405
    assert client.head("/it/documents/").status_code == 200


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
    assert client.get(f"/it/documents/{document.slug}/").status_code == 404
    assert client.get("/it/documents/no-such-document/").status_code == 404


# Downloads -------------------------------------------------------------------------------


def test_download_serves_the_file_with_its_type_and_a_readable_name(client):
    file = DocumentFileFactory(
        document__slug="carta-della-rete", language="it", filename="Carta della rete.pdf"
    )
    response = client.get("/it/documents/carta-della-rete/it/")
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
    assert file.get_absolute_url() == "/it/documents/carta-della-rete/it/"


def test_download_name_with_accents_has_an_ascii_fallback_and_a_utf8_form(client):
    DocumentFileFactory(document__slug="citta", language="en", filename="Città aperte.pdf")
    response = client.get("/en/documents/citta/en/")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"citta-aperte-en.pdf\"; filename*=UTF-8''citt%C3%A0-aperte-en.pdf"
    )


def test_download_answers_not_modified_to_a_matching_etag(client):
    DocumentFileFactory(document__slug="carta", language="it")
    etag = client.get("/it/documents/carta/it/")["ETag"]
    response = client.get("/it/documents/carta/it/", headers={"if-none-match": etag})
    assert response.status_code == 304


def test_unpublished_documents_file_is_unreachable_even_with_its_address(client):
    file = DocumentFileFactory(document__slug="bozza", document__published=False)
    assert client.get("/it/documents/bozza/it/").status_code == 404
    assert client.get(file.get_absolute_url()).status_code == 404


def test_download_of_a_missing_language_or_document_is_not_found(client):
    DocumentFileFactory(document__slug="carta", language="it")
    assert client.get("/it/documents/carta/en/").status_code == 404
    assert client.get("/it/documents/carta/xx/").status_code == 404
    assert client.get("/it/documents/nothing/it/").status_code == 404


def test_download_whose_stored_file_is_lost_is_not_found(client):
    file = DocumentFileFactory(document__slug="persa")
    file.file.storage.delete(file.file.name)
    assert client.get("/it/documents/persa/it/").status_code == 404


def test_download_refuses_post(client):
    DocumentFileFactory(document__slug="carta")
    assert client.post("/it/documents/carta/it/").status_code == 405


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


# Pieces on other pages -------------------------------------------------------------------


def render(source: str, **context) -> str:
    with translation.override("en"):
        return Template(source).render(Context(context))


def test_city_piece_lists_the_citys_published_documents_with_their_files():
    city = CityFactory()
    mine = DocumentFactory(title_en="Our programme", city=city, slug="our-programme")
    DocumentFileFactory(document=mine, language="it")
    DocumentFactory(title_en="Draft", city=city, published=False)
    DocumentFactory(title_en="Another city's", city=CityFactory())
    html = render('{% include "documents/_city.html" with city=city %}', city=city)
    assert '<a href="/en/documents/our-programme/">Our programme</a>' in html
    assert 'href="/en/documents/our-programme/it/" hreflang="it"' in html
    assert "Draft" not in html
    assert "Another city" not in html
    assert '<h2 id="city-documents-title">Documents</h2>' in html


def test_city_piece_is_empty_without_documents():
    html = render('{% include "documents/_city.html" with city=city %}', city=CityFactory())
    assert html.strip() == ""


def test_meeting_piece_lists_the_meetings_published_documents():
    meeting = MeetingFactory()
    DocumentFactory(title_en="Minutes of the meeting", meeting=meeting, slug="minutes")
    DocumentFactory(title_en="Unpublished minutes", meeting=meeting, published=False)
    html = render('{% include "documents/_meeting.html" with meeting=meeting %}', meeting=meeting)
    assert '<a href="/en/documents/minutes/">Minutes of the meeting</a>' in html
    assert "Unpublished minutes" not in html


def test_home_shows_the_three_newest_published_documents(client):
    for year in (2009, 2010, 2011, 2012):
        DocumentFactory(title_en=f"Report {year}", date=datetime.date(year, 6, 1))
    DocumentFactory(
        title_en="Newest but unpublished", date=datetime.date(2013, 1, 1), published=False
    )
    html = html_of(client.get("/en/"))
    section = html[html.index('<section class="home-documents"') :]
    section = section[: section.index("</section>")]
    assert '<h2 id="home-documents-title">Latest documents</h2>' in section
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", section) == [
        "Report 2012",
        "Report 2011",
        "Report 2010",
    ]
    assert f'href="{reverse("documents:list")}"' in section


# Useful links ----------------------------------------------------------------------------


def test_links_page_lists_published_links_in_order(client):
    LinkFactory(title_en="Second", order=2, url="https://example.org/second")
    LinkFactory(title_en="First", order=1, url="https://example.org/first")
    LinkFactory(title_en="Hidden", published=False)
    html = html_of(client.get("/en/documents/links/"))
    assert "<h1>Useful links</h1>" in html
    main = html[html.index("<main") : html.index("</main>")]
    found = re.findall(r'<a href="([^"]+)" rel="external">([^<]+)</a>', main)
    assert found == [
        ("https://example.org/first", "First"),
        ("https://example.org/second", "Second"),
    ]
    assert "Hidden" not in html


def test_footer_links_to_the_useful_links_page(client):
    LinkFactory(title_en="Official website")
    html = html_of(client.get("/en/documents/"))
    footer = html[html.index("<footer") :]
    assert "Official website" in footer
    assert '<a href="/en/documents/links/">All useful links</a>' in footer


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
