"""Project-wide checks: migrations, URL names, languages, settings, demo data, health."""

import os
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import URLPattern, URLResolver, get_resolver

from icnet.site.models import Page
from tests.factories import PageFactory
from tests.faults.servers import RedisServer

pytestmark = pytest.mark.django_db


def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:  # pragma: no cover - the failure path
        pytest.fail(f"Missing migrations:\n{out.getvalue()}")


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_url_pattern_is_named():
    # The admin's own patterns are Django's; every pattern of the site itself has a name.
    unnamed = [
        route
        for route, entry in _patterns(get_resolver())
        if not entry.name
        and not route.startswith(settings.ADMIN_PATH)
        and not route.startswith("^media/")
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("language", "nav_label", "lang_attr"),
    [("it", "Incontri", 'lang="it"'), ("en", "Meetings", 'lang="en"')],
)
def test_home_renders_in_each_language_with_translated_navigation(
    client, language, nav_label, lang_attr
):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<html {lang_attr}>" in html
    assert f">{nav_label}</a>" in html


def test_italian_catalogue_really_translates():
    from django.utils import translation

    with translation.override("it"):
        assert translation.gettext("Meetings") == "Incontri"
        assert translation.gettext("Skip to content") == "Vai al contenuto"


@pytest.mark.parametrize(
    ("accept", "target"),
    [("en-GB,en;q=0.9", "/en/"), ("it-IT,it;q=0.9", "/it/"), ("de-DE", "/it/")],
)
def test_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == target


def test_language_switcher_keeps_the_path(client):
    PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo", title_en="About us")
    html = client.get("/it/chi-siamo/").content.decode()
    assert 'href="/en/about/" hreflang="en"' in html
    html = client.get("/en/about/").content.decode()
    assert 'href="/it/chi-siamo/" hreflang="it"' in html
    assert "About us" in html


def test_missing_english_text_shows_italian_with_a_notice(client):
    PageFactory(key=Page.Key.JOIN, title_it="Come aderire", title_en="", body_en="")
    html = client.get("/en/join/").content.decode()
    assert "Come aderire" in html
    assert "shown in the original Italian" in html
    html = client.get("/it/aderire/").content.decode()
    assert 'class="notice"' not in html


def test_unpublished_page_is_not_found(client):
    PageFactory(key=Page.Key.ABOUT, published=False)
    assert client.get("/it/chi-siamo/").status_code == 404


def test_pages_refuse_post(client):
    assert client.post("/it/").status_code == 405


def test_admin_answers_without_language_prefix(client):
    response = client.get(f"/{settings.ADMIN_PATH}")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{settings.ADMIN_PATH}login/")


def test_admin_login_page_follows_the_users_language(client):
    html = client.get(
        f"/{settings.ADMIN_PATH}login/", headers={"accept-language": "en"}
    ).content.decode()
    assert "Log in" in html
    html = client.get(
        f"/{settings.ADMIN_PATH}login/", headers={"accept-language": "it"}
    ).content.decode()
    assert "Accedi" in html


def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] == "down"


def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=StringIO())
    counts = _counts()
    assert counts["icnet.page"] == 8
    call_command("load_demo", stdout=StringIO())
    assert _counts() == counts


def test_load_demo_keeps_what_staff_edited():
    call_command("load_demo", stdout=StringIO())
    Page.objects.filter(key="about").update(title_en="About the network, edited")
    call_command("load_demo", stdout=StringIO())
    assert Page.objects.get(key="about").title_en == "About the network, edited"


def _counts():
    from django.apps import apps

    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"icnet", "cities", "meetings", "documents"}
    }


def _settings_process(env: dict) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "icnet.settings"
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_a_missing_secret_key():
    result = _settings_process({"DEBUG": "false", "ALLOWED_HOSTS": "icnet.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_missing_allowed_hosts():
    result = _settings_process({"DEBUG": "false", "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deploy_check():
    # A Redis configured as the README says (a memory limit, evicting): the machine's own
    # may not be, and the check would rightly warn (tests/faults/test_cache_memory.py).
    binary = shutil.which("redis-server")
    redis = None
    cache_url = "locmemcache://"
    if binary:
        redis = RedisServer(binary, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru")
        redis.start()
        cache_url = redis.url
    try:
        result = _settings_process(
            {
                "DEBUG": "false",
                "SECRET_KEY": "a-production-secret-key-" + "q7Zp" * 12,
                "ALLOWED_HOSTS": "icnet.example.org",
                "DATABASE_URL": os.environ.get(
                    "DATABASE_URL", "sqlite:////tmp/icnet-check.sqlite3"
                ),
                "CACHE_URL": cache_url,
            }
        )
    finally:
        if redis is not None:
            redis.stop()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_collectstatic_hashes_and_compresses_every_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="false",
        SECRET_KEY="a-production-secret-key-" + "q7Zp" * 12,
        ALLOWED_HOSTS="icnet.example.org",
        STATIC_ROOT=str(tmp_path),
        DJANGO_SETTINGS_MODULE="icnet.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "icnet/site.css" in manifest
    assert list(tmp_path.glob("icnet/site.*.css.gz"))
