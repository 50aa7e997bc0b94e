"""The documents app on other pages: the pieces a city's page, a meeting's page and the
home page include, and the useful links (their page and the footer)."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.documents_shared import html_of
from tests.factories import (
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    LinkFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


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
