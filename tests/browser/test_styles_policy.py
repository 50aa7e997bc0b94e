"""Public pages under a style-src without 'unsafe-inline': the maps (Leaflet, its clusters,
popups and basemap) and the charts draw with no violation of the policy."""

import pytest

from cities import demo

pytestmark = pytest.mark.django_db(transaction=True)

# Every violation of the page's policy, reported by the browser itself.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.mark.parametrize(
    "path",
    ["/it/", "/it/citta/", "/en/cities/genova/", "/it/incontri/", "/en/statistics/", "/it/indice/"],
)
def test_public_pages_draw_without_inline_styles(page, live_server, path):
    demo.load()
    page.add_init_script(LISTEN)
    page.goto(live_server.url + path)
    policy = page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )
    assert "'unsafe-inline'" not in policy
    if page.locator("[data-map]").count():
        page.wait_for_selector("[data-map][data-map-ready]")
        marker = page.locator(".leaflet-marker-icon").first
        if marker.count():
            marker.click()  # a popup or a cluster opening, both drawn by Leaflet
            page.wait_for_timeout(300)
    assert page.evaluate("window.cspViolations") == []
    assert page.js_errors == []
