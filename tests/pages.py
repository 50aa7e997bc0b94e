"""Every page type of the site, for the crawls that check them all (status, HTML, axe)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

# Every public page type as (URL name, arguments, query string): reversed in each language,
# so the crawls follow the addresses of that language (/it/citta/…, /en/cities/…).
PUBLIC_PAGES = [
    ("home", {}, ""),
    ("about", {}, ""),
    ("join", {}, ""),
    ("contacts", {}, ""),
    ("privacy", {}, ""),
    ("cookies", {}, ""),
    ("accessibility", {}, ""),
    ("legal", {}, ""),
    ("cities:list", {}, ""),
    ("cities:list", {}, "region=liguria"),
    ("cities:detail", {"slug": "reggio-emilia"}, ""),
    ("cities:themes", {}, ""),
    ("cities:theme", {"slug": "mediation"}, ""),
    ("meetings:list", {}, ""),
    ("meetings:detail", {"slug": "2010-09-21-reggio-emilia"}, ""),
    ("meetings:detail", {"slug": "2013-10-10-convegno-arezzo"}, ""),
    ("documents:list", {}, ""),
    ("documents:detail", {"slug": "carta-della-rete"}, ""),
    ("documents:links", {}, ""),
    ("search", {}, "q=torino"),
    ("search", {}, "q=mediazione&type=activities"),
    ("statistics", {}, ""),
    ("open_data", {}, ""),
    # The Index pages (the crawls load the demo's example results, see DEMO_OPTIONS).
    ("index:compare", {}, ""),
    ("index:compare", {}, "sort=education&order=desc&city=torino"),
]


def localized(name: str, kwargs: dict | None = None, query: str = "", language: str = "it") -> str:
    """The address of a page in a language, with its query string."""
    with translation.override(language):
        path = reverse(name, kwargs=kwargs or {})
    return f"{path}?{query}" if query else path


# The demo the crawls load: with example Index results, so the charts are checked too.
DEMO_OPTIONS = ["--index-examples"]

# The back-office pages a city editor works with (the demo editor edits Reggio Emilia).
EDITOR_PATHS = [
    "",
    "cities/city/",
    "cities/city/{city}/change/",
    "cities/activity/",
    "cities/activity/add/",
    "documents/document/",
    "documents/document/add/",
    "meetings/registration/",
    "index/result/",
    "password_change/",
]


def public_paths() -> list[str]:
    return [
        localized(name, kwargs, query, code)
        for code, _name in settings.LANGUAGES
        for name, kwargs, query in PUBLIC_PAGES
    ]


def registration_paths() -> list[str]:
    """The demo's registration form and the pages its mailed links open (confirm, cancel),
    in both languages: for each language a new registration of the example meeting."""
    from meetings.demo import EXAMPLE_SLUG
    from meetings.models import Meeting, Registration
    from tests.factories import RegistrationFactory

    meeting = Meeting.objects.get(slug=EXAMPLE_SLUG)
    paths = []
    for code, _name in settings.LANGUAGES:
        registration = RegistrationFactory(
            meeting=meeting,
            city=None,
            organisation="Università",
            status=Registration.Status.PENDING,
            confirmed=None,
            language=code,
        )
        paths += [
            localized("meetings:register", {"slug": EXAMPLE_SLUG}, language=code),
            localized(
                "meetings:registration-confirm", {"token": registration.token}, language=code
            ),
            localized("meetings:registration-cancel", {"token": registration.token}, language=code),
        ]
    return paths


def editor_paths(city_pk: int) -> list[str]:
    return [f"/{settings.ADMIN_PATH}{p.format(city=city_pk)}" for p in EDITOR_PATHS]


def demo_editor():
    """The demo's city editor, created for the crawls (demo accounts are off in tests)."""
    from cities import accounts as services
    from cities.models import City

    city = City.objects.get(slug="reggio-emilia")
    user, _ = services.add_city_editor("editor-reggio", city, "editor@example.org")
    return user, city
