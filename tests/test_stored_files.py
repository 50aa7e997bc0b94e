"""Replaced and deleted files leave storage, with their thumbnails, once nothing needs them:
no row names them, and no kept revision that a restore could bring back."""

import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reversion.models import Revision, Version

from cities import services
from cities.models import City
from documents.models import Document, DocumentFile
from icnet.core.roles import STAFF_GROUP
from tests.admin_forms import read_form
from tests.factories import (
    SAMPLE_PDF,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    back_office_user,
)

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"


def png(colour=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def city_with_photo(commit) -> tuple[City, str, str]:
    city = CityFactory()
    with commit(execute=True):
        city.photo = png()
        city.save()
    thumbnail = services.thumbnail_url(city.photo, "120x80")
    thumbnail_name = thumbnail.removeprefix(settings.MEDIA_URL)
    assert default_storage.exists(city.photo.name) and default_storage.exists(thumbnail_name)
    return city, city.photo.name, thumbnail_name


def test_a_replaced_photo_and_its_thumbnails_are_deleted(django_capture_on_commit_callbacks):
    city, old, thumbnail = city_with_photo(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        city.photo = png((0, 0, 200))
        city.save()
    assert default_storage.exists(city.photo.name)
    assert not default_storage.exists(old)
    assert not default_storage.exists(thumbnail)


def test_a_deleted_citys_photo_is_deleted(django_capture_on_commit_callbacks):
    city, old, thumbnail = city_with_photo(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        city.delete()
    assert not default_storage.exists(old) and not default_storage.exists(thumbnail)


def test_nothing_is_deleted_before_the_change_commits(django_capture_on_commit_callbacks):
    city, old, _thumbnail = city_with_photo(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        city.photo = png((0, 0, 200))
        city.save()
    assert callbacks and default_storage.exists(old)


def test_a_deleted_documents_files_are_deleted(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file = DocumentFileFactory()
    name = file.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        file.document.delete()
    assert not default_storage.exists(name)


def test_a_replaced_document_file_is_deleted(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file = DocumentFileFactory()
    old = file.file.name
    with django_capture_on_commit_callbacks(execute=True):
        file.file = SimpleUploadedFile("nuovo.pdf", SAMPLE_PDF)
        file.save()
    assert default_storage.exists(file.file.name) and not default_storage.exists(old)


def test_a_file_another_row_names_stays(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = DocumentFileFactory()
        second = DocumentFileFactory.build(document=DocumentFactory(), file=first.file.name)
        second.save()
        first.document.delete()
    assert default_storage.exists(second.file.name)


@pytest.fixture
def staff(client):
    user = back_office_user("staffer", STAFF_GROUP)
    client.force_login(user)
    return user


def test_a_photo_replaced_in_the_back_office_stays_while_its_revision_is_kept(
    client, staff, django_capture_on_commit_callbacks
):
    city, old, thumbnail = city_with_photo(django_capture_on_commit_callbacks)
    url = f"{ADMIN}cities/city/{city.pk}/change/"
    # A first save in the back office: a revision that names the photo.
    data = read_form(client.get(url).content.decode(), "city_form")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    data = read_form(client.get(url).content.decode(), "city_form")
    data["photo"] = png((0, 0, 200))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    city.refresh_from_db()
    assert city.photo.name != old
    assert default_storage.exists(old), "a revision still names it: restore needs it"

    # Pruning the history (manage.py deleterevisions) lets the old photo go.
    older = Version.objects.get_for_object(city).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        Revision.objects.filter(pk=older.revision_id).delete()
    assert not default_storage.exists(old) and not default_storage.exists(thumbnail)
    assert default_storage.exists(city.photo.name)


def test_a_document_deleted_in_the_back_office_keeps_its_file_for_restore(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file = DocumentFileFactory()
    name, document = file.file.name, file.document
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}documents/document/{document.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert default_storage.exists(name)

    version = Version.objects.get_deleted(Document).first()
    url = f"{ADMIN}documents/document/recover/{version.pk}/"
    data = read_form(client.get(url).content.decode(), "document_form")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    restored = DocumentFile.objects.get(document_id=document.pk)
    assert restored.file.name == name and default_storage.exists(name)
