"""The documents pages in a real browser: the filters work without JavaScript and axe-core
finds no accessibility violations on the library, a document page and the useful links."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from documents import demo
from tests.factories import CityFactory

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def axe_page(browser, live_server, settings):
    """A page that may inject axe-core (the site's CSP rightly forbids inline scripts)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make checkers)")
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(locale="it-IT", bypass_csp=True)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [f"{v['id']}: {json.dumps([n['target'] for n in v['nodes']])}" for v in result]


@pytest.mark.parametrize(
    "path",
    [
        "/it/documents/",
        "/en/documents/?kind=charter&year=nonsense",
        "/it/documents/carta-della-rete/",
        "/en/documents/reggio-emilia-programma-2012-2014/",
        "/it/documents/links/",
    ],
)
def test_documents_pages_have_no_accessibility_violations(axe_page, live_server, path):
    CityFactory(slug="reggio-emilia", name_it="Reggio Emilia")
    demo.load()
    axe_page.goto(live_server.url + path)
    assert violations(axe_page) == []


def test_library_filters_work_without_javascript(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    demo.load()
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/documents/")
    page.get_by_label("Kind").select_option("guide")
    page.get_by_role("button", name="Show").click()
    assert page.url.endswith("/en/documents/?kind=guide&city=&year=&language=")
    titles = page.locator(".document-entry h2").all_inner_texts()
    assert titles == ["Step-by-step guide"]
    context.close()
