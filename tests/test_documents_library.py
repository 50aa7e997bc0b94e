"""The documents app's library: the list, its filters and pages, and the queries it reads
as documents grow."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from documents.models import Document, DocumentFile
from tests.documents_shared import html_of
from tests.factories import SAMPLE_PDF, CityFactory, DocumentFactory, DocumentFileFactory

pytestmark = pytest.mark.django_db


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
    html = html_of(client.get("/it/documenti/"))
    assert '<time datetime="2010">2010</time>' in html


def test_library_dates_are_localised(client):
    DocumentFactory(date=datetime.date(2010, 9, 21))
    assert "21 settembre 2010" in html_of(client.get("/it/documenti/"))
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
    # Six for a page, one for the content generation (icnet.core.cache), and one more for
    # the city's profile: its Intercultural Cities Index block.
    for url, bound in (("/en/", 7), ("/en/documents/bulk-1/", 7), (city.get_absolute_url(), 8)):
        cache.clear()
        with django_assert_max_num_queries(bound):
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


def test_library_answers_only_get_and_head(client):
    assert client.post("/it/documenti/").status_code == 405
    assert client.head("/it/documenti/").status_code == 200
