"""The documents pages in a real browser: the filters work without JavaScript and axe-core
finds no accessibility violations on the library, a document page and the useful links."""

import pytest

from documents import demo
from tests.browser.axe import axe_violations
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path",
    [
        "/it/documenti/",
        "/en/documents/?kind=charter&year=nonsense",
        "/it/documenti/carta-della-rete/",
        "/en/documents/reggio-emilia-programma-2012-2014/",
        "/it/documenti/collegamenti/",
    ],
)
def test_documents_pages_have_no_accessibility_violations(axe_page, live_server, path):
    CityFactory(slug="reggio-emilia", name_it="Reggio Emilia")
    demo.load()
    axe_page.goto(live_server.url + path)
    assert axe_violations(axe_page) == []


def test_library_filters_work_without_javascript(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    demo.load()
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/documents/")
    page.get_by_label("Kind").select_option("guide")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: url.endswith("/en/documents/?kind=guide&city=&year=&language="))
    titles = page.locator(".document-entry h2").all_inner_texts()
    assert titles == ["Step-by-step guide"]
    context.close()
