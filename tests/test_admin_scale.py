"""The back office at the network's scale: pages that stay light and flat as the network
grows, and list filters that show a few related objects and search the rest."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.backoffice import admin_pages
from cities.models import Activity, City, Region
from documents.models import Document, DocumentFile
from icnet.core.admin_related import RelatedSearchFilter
from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from meetings.models import Meeting, Registration
from tests.factories import CityFactory, MeetingFactory, back_office_user

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"
MAX_BYTES = 200 * 1024
MAX_QUERIES = 15


def _leave_search_vectors_empty() -> None:
    """Bulk rows without PostgreSQL's search trigger (about a millisecond a row): these
    tests weigh admin pages, not searches. The test's rollback turns the trigger back on."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (City, Meeting, Document):
            table = model._meta.db_table
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_search")


def _copy(model, times: int, mark: str, suffixed: tuple[str, ...]) -> None:
    """`times` copies of every row of `model`, made by the database in one statement each
    (tens of thousands of rows in a blink), with `-<mark><n>` after the `suffixed` fields."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        for n in range(1, times + 1):
            values = ", ".join(
                f"{quote(field.column)} || '-{mark}{n}'"
                if field.name in suffixed
                else quote(field.column)
                for field in fields
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {values} FROM {table} WHERE id <= %s",
                [last],
            )


MEETING_NAMES = ("title", "title_it", "title_en", "slug")


def _cities(total: int) -> list[City]:
    regions = [value for value, _label in Region.choices]
    return City.objects.bulk_create(
        City(
            name=f"Città {n:05d}",
            name_it=f"Città {n:05d}",
            name_en=f"City {n:05d}",
            slug=f"citta-{n:05d}",
            region=regions[n % len(regions)],
            province="Provincia",
            summary_it="<p>Sintesi.</p>",
            profile_it="<p>Profilo interculturale della città, con le sue politiche.</p>",
            published=True,
        )
        for n in range(total)
    )


def _meetings(start: int, total: int, cities: list[City]) -> list[Meeting]:
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Incontro {n:05d}",
            title_it=f"Incontro {n:05d}",
            title_en=f"Meeting {n:05d}",
            slug=f"incontro-{n:05d}",
            kind=Meeting.Kind.NETWORK,
            start_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 5000),
            end_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 5000),
            host_city=cities[n % len(cities)],
            summary_it="<p>Sintesi dell'incontro.</p>",
            report_it="<p>Il resoconto dell'incontro, con chi c'era e cosa si è detto.</p>",
            published=n % 4 != 0,
        )
        for n in range(start, start + total)
    )
    Participants = Meeting.participants.through
    Participants.objects.bulk_create(
        Participants(meeting_id=meeting.pk, city_id=cities[(n + k) % len(cities)].pk)
        for n, meeting in enumerate(meetings, start)
        for k in (1, len(cities) // 2)
    )
    return meetings


def _documents(total: int, cities: list[City], meetings: list[Meeting]) -> list[Document]:
    documents = Document.objects.bulk_create(
        Document(
            title=f"Documento {n:05d}",
            title_it=f"Documento {n:05d}",
            title_en=f"Document {n:05d}",
            slug=f"documento-{n:05d}",
            kind=Document.Kind.GUIDE,
            date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 5000),
            city=cities[n % len(cities)] if n % 2 else None,
            meeting=meetings[n % len(meetings)] if n % 3 == 0 else None,
            published=True,
        )
        for n in range(total)
    )
    DocumentFile.objects.bulk_create(
        DocumentFile(
            document=document,
            language="it",
            original=True,
            file="documents/documento.pdf",
            filename="documento.pdf",
            content_type="application/pdf",
            size=1000,
        )
        for document in documents
    )
    return documents


def _network(cities: int, meetings: int, documents: int) -> dict:
    _leave_search_vectors_empty()
    cities = _cities(cities)
    meetings = _meetings(0, meetings, cities)
    documents = _documents(documents, cities, meetings)
    city = cities[len(cities) // 2]
    Activity.objects.bulk_create(
        Activity(city=city, title_it=f"Attività {n}", title=f"Attività {n}", year=2012)
        for n in range(3)
    )
    return {
        "pages": admin_pages(city, meetings[len(meetings) // 2], documents[1]),
        "staff": back_office_user("staffer", STAFF_GROUP),
    }


@pytest.fixture
def network():
    """2,000 cities and 4,000 meetings: a tenth made one by one, the rest copied."""
    network = _network(200, 400, 200)
    _copy(City, 9, "a", ("name", "name_it", "name_en", "slug"))
    _copy(Meeting, 9, "a", MEETING_NAMES)
    assert (City.objects.count(), Meeting.objects.count()) == (2000, 4000)
    return network


@pytest.fixture
def small_network():
    return _network(60, 300, 20)


def _weigh(client, pages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """{page: (queries, bytes)}, each page asked for twice (the first warms the caches)."""
    out = {}
    for name, path in pages.items():
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, path
        out[name] = (len(ctx.captured_queries), len(response.content))
    return out


def test_every_admin_page_stays_light_and_flat_as_the_meetings_grow(client, network):
    client.force_login(network["staff"])
    before = _weigh(client, network["pages"])
    for name, (queries, size) in before.items():
        assert queries <= MAX_QUERIES, (name, queries)
        assert size < MAX_BYTES, (name, size)

    _copy(Meeting, 4, "b", MEETING_NAMES)
    assert Meeting.objects.count() == 20000
    after = _weigh(client, network["pages"])
    assert {name: queries for name, (queries, _size) in after.items()} == {
        name: queries for name, (queries, _size) in before.items()
    }
    for name, (_queries, size) in after.items():
        assert size < MAX_BYTES, (name, size)


def test_the_forms_search_cities_and_meetings_instead_of_listing_them(client, small_network):
    client.force_login(small_network["staff"])
    html = client.get(small_network["pages"]["a document's add page"]).content.decode()
    assert "Città 00059" not in html and "Incontro 00299" not in html
    assert 'data-ajax--url="/admin/autocomplete/"' in html
    search = client.get(
        f"{ADMIN}autocomplete/",
        {
            "app_label": "meetings",
            "model_name": "meeting",
            "field_name": "host_city",
            "term": "00059",
        },
    )
    assert [r["text"] for r in search.json()["results"]] == ["Città 00059"]


# The list filters by a related object


def _filter_links(response, field_path: str) -> list[str]:
    specs = response.context["cl"].filter_specs
    spec = next(s for s in specs if getattr(s, "field_path", "") == field_path)
    return [str(choice["display"]) for choice in spec.choices(response.context["cl"])]


def test_the_city_filter_shows_the_busiest_few_and_finds_the_others(client, small_network):
    client.force_login(small_network["staff"])
    url = f"{ADMIN}meetings/meeting/"
    shown = _filter_links(client.get(url), "host_city")
    assert len(shown) <= RelatedSearchFilter.shown + 2  # "All", the few, "None"
    found = _filter_links(client.get(url, {"host_city_q": "00042"}), "host_city")
    assert "Città 00042" in found and len(found) <= 3
    chosen = City.objects.get(slug="citta-00055")
    response = client.get(url, {"host_city__id__exact": chosen.pk})
    assert "Città 00055" in _filter_links(response, "host_city")
    assert {m.host_city_id for m in response.context["cl"].result_list} == {chosen.pk}


def test_the_search_box_keeps_the_other_filters(client, small_network):
    client.force_login(small_network["staff"])
    response = client.get(f"{ADMIN}meetings/meeting/", {"published__exact": "1", "q": "Incontro"})
    html = response.content.decode()
    assert 'name="host_city_q"' in html
    assert '<input type="hidden" name="published__exact" value="1">' in html
    assert '<input type="hidden" name="q" value="Incontro">' in html


def test_an_editor_filtering_registrations_is_offered_only_their_own_city():
    alfa = CityFactory(name_it="Alfa", slug="alfa")
    beta = CityFactory(name_it="Beta", slug="beta")
    public = MeetingFactory(title_it="Incontro pubblico", host_city=alfa, registration_capacity=9)
    secret = MeetingFactory(
        title_it="Riunione segreta", host_city=beta, published=False, registration_capacity=9
    )
    Registration.objects.create(meeting=public, name="Anna", email="anna@example.org", city=alfa)
    Registration.objects.create(meeting=secret, name="Bruno", email="bruno@example.org", city=beta)
    client = Client()
    client.force_login(back_office_user("editor-alfa", EDITOR_GROUP, alfa))
    url = f"{ADMIN}meetings/registration/"
    for query in ({}, {"city_q": "Bet", "meeting_q": "segr"}, {"city__id__exact": beta.pk}):
        response = client.get(url, query)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Beta" not in html and "Riunione segreta" not in html, query
    response = client.get(url)
    assert "Alfa" in _filter_links(response, "city")
    assert "Incontro pubblico" in _filter_links(response, "meeting")
