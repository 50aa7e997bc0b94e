"""The documents back office: a document is saved with its files only when they are sound
and follow the rules (one original, one file per language)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from documents.models import Document, DocumentFile, Link
from documents.pdf import build_pdf
from tests.factories import (
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    LinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADD_URL = f"/{settings.ADMIN_PATH}documents/document/add/"
LIST_URL = f"/{settings.ADMIN_PATH}documents/document/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(client):
    user = UserFactory(username="staff-user", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the admin follows the browser's language
    return user


def pdf(name: str = "carta.pdf", title: str = "Carta della rete") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, build_pdf([("title", title)], title=title), "application/pdf")


def form_data(files: list[dict], **fields) -> dict:
    data = {
        "title_it": "Carta della rete",
        "title_en": "Charter of the network",
        "slug": "carta-della-rete",
        "kind": "charter",
        "date": "2010-09-21",
        "date_precision": "day",
        "published": "on",
        "description_it": "<p>La carta.</p>",
        "description_en": "<p>The charter.</p>",
        "city": "",
        "meeting": "",
        "files-TOTAL_FORMS": str(len(files)),
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "2",
        **fields,
    }
    for index, file in enumerate(files):
        for key, value in file.items():
            if key == "original" and not value:
                continue
            data[f"files-{index}-{key}"] = "on" if value is True else value
    return data


def errors_of(response) -> str:
    assert response.status_code == 200, "the form should be shown again"
    return response.content.decode()


def test_staff_adds_a_document_with_its_original_file(client, staff):
    response = client.post(
        ADD_URL,
        form_data(
            [
                {"language": "it", "file": pdf("Carta della rete.PDF"), "original": True},
                {"language": "en", "file": pdf("charter.pdf", "Charter"), "original": False},
            ]
        ),
    )
    assert response.status_code == 302
    document = Document.objects.get(slug="carta-della-rete")
    files = list(document.files.all())
    assert [(f.language, f.original, f.content_type) for f in files] == [
        ("it", True, "application/pdf"),
        ("en", False, "application/pdf"),
    ]
    assert files[0].filename == "Carta della rete.PDF"
    assert files[0].file.name.endswith(".pdf")
    assert files[0].download_name() == "carta-della-rete-it.pdf"


def test_hostile_file_is_refused_and_nothing_is_saved(client, staff):
    hostile = SimpleUploadedFile("carta.pdf", b"MZ\x90\x00" + b"\x00" * 300, "application/pdf")
    response = client.post(
        ADD_URL, form_data([{"language": "it", "file": hostile, "original": True}])
    )
    html = errors_of(response)
    assert "This file is a program or a script, not a document" in html
    assert not Document.objects.exists()
    assert not DocumentFile.objects.exists()
    assert not (settings.MEDIA_ROOT / "documents").exists()


def test_html_file_named_pdf_is_refused_in_the_admin(client, staff):
    page = SimpleUploadedFile("carta.pdf", b"<html><script>alert(1)</script></html>")
    html = errors_of(
        client.post(ADD_URL, form_data([{"language": "it", "file": page, "original": True}]))
    )
    assert "web page" in html
    assert not Document.objects.exists()


def test_a_document_without_an_original_is_refused(client, staff):
    html = errors_of(
        client.post(ADD_URL, form_data([{"language": "it", "file": pdf(), "original": False}]))
    )
    assert "Mark one file as the original version" in html
    assert not Document.objects.exists()


def test_two_originals_are_refused(client, staff):
    html = errors_of(
        client.post(
            ADD_URL,
            form_data(
                [
                    {"language": "it", "file": pdf(), "original": True},
                    {"language": "en", "file": pdf("en.pdf"), "original": True},
                ]
            ),
        )
    )
    assert "Only one file can be the original version" in html
    assert not DocumentFile.objects.exists()


def test_two_files_in_one_language_are_refused(client, staff):
    html = errors_of(
        client.post(
            ADD_URL,
            form_data(
                [
                    {"language": "it", "file": pdf(), "original": True},
                    {"language": "it", "file": pdf("bis.pdf"), "original": False},
                ]
            ),
        )
    )
    assert "There can be only one file per language; Italian appears twice." in html
    assert not Document.objects.exists()


def test_a_document_without_files_is_refused(client, staff):
    html = errors_of(client.post(ADD_URL, form_data([])))
    assert "Add at least one file" in html
    assert not Document.objects.exists()


def test_the_original_can_move_to_another_language_in_one_save(client, staff):
    document = DocumentFactory(slug="carta")
    italian = DocumentFileFactory(document=document, language="it", original=True)
    english = DocumentFileFactory(document=document, language="en", original=False)
    change_url = f"/{settings.ADMIN_PATH}documents/document/{document.pk}/change/"
    page = client.get(change_url)
    snapshot = page.context["adminform"].form["edit_guard"].value()
    data = form_data(
        [
            {"id": str(italian.pk), "language": "it", "original": False},
            {"id": str(english.pk), "language": "en", "original": True},
        ],
        slug="carta",
        title_it=document.title_it,
        title_en=document.title_en,
        kind=document.kind,
        date=document.date.isoformat(),
        edit_guard=snapshot,
    )
    data["files-INITIAL_FORMS"] = "2"
    data["files-0-document"] = str(document.pk)
    data["files-1-document"] = str(document.pk)
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    italian.refresh_from_db()
    english.refresh_from_db()
    assert (italian.original, english.original) == (False, True)


def test_change_page_shows_each_files_format_and_size(client, staff):
    file = DocumentFileFactory(document__slug="carta")
    html = client.get(f"/{settings.ADMIN_PATH}documents/document/{file.document.pk}/change/")
    html = html.content.decode()
    compact = " ".join(html.split())
    size = " ".join(filesizeformat(file.size).split())
    assert re.search(r'field-format_label.{0,300}?<div class="readonly">PDF</div>', compact)
    assert re.search(
        rf'field-size_display.{{0,300}}?<div class="readonly">{re.escape(size)}</div>', compact
    )


@pytest.mark.parametrize(
    "query", ["", "?kind__exact=charter", "?year=2010", "?year=nonsense", "?q=carta"]
)
def test_changelist_filters_answer(client, staff, query):
    DocumentFileFactory(document__kind="charter", document__title_it="Carta")
    assert client.get(f"{LIST_URL}{query}").status_code == 200


def test_city_editor_sees_only_their_citys_documents(client):
    city = CityFactory()
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="City editors"))
    city.editors.add(editor)
    DocumentFactory(title_it="Ours", city=city)
    DocumentFactory(title_it="Theirs", city=CityFactory())
    DocumentFactory(title_it="The network's")
    client.force_login(editor)
    html = client.get(LIST_URL).content.decode()
    assert "Ours" in html
    assert "Theirs" not in html
    assert "The network&#x27;s" not in html


def test_link_admin_edits_the_order_in_the_list(client, staff):
    link = LinkFactory(order=5)
    html = client.get(f"/{settings.ADMIN_PATH}documents/link/").content.decode()
    assert 'name="form-0-order"' in html
    assert Link.objects.get(pk=link.pk).order == 5
