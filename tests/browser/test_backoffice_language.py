"""The back office in a real browser, in Italian and in English, as a city editor and as
network staff: save messages, the meeting form's selectors, the rich-text toolbar, the
refusal page, the editor's home and staff's box of recent changes; axe-core finds no
violation on any of them, and no request of theirs answers 404."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from tests.admin_forms import read_form
from tests.browser.axe import AXE, axe_violations
from tests.browser.conftest import TIMEOUT
from tests.factories import CityFactory, MeetingFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ADMIN = f"/{settings.ADMIN_PATH}"

WORDS = {
    "it": {
        "home": "La tua città: Fermo",
        "edit": "Modifica il profilo",
        "saved": "La città “Fermo” è stata modificata.",
        "refused": "Non puoi modificare questa città: il tuo account gestisce Fermo.",
        "bold": "Grassetto",
        "link": "Inserisci un collegamento",
        "heading": "Titolo 2",
        "choose_all": "Scegli tutte le voci (temi)",
        "remove_all": "Togli tutte le voci (temi)",
        "box": "Ultime modifiche dei redattori delle città",
        "meeting_saved": "L'incontro “Incontro di Fermo” è stato modificato.",
    },
    "en": {
        "home": "Your city: Fermo",
        "edit": "Edit the profile",
        "saved": "The city “Fermo” was changed.",
        "refused": "You cannot edit this city: your account manages Fermo.",
        "bold": "Bold",
        "link": "Insert a link",
        "heading": "Heading 2",
        "choose_all": "Choose all themes",
        "remove_all": "Remove all themes",
        "box": "Latest changes by city editors",
        "meeting_saved": "The meeting “Incontro di Fermo” was changed.",
    },
}
LOCALES = {"it": "it-IT", "en": "en-GB"}


@pytest.fixture
def people(live_server):
    fermo = CityFactory(slug="fermo", name_it="Fermo", name_en="Fermo", published=True)
    other = CityFactory(slug="ancona", name_it="Ancona", name_en="Ancona")
    editor = UserFactory(username="assessore", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    fermo.editors.add(editor)
    staff = UserFactory(username="staffer", is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    return {"fermo": fermo, "other": other, "editor": editor, "staff": staff}


@pytest.fixture
def open_as(browser, live_server, settings):
    """A browser page in a language, signed in as a user; it records every response that
    answers 404 and every script error."""
    if not __import__("os").path.exists(AXE):
        pytest.fail("axe-core is missing; make checkers installs it")
    settings.ALLOWED_HOSTS = ["*"]
    contexts = []

    def _open(user, language):
        context = browser.new_context(locale=LOCALES[language], bypass_csp=True)
        context.set_default_timeout(TIMEOUT)
        context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.missing = []
        page.js_errors = []
        page.on(
            "response",
            lambda response: page.missing.append(response.url) if response.status == 404 else None,
        )
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        return page

    yield _open
    for context in contexts:
        context.close()


def _no_violations(page):
    assert axe_violations(page) == [], page.url


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_city_editor_works_in_their_language(open_as, live_server, people, language):
    words = WORDS[language]
    page = open_as(people["editor"], language)

    # Home: their city first, with a direct link to its profile.
    page.goto(live_server.url + ADMIN)
    expect(page.get_by_role("heading", name=words["home"])).to_be_visible()
    _no_violations(page)
    page.get_by_role("link", name=words["edit"]).click()
    expect(page).to_have_url(re.compile(rf".*/cities/city/{people['fermo'].pk}/change/$"))

    # The toolbar speaks the admin's language, and draws no missing glyph.
    toolbar = page.locator(".prose-menubar").first
    expect(toolbar.locator(f'[title="{words["bold"]}"]')).to_have_count(1)
    expect(toolbar.locator(f'[title="{words["link"]}"]')).to_have_count(1)
    expect(page.locator(".prose-menubar__option h2").first).to_have_text(words["heading"])
    assert toolbar.locator('[title="bold"], [title="paragraph"]').count() == 0
    marker = page.evaluate(
        "() => getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after')"
        ".content"
    )
    assert marker in ('""', "none", "normal"), marker
    _no_violations(page)

    # Save: the message agrees with "la città".
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text(words["saved"])
    _no_violations(page)

    # Another city's page: a styled refusal in their language, nothing of that city.
    response = page.goto(f"{live_server.url}{ADMIN}cities/city/{people['other'].pk}/change/")
    assert response.status == 403
    expect(page.locator(".refusal-message")).to_have_text(words["refused"])
    expect(page.get_by_role("link", name=re.compile("Fermo"))).to_have_count(1)
    assert "Ancona" not in page.content()
    _no_violations(page)

    assert page.missing == []
    assert page.js_errors == []


@pytest.mark.parametrize("language", ["it", "en"])
def test_staff_see_editors_changes_and_translated_selectors(open_as, live_server, people, language):
    words = WORDS[language]
    # An editor saves their city first.
    editor = Client()
    editor.force_login(people["editor"])
    url = f"{ADMIN}cities/city/{people['fermo'].pk}/change/"
    data = read_form(editor.get(url).content.decode(), "city_form")
    data["summary_it"] = "<p>Fermo accoglie.</p>"
    assert editor.post(url, data).status_code == 302

    page = open_as(people["staff"], language)
    page.goto(live_server.url + ADMIN)
    box = page.locator("#editor-changes")
    expect(box.get_by_role("heading", name=words["box"])).to_be_visible()
    expect(box).to_contain_text("assessore")
    expect(box.get_by_role("link", name="Fermo")).to_be_visible()
    _no_violations(page)

    # The meeting form's selector (themes; the cities are searched) and its help, in the
    # admin's language.
    meeting = MeetingFactory(title_it="Incontro di Fermo", title_en="", host_city=people["fermo"])
    ThemeFactory()
    page.goto(f"{live_server.url}{ADMIN}meetings/meeting/{meeting.pk}/change/")
    expect(page.locator("#id_themes_add_all")).to_have_text(words["choose_all"])
    expect(page.locator("#id_themes_remove_all")).to_have_text(words["remove_all"])
    page.locator("#id_themes_from option").first.dblclick()
    _no_violations(page)
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text(words["meeting_saved"])
    _no_violations(page)

    assert page.missing == []
    assert page.js_errors == []


def test_no_admin_request_answers_404_and_favicon_ico_is_served(open_as, live_server, people):
    page = open_as(people["staff"], "it")
    for path in (ADMIN, f"{ADMIN}cities/city/", f"{ADMIN}cities/city/{people['fermo'].pk}/change/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert page.missing == []
    icon = page.request.get(live_server.url + "/favicon.ico")  # follows the redirect
    assert icon.status == 200
    assert "svg" in icon.headers["content-type"]


def test_an_editor_can_read_their_pages_on_a_phone(open_as, live_server, people):
    page = open_as(people["editor"], "it")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (ADMIN, f"{ADMIN}cities/city/{people['fermo'].pk}/change/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        # Nothing wider than the screen: no sideways scrolling to read a page.
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
