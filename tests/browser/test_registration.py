"""The registration form in a real browser with JavaScript off, in both languages, from the
form to the confirmed place; and axe-core on each of its pages."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from meetings.demo import EXAMPLE_SLUG
from meetings.models import Registration
from tests.browser.axe import axe_violations
from tests.pages import localized

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {
    "it": {
        "name": "Nome e cognome",
        "email": "Indirizzo e-mail",
        "city": "Città socia",
        "role": "Ruolo",
        "online": "Online",
        "consent": "Ho letto l'informativa sulla privacy",
        "submit": "Iscriviti",
        "sent": "Controlla la tua e-mail",
        "confirmed": "Iscrizione confermata",
        "cancel": "Annulla la mia iscrizione e cancella i miei dati",
        "cancelled": "Iscrizione annullata",
    },
    "en": {
        "name": "Name and surname",
        "email": "E-mail address",
        "city": "Member city",
        "role": "Role",
        "online": "Online",
        "consent": "I have read the privacy notice",
        "submit": "Register",
        "sent": "Check your e-mail",
        "confirmed": "Registration confirmed",
        "cancel": "Cancel my registration and erase my data",
        "cancelled": "Registration cancelled",
    },
}


@pytest.fixture
def no_script_page(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(java_script_enabled=False)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


def _link(message, path: str) -> str:
    return next(link for link in re.findall(r"(http://\S+)", message.body) if link.endswith(path))


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_form_works_without_javascript(no_script_page, live_server, lang):
    call_command("load_demo", stdout=StringIO())
    page, texts = no_script_page, TEXTS[lang]
    page.goto(
        live_server.url + localized("meetings:register", {"slug": EXAMPLE_SLUG}, language=lang)
    )
    page.get_by_label(texts["name"]).fill("Anna Rossi")
    page.get_by_label(texts["email"]).fill(f"anna-{lang}@example.org")
    page.get_by_label(texts["city"]).select_option(label="Reggio Emilia")
    page.get_by_label(texts["role"]).fill("Assessora")
    page.get_by_label(texts["online"], exact=True).check()
    page.get_by_label(texts["consent"]).check()
    page.get_by_role("button", name=texts["submit"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == texts["sent"]

    registration = Registration.objects.get(email=f"anna-{lang}@example.org")
    assert (registration.status, registration.attendance, registration.language) == (
        Registration.Status.PENDING,
        "online",
        lang,
    )
    assert registration.city.slug == "reggio-emilia"

    message = mail.outbox[-1]
    # The mailed links are in the registration's language: .../conferma/, .../confirm/.
    token = registration.token
    confirm = localized("meetings:registration-confirm", {"token": token}, language=lang)
    cancel = localized("meetings:registration-cancel", {"token": token}, language=lang)
    page.goto(_link(message, confirm).replace("http://testserver", live_server.url))
    assert page.get_by_role("heading", level=1).inner_text() == texts["confirmed"]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    page.goto(_link(message, cancel).replace("http://testserver", live_server.url))
    page.get_by_role("button", name=texts["cancel"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == texts["cancelled"]
    registration.refresh_from_db()
    assert (registration.status, registration.email) == (Registration.Status.CANCELLED, "")


def test_the_pages_after_the_form_have_no_accessibility_violations(axe_page, live_server):
    call_command("load_demo", stdout=StringIO())
    page, found = axe_page, {}
    for lang, texts in TEXTS.items():
        page.goto(
            live_server.url + localized("meetings:register", {"slug": EXAMPLE_SLUG}, language=lang)
        )
        # The form refused: its errors next to their fields (the browser's own checks off).
        page.eval_on_selector("form.registration-form", "form => form.noValidate = true")
        page.get_by_role("button", name=texts["submit"]).click()
        found[f"{lang} errors"] = axe_violations(page)
        page.get_by_label(texts["name"]).fill("Anna Rossi")
        page.get_by_label(texts["email"]).fill(f"axe-{lang}@example.org")
        page.get_by_label(texts["role"]).fill("Ricercatrice")
        page.locator("#id_organisation").fill("Università")
        page.get_by_label(texts["consent"]).check()
        page.get_by_role("button", name=texts["submit"]).click()
        assert page.get_by_role("heading", level=1).inner_text() == texts["sent"]
        found[f"{lang} sent"] = axe_violations(page)
    assert {key: value for key, value in found.items() if value} == {}
