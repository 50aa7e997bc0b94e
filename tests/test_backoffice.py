"""The back office: roles, history and restore, edit conflicts, translation status, sign-in."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from cities.models import Activity, City
from documents.models import Document
from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from tests.admin_forms import read_form
from tests.factories import (
    ActivityFactory,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    LinkFactory,
    MeetingFactory,
    PageFactory,
    UserFactory,
    back_office_user,
)

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"


def _editor(username, city):
    return back_office_user(username, EDITOR_GROUP, city)


@pytest.fixture
def world():
    city_a = CityFactory(slug="alpha", name_it="Alfa", name_en="Alpha")
    city_b = CityFactory(slug="beta", name_it="Beta", name_en="Beta")
    staff = UserFactory(username="staffer", is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    return {
        "a": city_a,
        "b": city_b,
        "editor_a": _editor("editor-a", city_a),
        "editor_b": _editor("editor-b", city_b),
        "staff": staff,
        "activity": ActivityFactory(city=city_a),
        "document": DocumentFileFactory(document=DocumentFactory(city=city_a)).document,
    }


def _objects(world):
    return {
        "cities/city": world["a"],
        "cities/activity": world["activity"],
        "documents/document": world["document"],
    }


def _version_id(obj):
    version = Version.objects.get_for_object(obj).first()
    return version.pk if version else 0


def _urls(model_path, obj):
    base = f"{ADMIN}{model_path}/"
    return {
        "changelist": base,
        "add": f"{base}add/",
        "change": f"{base}{obj.pk}/change/",
        "delete": f"{base}{obj.pk}/delete/",
        "history": f"{base}{obj.pk}/history/",
        "recoverlist": f"{base}recover/",
        "revision": f"{base}{obj.pk}/history/{_version_id(obj)}/",
    }


# Expected status of a GET, by role, for the objects of city A.
# An object outside an editor's reach is refused (403) with a page naming their own city,
# never the object itself.
ACTIONS = ["changelist", "add", "change", "delete", "history", "recoverlist", "revision"]
EXPECTED = {
    "staff": {
        "cities/city": dict.fromkeys(ACTIONS, 200),
        "cities/activity": dict.fromkeys(ACTIONS, 200),
        "documents/document": dict.fromkeys(ACTIONS, 200),
    },
    "editor_a": {
        "cities/city": {
            "changelist": 200,
            "add": 403,
            "change": 200,
            "delete": 403,
            "history": 200,
            "recoverlist": 403,
            "revision": 403,
        },
        "cities/activity": {
            "changelist": 200,
            "add": 200,
            "change": 200,
            "delete": 200,
            "history": 200,
            "recoverlist": 403,
            "revision": 403,
        },
        "documents/document": {
            "changelist": 200,
            "add": 200,
            "change": 200,
            "delete": 200,
            "history": 200,
            "recoverlist": 403,
            "revision": 403,
        },
    },
    "editor_b": {
        "cities/city": {
            "changelist": 200,
            "add": 403,
            "change": 403,
            "delete": 403,
            "history": 403,
            "recoverlist": 403,
            "revision": 403,
        },
        "cities/activity": {
            "changelist": 200,
            "add": 200,
            "change": 403,
            "delete": 403,
            "history": 403,
            "recoverlist": 403,
            "revision": 403,
        },
        "documents/document": {
            "changelist": 200,
            "add": 200,
            "change": 403,
            "delete": 403,
            "history": 403,
            "recoverlist": 403,
            "revision": 403,
        },
    },
}


def _save_with_history(client_user, client, obj, model_path):
    """Save the object once through its admin form, so that it has a version."""
    client.force_login(client_user)
    url = f"{ADMIN}{model_path}/{obj.pk}/change/"
    data = read_form(client.get(url).content.decode(), f"{obj._meta.model_name}_form")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()


@pytest.mark.parametrize("role", ["anonymous", "staff", "editor_a", "editor_b"])
@pytest.mark.parametrize("model_path", ["cities/city", "cities/activity", "documents/document"])
def test_role_matrix(client, world, role, model_path):
    obj = _objects(world)[model_path]
    _save_with_history(world["staff"], client, obj, model_path)
    urls = _urls(model_path, obj)
    if role != "anonymous":
        client.force_login(world[role])
    for action, url in urls.items():
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, (action, url)
            assert client.get(url)["Location"].startswith(f"{ADMIN}login/")
        else:
            assert status == EXPECTED[role][model_path][action], (role, action, url, status)


def test_editor_lists_only_their_own_city_objects(client, world):
    ActivityFactory(city=world["b"], title_it="Attività di Beta")
    client.force_login(world["editor_a"])
    html = client.get(f"{ADMIN}cities/activity/").content.decode()
    assert world["activity"].title_it in html
    assert "Attività di Beta" not in html
    html = client.get(f"{ADMIN}cities/city/").content.decode()
    assert "Alfa" in html
    assert f"/cities/city/{world['b'].pk}/change/" not in html


@pytest.mark.parametrize(
    "path",
    [
        "meetings/meeting/",
        "documents/link/",
        "icnet/page/",
        "auth/user/",
        "auth/group/",
        "translations/",
    ],
)
def test_editor_cannot_reach_network_objects_or_accounts(client, world, path):
    client.force_login(world["editor_a"])
    assert client.get(f"{ADMIN}{path}").status_code == 403


def test_editor_cannot_change_another_citys_profile(client, world):
    client.force_login(world["editor_a"])
    url = f"{ADMIN}cities/city/{world['a'].pk}/change/"
    data = read_form(client.get(url).content.decode(), "city_form")
    data["profile_it"] = "<p>Cambiato</p>"
    client.force_login(world["editor_b"])
    response = client.post(f"{ADMIN}cities/city/{world['a'].pk}/change/", data)
    assert response.status_code == 403
    world["a"].refresh_from_db()
    assert "Cambiato" not in world["a"].profile_it


def test_editor_cannot_move_an_activity_to_another_city(client, world):
    client.force_login(world["editor_a"])
    url = f"{ADMIN}cities/activity/{world['activity'].pk}/change/"
    data = read_form(client.get(url).content.decode(), "activity_form")
    data["city"] = str(world["b"].pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "city" in response.context["adminform"].form.errors
    world["activity"].refresh_from_db()
    assert world["activity"].city == world["a"]


def test_editor_cannot_add_a_document_for_another_city(client, world):
    client.force_login(world["editor_a"])
    url = f"{ADMIN}documents/document/add/"
    data = read_form(client.get(url).content.decode(), "document_form")
    data.update(title_it="Nuovo", slug="nuovo", date="2020-01-01", city=str(world["b"].pk))
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Document.objects.filter(slug="nuovo").exists()


def test_editor_cannot_change_status_milestones_or_delete_their_city(client, world):
    client.force_login(world["editor_a"])
    url = f"{ADMIN}cities/city/{world['a'].pk}/change/"
    data = read_form(client.get(url).content.decode(), "city_form")
    assert "status" not in data and "charter_signed" not in data
    data.update(status="former", charter_signed="2011-01-01", profile_en="<p>Updated</p>")
    assert client.post(url, data).status_code == 302
    city = City.objects.get(pk=world["a"].pk)
    assert city.status == City.Status.MEMBER
    assert city.charter_signed is None
    assert "Updated" in city.profile_en
    response = client.post(f"{ADMIN}cities/city/{city.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert City.objects.filter(pk=city.pk).exists()


def test_editor_edits_both_languages_and_adds_an_activity_for_their_city(client, world):
    client.force_login(world["editor_a"])
    url = f"{ADMIN}cities/activity/add/"
    data = read_form(client.get(url).content.decode(), "activity_form")
    data.update(
        city=str(world["a"].pk),
        title_it="Corso di italiano",
        title_en="Italian course",
        published="on",
    )
    assert client.post(url, data).status_code == 302
    activity = Activity.objects.get(title_it="Corso di italiano")
    assert activity.city == world["a"]
    assert activity.title_en == "Italian course"


def test_script_payloads_are_stripped_on_save_and_absent_from_the_public_page(client, world):
    client.force_login(world["editor_a"])
    url = f"{ADMIN}cities/city/{world['a'].pk}/change/"
    data = read_form(client.get(url).content.decode(), "city_form")
    data["profile_it"] = (
        '<p>Benvenuti<script>alert("x")</script></p>'
        '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(1)" onclick="x()">link</a></p>'
    )
    assert client.post(url, data).status_code == 302
    stored = City.objects.get(pk=world["a"].pk).profile_it
    for bad in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in stored
    assert "Benvenuti" in stored
    client.logout()
    html = client.get("/it/citta/alpha/").content.decode()
    assert "Benvenuti" in html
    assert "alert(" not in html


def test_restoring_a_deleted_city_brings_back_both_languages_and_its_activities(client, world):
    city = CityFactory(slug="gamma", name_it="Gammapoli", name_en="Gamma Town")
    activity = ActivityFactory(city=city)
    _save_with_history(world["staff"], client, city, "cities/city")
    client.force_login(world["staff"])
    response = client.post(f"{ADMIN}cities/city/{city.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not City.objects.filter(pk=city.pk).exists()
    assert not Activity.objects.filter(pk=activity.pk).exists()

    recover_list = client.get(f"{ADMIN}cities/city/recover/").content.decode()
    assert "Gammapoli" in recover_list
    version = Version.objects.get_deleted(City).first()
    url = f"{ADMIN}cities/city/recover/{version.pk}/"
    data = read_form(client.get(url).content.decode(), "city_form")
    response = client.post(url, data)
    assert response.status_code == 302
    restored = City.objects.get(pk=city.pk)
    assert (restored.name_it, restored.name_en) == ("Gammapoli", "Gamma Town")
    assert restored.activities.filter(pk=activity.pk).exists()


def test_a_city_with_documents_cannot_be_deleted_by_mistake(client, world):
    client.force_login(world["staff"])
    response = client.post(f"{ADMIN}cities/city/{world['a'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert City.objects.filter(pk=world["a"].pk).exists()


def test_history_records_who_changed_what(client, world):
    _save_with_history(world["staff"], client, world["document"], "documents/document")
    version = Version.objects.get_for_object(world["document"]).first()
    assert version.revision.user == world["staff"]
    client.force_login(world["staff"])
    html = client.get(f"{ADMIN}documents/document/{world['document'].pk}/history/").content
    assert b"staffer" in html


@pytest.mark.parametrize(
    ("factory", "model_path", "form_id"),
    [
        (LinkFactory, "documents/link", "link_form"),
        (PageFactory, "icnet/page", "page_form"),
        (MeetingFactory, "meetings/meeting", "meeting_form"),
    ],
)
def test_network_objects_are_versioned_too(client, world, factory, model_path, form_id):
    obj = factory()
    _save_with_history(world["staff"], client, obj, model_path)
    assert Version.objects.get_for_object(obj).count() == 1


def test_document_files_are_kept_in_the_documents_history(client, world):
    _save_with_history(world["staff"], client, world["document"], "documents/document")
    version = Version.objects.get_for_object(world["document"]).first()
    models = {v.content_type.model for v in version.revision.version_set.all()}
    assert "documentfile" in models


def test_second_save_of_the_same_object_is_refused_with_what_changed(client, world):
    url = f"{ADMIN}cities/city/{world['a'].pk}/change/"
    client.force_login(world["staff"])
    first = read_form(client.get(url).content.decode(), "city_form")
    client.force_login(world["editor_a"])
    second = read_form(client.get(url).content.decode(), "city_form")

    client.force_login(world["staff"])
    first["profile_it"] = "<p>Versione dello staff</p>"
    assert client.post(url, first).status_code == 302

    client.force_login(world["editor_a"])
    second["profile_it"] = "<p>Versione del redattore</p>"
    response = client.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this object" in html or "Qualcun altro ha salvato" in html
    assert "Versione dello staff" in html
    assert "Versione dello staff" in City.objects.get(pk=world["a"].pk).profile_it


def test_translation_status_lists_missing_translations_for_staff(client, world):
    CityFactory(slug="gamma", name_it="Gamma", name_en="", profile_en="", summary_en="")
    client.force_login(world["staff"])
    html = client.get(f"{ADMIN}translations/").content.decode()
    assert "Gamma" in html
    assert reverse("admin:cities_city_change", args=[City.objects.get(slug="gamma").pk]) in html
    index = client.get(ADMIN).content.decode()
    assert 'id="translation-status-summary"' in index
    assert f'href="{ADMIN}translations/"' in index


def test_axes_locks_out_after_five_failed_sign_ins(client, world):
    user = world["staff"]
    for attempt in range(1, 6):
        response = client.post(
            f"{ADMIN}login/", {"username": user.username, "password": "wrong-password"}
        )
        # The fifth failure locks the account.
        assert response.status_code == (429 if attempt == 5 else 200)
    response = client.post(
        f"{ADMIN}login/", {"username": user.username, "password": "a-long-test-password"}
    )
    assert response.status_code == 429
    text = response.content.decode()
    assert "Sign-in locked" in text or "Accesso bloccato" in text


def test_add_city_editor_command_creates_the_account_and_a_working_link(client, world):
    out = StringIO()
    call_command("add_city_editor", "sindaco", "beta", "--email", "s@example.org", stdout=out)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="sindaco")
    assert user.is_staff and not user.has_usable_password()
    assert user.groups.filter(name=EDITOR_GROUP).exists()
    assert world["b"].editors.filter(pk=user.pk).exists()
    link = out.getvalue().strip().splitlines()[-1]
    path = link.split("127.0.0.1:8000", 1)[1]
    response = client.get(path)
    assert response.status_code == 302
    set_password = response["Location"]
    response = client.post(
        set_password,
        {"new_password1": "Intercultura-2026!", "new_password2": "Intercultura-2026!"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Intercultura-2026!")


def test_add_city_editor_command_refuses_an_unknown_city():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("add_city_editor", "sindaco", "atlantide", stdout=StringIO())


def test_staff_adds_an_editor_from_the_city_page_and_a_link_is_mailed(client, world):
    client.force_login(world["staff"])
    change = client.get(f"{ADMIN}cities/city/{world['b'].pk}/change/").content.decode()
    url = f"{ADMIN}cities/city/{world['b'].pk}/add-editor/"
    assert f'href="{url}"' in change
    response = client.post(url, {"username": "assessora", "email": "a@example.org"})
    assert response.status_code == 302
    assert world["b"].editors.filter(username="assessora").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org"]
    assert f"{ADMIN}password/" in mail.outbox[0].body


def test_editors_cannot_add_editors(client, world):
    client.force_login(world["editor_a"])
    url = f"{ADMIN}cities/city/{world['a'].pk}/add-editor/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"username": "amico", "email": "x@example.org"}).status_code == 403
    assert not world["a"].editors.filter(username="amico").exists()


def test_add_editor_form_refuses_bad_input(client, world):
    client.force_login(world["staff"])
    url = f"{ADMIN}cities/city/{world['b'].pk}/add-editor/"
    response = client.post(url, {"username": "no spaces allowed!", "email": "not-an-email"})
    assert response.status_code == 200
    assert not world["b"].editors.filter(username="no spaces allowed!").exists()
    assert mail.outbox == []
