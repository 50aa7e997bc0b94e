"""Every page type of the site, for the crawls that check them all (status, HTML, axe)."""

from django.conf import settings

PUBLIC_PATHS = [
    "/{lang}/",
    "/{lang}/about/",
    "/{lang}/join/",
    "/{lang}/contacts/",
    "/{lang}/privacy/",
    "/{lang}/cookies/",
    "/{lang}/accessibility/",
    "/{lang}/legal-notes/",
    "/{lang}/cities/",
    "/{lang}/cities/?region=liguria",
    "/{lang}/cities/reggio-emilia/",
    "/{lang}/cities/themes/",
    "/{lang}/cities/themes/mediation/",
    "/{lang}/meetings/",
    "/{lang}/meetings/2010-09-21-reggio-emilia/",
    "/{lang}/meetings/2013-10-10-convegno-arezzo/",
    "/{lang}/documents/",
    "/{lang}/documents/carta-della-rete/",
    "/{lang}/documents/links/",
    "/{lang}/search/?q=torino",
    "/{lang}/search/?q=mediazione&type=activities",
    "/{lang}/statistics/",
    "/{lang}/open-data/",
    # The Index pages (the crawls load the demo's example results, see DEMO_OPTIONS).
    "/{lang}/{index}/",
    "/{lang}/{index}/?sort=education&order=desc&city=torino",
]

# The one path segment translated in each language.
INDEX_SEGMENT = {"it": "indice", "en": "index"}

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
        p.format(lang=code, index=INDEX_SEGMENT[code])
        for code, _name in settings.LANGUAGES
        for p in PUBLIC_PATHS
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
            f"/{code}/meetings/{EXAMPLE_SLUG}/register/",
            f"/{code}/meetings/registration/{registration.token}/confirm/",
            f"/{code}/meetings/registration/{registration.token}/cancel/",
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
