"""What a city editor may read in the back office beyond the change forms: history, the
meetings a document may belong to, and the "view on site" shortcut."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from documents.models import Document
from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from tests.admin_forms import read_form
from tests.factories import (
    ActivityFactory,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    ThemeFactory,
    back_office_user,
)

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture
def world():
    torino = CityFactory(slug="torino", name_it="Torino", published=True)
    genova = CityFactory(slug="genova", name_it="Genova", published=True)
    return {
        "torino": torino,
        "genova": genova,
        "editor": back_office_user("editor-torino", EDITOR_GROUP, torino),
        "staff": back_office_user("staffer", STAFF_GROUP),
        "secret": MeetingFactory(
            title_it="Riunione segreta Genova", host_city=genova, published=False
        ),
        "own_draft": MeetingFactory(title_it="Bozza di Torino", host_city=torino, published=False),
        "public": MeetingFactory(title_it="Incontro pubblico", host_city=genova, published=True),
    }


# 1. History


def test_an_editor_cannot_read_the_history_of_network_wide_objects(client, world):
    theme = ThemeFactory()
    client.force_login(world["editor"])
    # Editors may read themes, not who changed them.
    assert client.get(f"{ADMIN}cities/theme/{theme.pk}/change/").status_code == 200
    assert client.get(f"{ADMIN}cities/theme/{theme.pk}/history/").status_code == 403
    client.force_login(world["staff"])
    assert client.get(f"{ADMIN}cities/theme/{theme.pk}/history/").status_code == 200


def test_an_editor_reads_the_history_of_their_own_objects_only(client, world):
    own = ActivityFactory(city=world["torino"])
    other = ActivityFactory(city=world["genova"])
    client.force_login(world["editor"])
    assert client.get(f"{ADMIN}cities/activity/{own.pk}/history/").status_code == 200
    assert client.get(f"{ADMIN}cities/activity/{other.pk}/history/").status_code == 403
    assert client.get(f"{ADMIN}cities/city/{world['torino'].pk}/history/").status_code == 200
    assert client.get(f"{ADMIN}cities/city/{world['genova'].pk}/history/").status_code == 403


# 2. The meetings a document may belong to


def _meeting_choices(response) -> set[str]:
    field = response.context["adminform"].form.fields["meeting"]
    return {str(meeting) for meeting in field.queryset}


def test_the_meeting_select_offers_an_editor_published_and_own_city_meetings_only(client, world):
    client.force_login(world["editor"])
    response = client.get(f"{ADMIN}documents/document/add/")
    html = response.content.decode()
    assert "Riunione segreta Genova" not in html
    assert _meeting_choices(response) == {"Bozza di Torino", "Incontro pubblico"}
    # The form searches the meetings; the search offers the same choices, no more.
    search = client.get(
        f"{ADMIN}autocomplete/",
        {"app_label": "documents", "model_name": "document", "field_name": "meeting"},
    )
    assert {r["text"] for r in search.json()["results"]} == _meeting_choices(response)


def test_staff_may_choose_every_meeting(client, world):
    client.force_login(world["staff"])
    response = client.get(f"{ADMIN}documents/document/add/")
    assert "Riunione segreta Genova" in _meeting_choices(response)


def test_an_editor_cannot_post_another_citys_unpublished_meeting(client, world):
    client.force_login(world["editor"])
    url = f"{ADMIN}documents/document/add/"
    data = read_form(client.get(url).content.decode(), "document_form")
    data.update(
        title_it="Verbale",
        slug="verbale",
        date="2020-01-01",
        city=str(world["torino"].pk),
        meeting=str(world["secret"].pk),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "meeting" in response.context["adminform"].form.errors
    assert not Document.objects.filter(slug="verbale").exists()


def test_a_meeting_staff_chose_stays_when_an_editor_saves_the_document(client, world):
    document = DocumentFileFactory(
        document=DocumentFactory(city=world["torino"], meeting=world["secret"])
    ).document
    client.force_login(world["editor"])
    url = f"{ADMIN}documents/document/{document.pk}/change/"
    data = read_form(client.get(url).content.decode(), "document_form")
    data["title_it"] = "Titolo nuovo"
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert (document.title_it, document.meeting) == ("Titolo nuovo", world["secret"])


# 3. View on site


def _shortcut(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"{ADMIN}r/{content_type.pk}/{obj.pk}/"


def test_view_on_site_sends_an_editor_to_their_own_objects_even_unpublished(client, world):
    draft = DocumentFactory(city=world["torino"], slug="bozza-torino", published=False)
    client.force_login(world["editor"])
    response = client.get(_shortcut(draft))
    assert response.status_code == 302
    assert response["Location"].endswith("/it/documenti/bozza-torino/")


@pytest.mark.parametrize("what", ["document", "city", "meeting", "secret"])
def test_view_on_site_does_not_reveal_what_an_editor_may_not_see(client, world, what):
    objects = {
        "document": DocumentFactory(city=world["genova"], slug="segreto-genova", published=False),
        "city": CityFactory(slug="citta-nascosta", published=False),
        "meeting": world["public"],  # meetings are not in an editor's back office at all
        "secret": world["secret"],
    }
    client.force_login(world["editor"])
    response = client.get(_shortcut(objects[what]))
    assert response.status_code == 404
    assert "Location" not in response
    assert objects[what].slug.encode() not in response.content


def test_view_on_site_answers_not_found_to_nonsense(client, world):
    client.force_login(world["editor"])
    for url in (f"{ADMIN}r/abc/1/", f"{ADMIN}r/999999/1/", f"{ADMIN}r/1/%00/"):
        assert client.get(url).status_code == 404, url


def test_view_on_site_takes_staff_anywhere_and_anonymous_to_sign_in(client, world):
    draft = DocumentFactory(city=world["genova"], slug="segreto-genova", published=False)
    response = client.get(_shortcut(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{ADMIN}login/")
    client.force_login(world["staff"])
    response = client.get(_shortcut(draft))
    assert response.status_code == 302
    assert response["Location"].endswith("/it/documenti/segreto-genova/")


# 4. What the searches of related objects offer


def _search(client, source: str, term: str = ""):
    app_label, model_name, field_name = source.split(".")
    return client.get(
        f"{ADMIN}autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def _found(client, source: str, term: str = "") -> set[str]:
    response = _search(client, source, term)
    assert response.status_code == 200, source
    return {result["text"] for result in response.json()["results"]}


@pytest.mark.parametrize("term", ["", "Riunione", "segreta", "Genova", "o"])
def test_an_editor_searching_a_documents_meeting_never_finds_another_citys_draft(
    client, world, term
):
    client.force_login(world["editor"])
    found = _found(client, "documents.document.meeting", term)
    assert "Riunione segreta Genova" not in found
    assert found <= {"Bozza di Torino", "Incontro pubblico"}
    if not term:
        assert found == {"Bozza di Torino", "Incontro pubblico"}


@pytest.mark.parametrize(
    "source",
    [
        "documents.document.city",
        "cities.activity.city",
        "meetings.meeting.host_city",
        "meetings.meeting.participants",
        "index.result.city",
    ],
)
@pytest.mark.parametrize("term", ["", "Genova", "Torino"])
def test_an_editor_searching_cities_finds_only_their_own(client, world, source, term):
    client.force_login(world["editor"])
    found = _found(client, source, term)
    assert found == ({"Torino"} if term in ("", "Torino") else set())


@pytest.mark.parametrize("source", ["cities.city.editors", "meetings.registration.meeting"])
def test_an_editor_cannot_search_what_no_form_of_theirs_offers(client, world, source):
    client.force_login(world["editor"])
    response = _search(client, source)
    assert response.status_code == 403
    assert b"Riunione" not in response.content and b"staffer" not in response.content


def test_staff_search_every_city_meeting_and_editor(client, world):
    client.force_login(world["staff"])
    assert _found(client, "documents.document.meeting", "segreta") == {"Riunione segreta Genova"}
    assert _found(client, "meetings.meeting.host_city") == {"Torino", "Genova"}
    assert _found(client, "cities.city.editors", "editor") == {"editor-torino"}
