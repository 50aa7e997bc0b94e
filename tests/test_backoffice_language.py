"""The back office speaks correct Italian and English, refuses clearly, puts an editor's
city first, and tells staff what editors changed."""

import datetime
import html
import json
import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Document
from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from icnet.site.models import AccountPreference, ChangeNotice
from tests.admin_forms import read_form
from tests.factories import (
    ActivityFactory,
    AreaFactory,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    LinkFactory,
    MeetingFactory,
    PageFactory,
    ResultFactory,
    ThemeFactory,
    back_office_user,
)

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"
IT = {"HTTP_ACCEPT_LANGUAGE": "it"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world():
    # Content in Italian only, so that any English word on a page is the interface's.
    reggio = CityFactory(
        slug="reggio-emilia", name_it="Reggio Emilia", name_en="", summary_en="", profile_en=""
    )
    other = CityFactory(slug="fermo", name_it="Fermo", name_en="", summary_en="", profile_en="")
    staff = back_office_user("staffer", STAFF_GROUP, email="staff@example.org")
    editor = back_office_user("assessora", EDITOR_GROUP, reggio)
    activity = ActivityFactory(city=reggio, title_it="Corso di italiano", title_en="")
    document = DocumentFileFactory(
        document=DocumentFactory(city=reggio, title_it="Carta", title_en="")
    ).document
    return {
        "reggio": reggio,
        "other": other,
        "staff": staff,
        "editor": editor,
        "activity": activity,
        "document": document,
    }


def _text(response) -> str:
    return response.content.decode("utf-8")


def _save(client, url, form_id, headers=IT, **changes):
    data = read_form(_text(client.get(url, **headers)), form_id)
    data.update(changes)
    return client.post(url, data, follow=True, **headers)


def _messages(response) -> list[str]:
    return [html.unescape(str(message)) for message in response.context["messages"]]


# Messages that agree with the noun ----------------------------------------------------


def test_save_messages_agree_with_each_noun_in_italian(client, world):
    client.force_login(world["staff"])
    city = _save(client, f"{ADMIN}cities/city/{world['reggio'].pk}/change/", "city_form")
    assert re.search(
        r"La città “<a [^>]+>Reggio Emilia</a>” è stata modificata\.", _messages(city)[0]
    )
    activity = _save(
        client, f"{ADMIN}cities/activity/{world['activity'].pk}/change/", "activity_form"
    )
    assert "L'attività “" in _messages(activity)[0]
    assert "è stata modificata." in _messages(activity)[0]
    meeting = MeetingFactory(title_it="Incontro di Torino", title_en="")
    response = _save(
        client,
        f"{ADMIN}meetings/meeting/{meeting.pk}/change/",
        "meeting_form",
        _continue="1",
    )
    assert "L'incontro “" in _messages(response)[0]
    assert "è stato modificato. Puoi modificarlo di nuovo qui sotto." in _messages(response)[0]
    document = _save(
        client, f"{ADMIN}documents/document/{world['document'].pk}/change/", "document_form"
    )
    assert "Il documento “" in _messages(document)[0]


def test_save_and_delete_messages_in_english(client, world):
    client.force_login(world["staff"])
    city = _save(
        client, f"{ADMIN}cities/city/{world['reggio'].pk}/change/", "city_form", headers=EN
    )
    assert re.search(r"The city “<a [^>]+>Reggio Emilia</a>” was changed\.", _messages(city)[0])
    link = LinkFactory(title_it="Sito del Consiglio d'Europa", title_en="")
    response = client.post(
        f"{ADMIN}documents/link/{link.pk}/delete/", {"post": "yes"}, follow=True, **EN
    )
    assert _messages(response) == ["The useful link “Sito del Consiglio d'Europa” was deleted."]


def test_bulk_delete_and_add_messages_agree(client, world):
    client.force_login(world["staff"])
    extra = [ActivityFactory(city=world["reggio"]) for _ in range(2)]
    response = client.post(
        f"{ADMIN}cities/activity/",
        {"action": "delete_selected", "_selected_action": [a.pk for a in extra], "post": "yes"},
        follow=True,
        **IT,
    )
    assert _messages(response) == ["2 attività eliminate."]
    url = f"{ADMIN}cities/theme/add/"
    data = read_form(_text(client.get(url, **IT)), "theme_form")
    data.update(name_it="Lingua", slug="lingua", order="1", _addanother="1")
    response = client.post(url, data, follow=True, **IT)
    assert re.search(
        r"Il tema “<a [^>]+>Lingua</a>” è stato aggiunto\. "
        r"Puoi aggiungere un altro tema qui sotto\.",
        _messages(response)[0],
    )


def test_the_inline_add_link_agrees_with_its_noun(client, world):
    client.force_login(world["staff"])
    page = _text(client.get(f"{ADMIN}cities/city/{world['reggio'].pk}/change/", **IT))
    found = re.search(r'data-inline-formset="([^"]+)"', page)
    options = json.loads(html.unescape(found.group(1)))["options"]
    assert options["addText"] == "Aggiungi un'altra attività"


def test_the_related_widget_icons_agree_with_their_noun(client, world):
    client.force_login(world["staff"])
    page = _text(client.get(f"{ADMIN}cities/activity/{world['activity'].pk}/change/", **IT))
    assert 'title="Modifica la città selezionata"' in page
    assert 'title="Aggiungi un&#x27;altra città"' in page or "Aggiungi un'altra città" in page
    assert 'title="Modifica il tema selezionato"' in page


def test_history_names_fields_in_the_readers_language_and_never_internal_ones(client, world):
    client.force_login(world["editor"])
    url = f"{ADMIN}cities/city/{world['reggio'].pk}/change/"
    _save(client, url, "city_form", summary_it="<p>Nuova sintesi</p>", photo_alt_en="A square")
    client.force_login(world["staff"])
    history = f"{ADMIN}cities/city/{world['reggio'].pk}/history/"
    italian = _text(client.get(history, **IT))
    assert "sintesi (italiano)" in italian
    assert "descrizione della foto (inglese)" in italian
    english = _text(client.get(history, **EN))
    assert "Summary (Italian)" in english or "summary (Italian)" in english
    for page in (italian, english):
        assert "edit_guard" not in page
        assert "Summary [it]" not in page


def test_the_admin_javascript_catalogue_covers_the_widgets(client, world):
    client.force_login(world["staff"])
    italian = _text(client.get(f"{ADMIN}jsi18n/", **IT))
    for english, italian_word in [
        ("Choose all %s", "Scegli tutte le voci (%s)"),
        ("Remove all %s", "Togli tutte le voci (%s)"),
        ("Chosen %s", "%s nella selezione"),
        ("bold", "Grassetto"),
        ("paragraph", "Paragrafo"),
        ("insert link", "Inserisci un collegamento"),
        ("Heading %s", "Titolo %s"),
        ("January", "Gennaio"),
    ]:
        assert f'"{english}": "{italian_word}"' in italian
    english = _text(client.get(f"{ADMIN}jsi18n/", **EN))
    assert '"bold": "Bold"' in english


def test_the_sign_in_records_have_a_translated_section(client, world):
    client.force_login(world["staff"])
    page = _text(client.get(ADMIN, **IT))
    assert "Sicurezza degli accessi" in page
    assert "Tentativi di accesso" in page
    captions = [
        re.sub(r"<[^>]+>", "", caption)
        for caption in re.findall(r"<caption>(.*?)</caption>", page, re.S)
    ]
    assert not [caption for caption in captions if "axes" in caption.lower()]


# No English in the Italian back office ------------------------------------------------

ENGLISH_WORDS = [
    "Choose",
    "Remove",
    "Add another",
    "Save",
    "Delete",
    "History",
    "bold",
    "paragraph",
    "link",
    "Access",
    "Model name",
    "Filter",
    "Change",
    "Search",
    "Heading",
    "selected",
    "Welcome",
    "Log out",
    "Previous",
    "Next",
    "Show",
    "Hide",
    "Today",
    "Can",
    "Attempted",
    "Log",
    "Failed",
    "Sign-in",
    "Reversion",
    "revisions",
    "Core",
    "Content",
    "Thumbnail",
]


class _Visible(HTMLParser):
    """The words a person meets on a page: text, and the titles, labels and placeholders
    of its elements (not scripts, styles or hidden template data)."""

    SKIP = {"script", "style", "template", "textarea"}
    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") not in ("submit", "button"):
            attributes.pop("value", None)
        if tag == "option":
            attributes.pop("value", None)
        for name, value in attributes.items():
            if name in self.ATTRIBUTES and value:
                self.words.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.words.append(data)


def english_words(page: str) -> list[str]:
    parser = _Visible()
    parser.feed(page)
    text = "\n".join(parser.words)
    return [
        word
        for word in ENGLISH_WORDS
        if re.search(rf"(?<![\w/.-]){re.escape(word)}(?![\w/.-])", text)
    ]


def _pages(world, role):
    meeting = MeetingFactory(title_it="Incontro di rete", title_en="", summary_en="")
    result = ResultFactory(city=world["reggio"])
    pages = [
        ADMIN,
        f"{ADMIN}cities/",
        f"{ADMIN}cities/city/",
        f"{ADMIN}cities/city/{world['reggio'].pk}/change/",
        f"{ADMIN}cities/city/{world['reggio'].pk}/history/",
        f"{ADMIN}cities/activity/",
        f"{ADMIN}cities/activity/add/",
        f"{ADMIN}cities/activity/{world['activity'].pk}/change/",
        f"{ADMIN}cities/activity/{world['activity'].pk}/delete/",
        f"{ADMIN}documents/document/",
        f"{ADMIN}documents/document/add/",
        f"{ADMIN}documents/document/{world['document'].pk}/change/",
        f"{ADMIN}index/result/",
        f"{ADMIN}index/result/{result.pk}/change/",
        f"{ADMIN}password_change/",
        # Refusals.
        f"{ADMIN}cities/city/{world['other'].pk}/change/",
        f"{ADMIN}meetings/meeting/",
    ]
    if role == "staff":
        theme = ThemeFactory(name_en="")
        area = AreaFactory(name_en="")
        page = PageFactory(key="join", title_en="", body_en="", lead_en="")
        link = LinkFactory(title_en="", description_en="")
        record = {"username": "assessora", "ip_address": "10.0.0.1", "user_agent": "test"}
        attempt = AccessAttempt.objects.create(**record, failures_since_start=1)
        log = AccessLog.objects.create(**record)
        failure = AccessFailureLog.objects.create(**record)
        pages += [
            f"{ADMIN}cities/city/add/",
            f"{ADMIN}cities/city/{world['reggio'].pk}/delete/",
            f"{ADMIN}cities/city/{world['reggio'].pk}/add-editor/",
            f"{ADMIN}cities/city/recover/",
            f"{ADMIN}cities/theme/{theme.pk}/change/",
            f"{ADMIN}meetings/meeting/{meeting.pk}/change/",
            f"{ADMIN}meetings/meeting/add/",
            f"{ADMIN}meetings/registration/",
            f"{ADMIN}documents/link/{link.pk}/change/",
            f"{ADMIN}icnet/page/{page.pk}/change/",
            f"{ADMIN}index/area/{area.pk}/change/",
            f"{ADMIN}index/result/add/",
            f"{ADMIN}auth/user/",
            f"{ADMIN}auth/user/{world['editor'].pk}/change/",
            f"{ADMIN}auth/group/",
            f"{ADMIN}auth/group/{Group.objects.get(name=EDITOR_GROUP).pk}/change/",
            f"{ADMIN}axes/accessattempt/",
            f"{ADMIN}axes/accessattempt/{attempt.pk}/change/",
            f"{ADMIN}axes/accesslog/{log.pk}/change/",
            f"{ADMIN}axes/accessfailurelog/{failure.pk}/change/",
            f"{ADMIN}translations/",
            f"{ADMIN}preferences/",
        ]
    return pages


@pytest.mark.parametrize("role", ["staff", "editor"])
def test_every_admin_page_type_is_in_italian(client, world, role):
    client.force_login(world[role])
    found = {}
    for url in _pages(world, role):
        response = client.get(url, **IT)
        assert response.status_code in (200, 403), (url, response.status_code)
        words = english_words(_text(response))
        if words:
            found[url] = words
    assert not found, found


def test_the_word_check_finds_english(client, world):
    assert english_words("<p>Choose all</p><button title='bold'>B</button>") == [
        "Choose",
        "bold",
    ]


# Refusals -----------------------------------------------------------------------------


def test_an_editor_refused_another_city_gets_a_page_in_italian(client, world):
    client.force_login(world["editor"])
    response = client.get(f"{ADMIN}cities/city/{world['other'].pk}/change/", **IT)
    assert response.status_code == 403
    page = _text(response)
    assert "Non puoi modificare questa città: il tuo account gestisce Reggio Emilia." in page
    assert f'href="{ADMIN}cities/city/{world["reggio"].pk}/change/"' in page
    assert "Fermo" not in page
    assert 'id="header"' in page  # the admin's own page, styled


def test_an_editor_refused_a_staff_page_gets_a_page_in_english(client, world):
    client.force_login(world["editor"])
    response = client.get(f"{ADMIN}meetings/meeting/", **EN)
    assert response.status_code == 403
    page = _text(response)
    assert "You cannot open this page: your account manages Reggio Emilia." in page
    assert "403 Forbidden" not in page
    response = client.get(f"{ADMIN}cities/activity/999999/change/", **EN)
    assert response.status_code == 403
    assert "You cannot edit this activity: your account manages Reggio Emilia." in _text(response)


def test_staff_asking_for_a_missing_object_are_told_in_agreeing_italian(client, world):
    client.force_login(world["staff"])
    response = client.get(f"{ADMIN}cities/city/999999/change/", follow=True, **IT)
    assert _messages(response) == ["La città con ID “999999” non esiste. Forse è stata eliminata?"]


def test_the_public_403_is_the_sites_own_page(rf, world):
    from icnet.site.views import permission_denied

    request = rf.get("/it/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403
    assert "<main" in _text(response) or "<article" in _text(response)


# The editor's home and staff's box ----------------------------------------------------


def test_an_editors_home_is_their_city(client, world):
    world["reggio"].published = True
    world["reggio"].save()
    client.force_login(world["editor"])
    _save(
        client,
        f"{ADMIN}cities/city/{world['reggio'].pk}/change/",
        "city_form",
        summary_it="<p>Sintesi</p>",
    )
    page = _text(client.get(ADMIN, **IT))
    assert "La tua città: Reggio Emilia" in page
    assert f'href="{ADMIN}cities/city/{world["reggio"].pk}/change/">Modifica il profilo' in page
    assert "Foto: non ancora presente" in page
    assert "1 attività." in page
    assert "da assessora." in page
    with translation.override("it"):
        assert f'href="{reverse("cities:detail", kwargs={"slug": "reggio-emilia"})}"' in page
    assert 'href="/en/cities/reggio-emilia/"' in page
    assert "Come fare" in page
    assert "Fermo" not in page
    assert 'id="editor-changes"' not in page


def test_staff_see_the_latest_changes_by_city_editors(client, world):
    client.force_login(world["editor"])
    _save(
        client,
        f"{ADMIN}cities/city/{world['reggio'].pk}/change/",
        "city_form",
        profile_it="<p>Nuovo profilo</p>",
    )
    client.force_login(world["staff"])
    page = _text(client.get(ADMIN, **IT))
    box = page.split('id="editor-changes"', 1)[1].split("</section>", 1)[0]
    assert "assessora" in box
    assert "Reggio Emilia" in box
    assert "profilo interculturale (italiano)" in box
    assert f'href="{ADMIN}cities/city/{world["reggio"].pk}/history/"' in box
    assert "La tua città" not in page


# Staff are told what editors changed --------------------------------------------------


def _age_notices(minutes):
    ChangeNotice.objects.update(created=timezone.now() - datetime.timedelta(minutes=minutes))


def test_an_editors_saves_reach_staff_in_one_mail_with_what_changed(client, world):
    quiet = back_office_user("muta", STAFF_GROUP, email="muta@example.org")
    AccountPreference.objects.create(user=quiet, change_mails=False)
    english = back_office_user("lisa", STAFF_GROUP, email="lisa@example.org")
    AccountPreference.objects.create(user=english, language="en")
    client.force_login(world["editor"])
    url = f"{ADMIN}cities/city/{world['reggio'].pk}/change/"
    _save(client, url, "city_form", summary_it="<p>Una città che accoglie</p>")
    _save(client, url, "city_form", photo_alt_it="La piazza")
    activity_url = f"{ADMIN}cities/activity/{world['activity'].pk}/change/"
    _save(client, activity_url, "activity_form", title_it="Corso di lingua")
    assert ChangeNotice.objects.count() == 3

    call_command("send_change_mails")
    assert mail.outbox == []  # the editor may still be at work

    _age_notices(10)
    call_command("send_change_mails")
    assert sorted(m.to[0] for m in mail.outbox) == ["lisa@example.org", "staff@example.org"]
    italian = next(m for m in mail.outbox if m.to == ["staff@example.org"])
    assert "assessora" in italian.subject
    assert "Sintesi (italiano): “Sintesi.” → “Una città che accoglie”" in italian.body
    assert "Descrizione della foto (italiano): “—” → “La piazza”" in italian.body
    assert "Sintesi:" not in italian.body  # a translated field counts once per language
    assert "Titolo (italiano): “Corso di italiano” → “Corso di lingua”" in italian.body
    assert f"/cities/city/{world['reggio'].pk}/history/" in italian.body
    assert "edit_guard" not in italian.body
    english_mail = next(m for m in mail.outbox if m.to == ["lisa@example.org"])
    assert "Summary (Italian): “Sintesi.” → “Una città che accoglie”" in english_mail.body
    assert ChangeNotice.objects.count() == 0

    call_command("send_change_mails")
    assert len(mail.outbox) == 2  # nothing is sent twice


def test_staff_saves_tell_nobody(client, world):
    client.force_login(world["staff"])
    _save(
        client,
        f"{ADMIN}cities/city/{world['reggio'].pk}/change/",
        "city_form",
        summary_it="<p>Dallo staff</p>",
    )
    assert ChangeNotice.objects.count() == 0


def test_a_long_batch_is_sent_after_half_an_hour_even_if_saves_go_on(client, world):
    client.force_login(world["editor"])
    url = f"{ADMIN}cities/city/{world['reggio'].pk}/change/"
    _save(client, url, "city_form", summary_it="<p>Prima</p>")
    _age_notices(40)
    _save(client, url, "city_form", summary_it="<p>Dopo</p>")
    call_command("send_change_mails")
    assert len(mail.outbox) == 1
    assert "Prima" in mail.outbox[0].body and "Dopo" in mail.outbox[0].body


def test_staff_choose_their_mails_language_and_turn_them_off(client, world):
    client.force_login(world["staff"])
    url = f"{ADMIN}preferences/"
    assert client.get(url, **IT).status_code == 200
    response = client.post(url, {"language": "en"}, **IT)
    assert response.status_code == 302
    preference = AccountPreference.objects.get(user=world["staff"])
    assert preference.language == "en"
    assert preference.change_mails is False
    client.force_login(world["editor"])
    assert client.get(url, **IT).status_code == 403


# Small fixes --------------------------------------------------------------------------


def test_favicon_ico_answers_with_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("icnet/favicon.svg")


def test_admin_pages_link_the_favicon(client, world):
    client.force_login(world["editor"])
    assert 'rel="icon"' in _text(client.get(ADMIN, **IT))


def test_document_dates_show_at_their_precision_in_the_list(client, world):
    DocumentFactory(
        city=world["reggio"],
        title_it="Piano del 2012",
        date=datetime.date(2012, 1, 1),
        date_precision=Document.DatePrecision.YEAR,
    )
    client.force_login(world["staff"])
    page = _text(client.get(f"{ADMIN}documents/document/", **IT))
    row = page.split("Piano del 2012", 1)[1].split("</tr>", 1)[0]
    assert '<td class="field-date_shown">2012</td>' in row
    assert "Gennaio" not in row


def test_the_longitude_help_sits_beside_its_input_not_under_the_map(client, world):
    client.force_login(world["editor"])
    page = _text(client.get(f"{ADMIN}cities/city/{world['reggio'].pk}/change/", **IT))
    field = page.split('id="id_longitude"', 1)[1]
    assert field.index('id="id_longitude_helptext"') < field.index("data-map-picker")
    assert page.count('id="id_longitude_helptext"') == 1


def test_a_group_saved_unchanged_keeps_its_permissions(client, world):
    """The group form offers only the permissions of what staff run, named in Italian; a
    role's own permissions are all among them, so saving it as it is changes nothing."""
    client.force_login(world["staff"])
    editors = Group.objects.get(name=EDITOR_GROUP)
    before = set(editors.permissions.values_list("pk", flat=True))
    url = f"{ADMIN}auth/group/{editors.pk}/change/"
    page = _text(client.get(url, **IT))
    assert "Città | Può modificare città" in page
    response = _save(client, url, "group_form")
    assert response.status_code == 200 and response.redirect_chain
    assert set(editors.permissions.values_list("pk", flat=True)) == before
