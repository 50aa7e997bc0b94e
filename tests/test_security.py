"""Security headers on public and admin pages, and the production settings behind them."""

import pytest
from django.conf import settings

from tests.factories import UserFactory
from tests.production import production_settings

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _check_common(response):
    for header, value in COMMON_HEADERS.items():
        assert response[header] == value, header
    assert "camera=()" in response["Permissions-Policy"]
    csp = _csp(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    return csp


@pytest.mark.parametrize("path", ["/it/", "/en/", "/it/citta/", "/en/meetings/", "/it/documenti/"])
def test_public_pages_send_the_security_headers_and_no_script_nonce(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _check_common(response)
    assert "nonce-" not in csp["script-src"]
    assert csp["style-src"] == "'self'"
    html = response.content.decode()
    assert " style=" not in html and "<style" not in html
    # No inline script: every <script> either loads a file or carries data.
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert (
            "src=" in opening
            or 'type="application/json"' in opening
            or ('type="application/ld+json"' in opening)
        ), opening


def test_admin_pages_use_nonces_not_unsafe_inline(client):
    staff = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get(f"/{settings.ADMIN_PATH}icnet/page/add/")
    assert response.status_code == 200
    csp = _check_common(response)
    assert "'nonce-" in csp["script-src"]
    # The admin's own templates and widgets write style attributes: allowed there only.
    assert csp["style-src"] == "'self' 'unsafe-inline'"
    nonce = csp["script-src"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def _production_values(names: list[str], **variables) -> dict:
    return production_settings(
        f"{{n: getattr(s, n) for n in {names!r}}}",
        **{
            **variables,
            "DEBUG": "false",
            "SECRET_KEY": "a-production-secret-key-" + "q7Zp" * 12,
            "ALLOWED_HOSTS": "icnet.example.org",
        },
    )


def test_production_cookies_are_secure_httponly_and_samesite_and_hsts_is_on():
    values = _production_values(
        [
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "CSRF_COOKIE_HTTPONLY",
            "SESSION_COOKIE_SAMESITE",
            "CSRF_COOKIE_SAMESITE",
            "LANGUAGE_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_SSL_REDIRECT",
        ]
    )
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["LANGUAGE_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True


def test_ssl_redirect_can_be_switched_off_for_a_tls_proxy(monkeypatch):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "false")
    assert _production_values(["SECURE_SSL_REDIRECT"])["SECURE_SSL_REDIRECT"] is False


def test_hsts_header_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/it/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_with_tiles_turned_off_the_policy_allows_images_from_the_site_alone():
    values = _production_values(["MAP_TILES_URL", "CONTENT_SECURITY_POLICY"], MAP_TILES_URL="")
    assert values["MAP_TILES_URL"] == ""
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["connect-src"] == ["'self'"]
    values = _production_values(["CONTENT_SECURITY_POLICY"])
    assert (
        "https://tile.openstreetmap.org"
        in values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    )


@pytest.mark.django_db
def test_with_tiles_turned_off_the_map_asks_for_none(client, settings):
    settings.MAP_TILES_URL = ""
    from tests.factories import CityFactory

    CityFactory(slug="lodi")
    html = client.get("/it/citta/lodi/").content.decode()
    assert "data-tiles-url" not in html
    assert 'data-basemap-url="/static/geo/italy-regions.json"' in html
