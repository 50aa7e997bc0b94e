"""Browser tests: Playwright driving Debian's chromium against the live test server.

No test depends on the machine's speed: every step waits for the state it needs (a map's
data-map-ready, a URL, an element through expect), never for a fixed time, and every wait
may take up to TIMEOUT, long enough for a loaded machine yet short enough that a real
failure still ends the test."""

import os
import shutil

import pytest

from tests.browser.axe import AXE

TIMEOUT = 30_000  # milliseconds, for every action, navigation and expect(...)
LAUNCH_TIMEOUT = 120_000  # a first start of chromium on a fresh machine is slow

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium is missing at {CHROMIUM}; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            timeout=LAUNCH_TIMEOUT,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh page whose requests to anywhere but the live server are refused (no tiles)."""
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(locale="it-IT")
    context.set_default_timeout(TIMEOUT)
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, live_server, settings):
    """A page that may inject axe-core: the site's CSP rightly forbids injected scripts, so
    this context alone bypasses it. Requests leave only for the live server (no tiles)."""
    if not os.path.exists(AXE):
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing; make checkers installs it")
        pytest.skip("axe-core is not installed (make checkers)")
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(locale="it-IT", bypass_csp=True)
    context.set_default_timeout(TIMEOUT)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()
