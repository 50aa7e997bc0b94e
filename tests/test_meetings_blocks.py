"""Meetings on other pages: both sides of participation, the blocks a city's page, a
theme's page and the home page show."""

import datetime

import pytest
from django.template import Context, Template

from tests.factories import CityFactory, MeetingFactory, ThemeFactory
from tests.meetings_shared import (
    _section,
    clock,  # noqa: F401 (autouse: every page reads today from it)
)

pytestmark = pytest.mark.django_db


# Both sides of participation, and the blocks other pages include


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_participants_are_shown_on_the_meeting_and_on_the_city(client):
    city = CityFactory(name_it="Senigallia")
    meeting = MeetingFactory(title_it="Incontro della rete a Reggio Emilia")
    meeting.participants.add(city)

    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{city.get_absolute_url()}">Senigallia</a>' in html

    block = _render('{% include "meetings/_city.html" with city=city %}', city=city)
    attended = block[block.index("city-meetings-attended") :]
    assert f'<a href="{meeting.get_absolute_url()}">{meeting.title_it}</a>' in attended


def test_city_block_lists_hosted_and_attended_published_meetings_only(
    django_assert_max_num_queries,
):
    city = CityFactory()
    hosted = MeetingFactory(host_city=city, title_it="Ospitato")
    MeetingFactory(host_city=city, title_it="Bozza ospitata", published=False)
    attended = MeetingFactory(title_it="Partecipato")
    attended.participants.add(city)
    draft = MeetingFactory(title_it="Bozza partecipata", published=False)
    draft.participants.add(city)

    with django_assert_max_num_queries(1):
        html = _render('{% include "meetings/_city.html" with city=city %}', city=city)

    hosted_part = html[html.index("city-meetings-hosted") : html.index("city-meetings-attended")]
    assert hosted.title_it in hosted_part
    assert "Partecipato" in html[html.index("city-meetings-attended") :]
    assert "Bozza" not in html
    assert f'href="/it/incontri/?city={city.slug}"' in html


def test_city_block_is_empty_for_a_city_without_meetings():
    city = CityFactory()
    assert _render('{% include "meetings/_city.html" with city=city %}', city=city).strip() == ""


def test_theme_block_lists_published_meetings_on_the_theme(django_assert_max_num_queries):
    theme = ThemeFactory()
    shown = MeetingFactory(title_it="Sul tema")
    shown.themes.add(theme)
    hidden = MeetingFactory(title_it="Bozza sul tema", published=False)
    hidden.themes.add(theme)
    MeetingFactory(title_it="Altro tema")

    with django_assert_max_num_queries(1):
        html = _render('{% include "meetings/_theme.html" with theme=theme %}', theme=theme)

    assert "<h2" in html
    assert f'<a href="{shown.get_absolute_url()}">Sul tema</a>' in html
    assert "Bozza" not in html
    assert "Altro tema" not in html


def test_home_shows_the_next_meeting(client):
    MeetingFactory(title_it="Passato", start_date=datetime.date(2012, 4, 20))
    MeetingFactory(
        title_it="Prossimo", title_en="Coming next", start_date=datetime.date(2012, 9, 8)
    )
    MeetingFactory(title_it="Dopo ancora", start_date=datetime.date(2012, 11, 19))
    MeetingFactory(title_it="Bozza", start_date=datetime.date(2012, 6, 2), published=False)

    html = client.get("/en/").content.decode()

    block = _section(html, "home-meetings-title")
    assert "Next meeting" in block
    assert ">Coming next</a>" in block
    assert "Dopo ancora" not in block and "Bozza" not in block
    assert 'href="/en/meetings/"' in block
    assert 'href="/en/meetings/calendar.ics"' in block


def test_home_shows_the_last_meeting_when_none_is_planned(client):
    MeetingFactory(title_it="Vecchio", start_date=datetime.date(2010, 5, 22))
    MeetingFactory(title_it="Ultimo", start_date=datetime.date(2012, 4, 20))

    html = client.get("/it/").content.decode()

    block = _section(html, "home-meetings-title")
    assert ">Ultimo</a>" in block
    assert "Vecchio" not in block
    html = client.get("/en/").content.decode()
    block = _section(html, "home-meetings-title")
    assert "Latest meeting" in block
    assert "No meeting is planned at the moment" in block
    assert "No meeting is planned at the moment" in block


def test_blocks_on_other_pages_are_capped_and_say_so():
    city = CityFactory()
    theme = ThemeFactory()
    for n in range(12):
        meeting = MeetingFactory(
            host_city=city, start_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n)
        )
        meeting.themes.add(theme)

    block = _render('{% include "meetings/_city.html" with city=city %}', city=city)
    hosted = block[block.index("city-meetings-hosted") :]
    assert hosted.count("<li>") == 10
    assert '<p class="meta">' in hosted.split("<p><a", 1)[0]
    themed = _render('{% include "meetings/_theme.html" with theme=theme %}', theme=theme)
    assert themed.count("<li>") == 10
