"""A file store that is down while someone saves a file in the back office: the save fails
with a short translated 503 page that says so, nothing is recorded, and the worker is not
held for minutes. The store is a real socket: a port where nothing listens (stopped), or
one that accepts and never answers (paused)."""

import io
import logging
import socket

import pytest
from botocore.config import Config
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reversion.models import Version

from cities.models import City
from documents.models import DocumentFile
from icnet.core.media import MediaStorage
from icnet.core.roles import STAFF_GROUP
from tests.admin_forms import read_form
from tests.factories import SAMPLE_PDF, CityFactory, DocumentFactory, back_office_user
from tests.faults.servers import free_port
from tests.production import production_settings

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"


def _store(port: int) -> MediaStorage:
    return MediaStorage(
        bucket_name="icnet-media",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        access_key="icnet-test",
        secret_key="icnet-test-secret",
        default_acl=None,
        custom_domain=None,
        # As the production settings, with a shorter wait for the paused store.
        client_config=Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            connect_timeout=1,
            read_timeout=1,
            retries={"mode": "standard", "total_max_attempts": 2},
        ),
    )


@pytest.fixture(params=["stopped", "paused"])
def store_down(request):
    """The address of a store that is down: nothing listens, or it never answers."""
    if request.param == "stopped":
        yield _store(free_port())
        return
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # connections wait in the backlog; nobody reads them
        yield _store(listener.getsockname()[1])


@pytest.fixture
def staff(client):
    user = back_office_user("staff-member", STAFF_GROUP)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "it"
    return user


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def test_a_photo_saved_while_the_store_is_down_is_a_503_and_nothing_changes(
    client, staff, store_down, monkeypatch, caplog
):
    city = CityFactory(name_it="Lodi")
    monkeypatch.setattr(City._meta.get_field("photo"), "storage", store_down)
    url = f"{ADMIN}cities/city/{city.pk}/change/"
    data = read_form(client.get(url).content.decode(), "city_form")
    data.update(photo=png(), name_it="Lodi, cambiata")
    with caplog.at_level(logging.WARNING, logger="icnet.storage"):
        response = client.post(url, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "non riesce a salvare né a leggere i file" in page
    assert "non è stata salvata" in page
    city.refresh_from_db()
    assert (city.name_it, city.photo.name) == ("Lodi", "")
    assert not Version.objects.get_for_object(city).exists()
    [record] = [r for r in caplog.records if r.name == "icnet.storage"]
    assert "storage unavailable" in record.getMessage()


def test_a_document_file_added_while_the_store_is_down_is_a_503_and_nothing_changes(
    client, staff, store_down, monkeypatch
):
    document = DocumentFactory(title_it="Carta")
    monkeypatch.setattr(DocumentFile._meta.get_field("file"), "storage", store_down)
    url = f"{ADMIN}documents/document/{document.pk}/change/"
    data = read_form(client.get(url).content.decode(), "document_form")
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-0-file"] = SimpleUploadedFile(
        "carta.pdf", SAMPLE_PDF, content_type="application/pdf"
    )
    data[f"{prefix}-0-language"] = "it"
    data[f"{prefix}-0-document"] = str(document.pk)
    data[f"{prefix}-0-original"] = "on"
    response = client.post(url, data)
    errors = response.context["errors"] if response.status_code == 200 else None
    assert response.status_code == 503, errors
    assert not DocumentFile.objects.filter(document=document).exists()


def test_other_errors_of_the_store_stay_errors(rf):
    from botocore.exceptions import ClientError

    from icnet.core.middleware import is_storage_outage

    refused = ClientError(
        {"Error": {"Code": "AccessDenied"}, "ResponseMetadata": {"HTTPStatusCode": 403}},
        "PutObject",
    )
    failing = ClientError(
        {"Error": {"Code": "InternalError"}, "ResponseMetadata": {"HTTPStatusCode": 500}},
        "PutObject",
    )
    assert not is_storage_outage(refused)  # a wrong key is a fault to fix, not to wait out
    assert is_storage_outage(failing)
    assert is_storage_outage(OSError(28, "No space left on device"))
    assert not is_storage_outage(OSError(2, "No such file or directory"))


def test_production_settings_give_up_on_the_store_inside_gunicorns_timeout():
    """Two attempts, each at most the connect and the read timeout, end before gunicorn's
    default 30 s timeout would kill the worker (then the editor would get nginx's 502
    instead of the page that says nothing was saved)."""
    connect, read, retries, s3, signature = production_settings(
        "[c.connect_timeout, c.read_timeout, c.retries, c.s3, c.signature_version]",
        prelude="c = s.AWS_S3_CLIENT_CONFIG",
        DEBUG="true",
        AWS_STORAGE_BUCKET_NAME="icnet-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",
    )
    assert retries["total_max_attempts"] * (connect + read) < 30
    # Given a client config, django-storages takes these from it and no longer from its own
    # settings.
    assert (s3, signature) == ({"addressing_style": "path"}, "s3v4")
