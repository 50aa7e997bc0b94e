"""What the search shows: dates in the site's formats, whole words marked, snippets cut at
words and paragraphs; and the fallback (the embedded SQLite default) ignoring accents."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.utils import ConnectionHandler
from django.utils import translation

from icnet.site import search as site_search
from icnet.site.search import highlight, paragraphs
from tests.factories import ActivityFactory, CityFactory, MeetingFactory

pytestmark = pytest.mark.django_db


# Highlighting and snippets --------------------------------------------------------------


def test_only_whole_words_are_marked():
    html = highlight("<p>Un laboratorio a Torino, nel Laboratorio torinese.</p>", ["Torino"])
    assert html == "Un laboratorio a <mark>Torino</mark>, nel Laboratorio <mark>torinese</mark>."
    assert "<mark>torio" not in highlight("Laboratorio", ["Torino"])


def test_an_accented_word_is_marked_for_a_word_typed_without_accents():
    assert highlight("Il diritto alla città", ["citta"]) == "Il diritto alla <mark>città</mark>"


def test_paragraphs_are_kept_apart():
    assert paragraphs("<p>Fine del primo.</p><p>Secondo.</p><ul><li>Uno</li></ul>") == [
        "Fine del primo.",
        "Secondo.",
        "Uno",
    ]
    html = highlight("<p>Primo paragrafo.</p><p>Secondo su Torino.</p>", ["torino"])
    assert html == "Secondo su <mark>Torino</mark>."


def test_the_snippet_shows_the_matching_part_cut_at_words():
    before = " ".join(f"prima{n}" for n in range(80))
    after = " ".join(f"dopo{n}" for n in range(80))
    html = str(highlight(f"<p>{before} incontro a Torino oggi {after}</p>", ["torino"], 120))
    assert "<mark>Torino</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    words = html.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace("</mark>", "")
    # Every word whole: each is one of the text's words.
    text_words = set(f"{before} incontro a Torino oggi {after}".split())
    assert set(words.split()) <= text_words
    assert len(words) <= 120


def test_without_a_match_the_snippet_is_the_start_of_the_first_paragraph():
    assert highlight("<p>Nulla qui.</p><p>Niente.</p>", ["torino"]) == "Nulla qui."


# Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "path", "expected"),
    [("it", "/it/cerca/", "27 gennaio 2011"), ("en", "/en/search/", "27 January 2011")],
)
def test_meeting_dates_are_written_in_the_sites_format(client, language, path, expected):
    MeetingFactory(
        title_it="Incontro di Torino",
        title_en="Turin meeting",
        start_date=datetime.date(2011, 1, 27),
        end_date=datetime.date(2011, 1, 28),
    )
    html = client.get(path, {"q": "Torino" if language == "it" else "Turin"}).content.decode()
    assert expected in html


# The fallback (SQLite) -----------------------------------------------------------------


def test_sqlite_connections_have_the_fold_function():
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )
    sqlite = handler["default"]
    try:
        with sqlite.cursor() as cursor:
            cursor.execute("SELECT icnet_fold(%s), icnet_fold(NULL)", ["Città ÈLITE"])
            assert cursor.fetchone() == ("citta elite", None)
    finally:
        sqlite.close()


@pytest.fixture
def fallback(monkeypatch):
    """The search as the embedded SQLite default runs it, whatever the test database."""
    monkeypatch.setattr(site_search, "full_text", lambda: False)


def test_the_fallback_finds_accented_words_typed_without_accents(client, fallback):
    MeetingFactory(title_it="Il diritto alla città", title_en="The right to the city")
    ActivityFactory(title_it="Laboratorio", description_it="<p>Vivere la città.</p>")
    html = client.get("/it/cerca/", {"q": "citta"}).content.decode()
    assert "Il diritto alla <mark>città</mark>" in html
    assert "Vivere la <mark>città</mark>." in html


def test_the_fallback_still_ranks_title_matches_first(client, fallback):
    CityFactory(name_it="Lodi", slug="lodi", summary_it="<p>Gemellata con Fermo.</p>")
    CityFactory(name_it="Fermo", slug="fermo", summary_it="<p>Marche.</p>")
    html = client.get("/it/cerca/", {"q": "fermo", "type": "cities"}).content.decode()
    assert html.index("/it/citta/fermo/") < html.index("/it/citta/lodi/")


def test_on_the_demo_citta_finds_what_citta_with_its_accent_finds(fallback):
    call_command("load_demo", stdout=StringIO())
    with translation.override("it"):
        plain = {g.source.key: g.total for g in site_search.search("citta", "it")}
        accented = {g.source.key: g.total for g in site_search.search("città", "it")}
        meetings = site_search.search("citta", "it", only="meetings", limit=50)[0]
    assert plain == accented
    assert sum(plain.values()) > 12
    assert any("diritto alla" in hit.title for hit in meetings.hits)
