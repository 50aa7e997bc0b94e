"""Hostile input on every public URL: no answer is a server error.

The URLs come from the URL patterns (everything but the back office), their parameters
from objects that exist and from values that do not; the query parameters from every field
of every GET form the pages show (the list filters), plus the ones views read directly.
Each gets long, unicode, NUL, repeated (array) and out-of-range values.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from tests.factories import (
    ActivityFactory,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    PageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "a" * 5000,
    "città ☃ \U0001d518 \u202e\ufeff",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "99999999999999999999999999",
    "-9223372036854775809",
    "2147483648",
    "1e309",
    "NaN",
    "9999-99-99",
    "0000-00-00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "{slug}",
]
SINGLE_VALUES = ["a" * 5000, HOSTILE_VALUES[1], "a\x00b", "-1", HOSTILE_VALUES[6], "9999-99-99"]
# Read by views without appearing in a form (pagination, search, feeds, calendars).
EXTRA_PARAMETERS = ["page", "q", "year", "month", "kind", "city", "language", "format", "lang"]
HOSTILE_PATH_VALUES = ["a" * 300, "città", "%00", "-1", "99999999999999999999", "..", "%2e%2e"]


class _GetForms(HTMLParser):
    """The field names of the GET forms of a page."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("method") or "get").lower() == "get"
        elif self.inside and tag in ("input", "select", "textarea") and a.get("name"):
            self.names.add(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


@pytest.fixture
def world():
    theme = ThemeFactory(slug="accoglienza")
    city = CityFactory(slug="torino")
    CityFactory(slug="nascosta", published=False)
    ActivityFactory(city=city, theme=theme)
    meeting = MeetingFactory(slug="incontro", host_city=city, themes=[theme])
    MeetingFactory(slug="riservato", host_city=city, published=False)
    document = DocumentFactory(slug="carta", city=city, meeting=meeting)
    DocumentFileFactory(document=document)
    DocumentFileFactory(document=DocumentFactory(slug="bozza", published=False))
    for key in ("about", "join", "home"):
        PageFactory(key=key)
    return {
        "slug": ["torino", "nascosta", "incontro", "riservato", "carta", "bozza", "accoglienza"]
    }


def _routes(resolver=None, prefix=""):
    """(route with <converter:name> placeholders, localised) of every public pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if isinstance(pattern.pattern, LocalePrefixPattern):
                yield from ((route, True) for route, _ in _routes(pattern, prefix))
            else:
                yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), False


def public_paths(world) -> list[tuple[str, str]]:
    """(route, path) of every public URL pattern filled in every way worth asking."""
    paths = set()
    for route, localised in _routes():
        if route.startswith(settings.ADMIN_PATH):
            continue
        route = route.lstrip("^").rstrip("$")
        names = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        choices = {}
        for _converter, name in names:
            known = {
                "slug": world["slug"],
                "language": ["it", "en", "xx"],
                "section": ["cities", "meetings", "documents", "pages", "nope"],
            }.get(name, ["x"])
            choices[name] = [*known, *HOSTILE_PATH_VALUES]
        # Each parameter through all its values, the others at their first one.
        base = {name: values[0] for name, values in choices.items()}
        fillings = [base] + [
            {**base, name: value} for name, values in choices.items() for value in values
        ]
        for filling in fillings:
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, f=filling: f[m[1]], route)
            for language in ("it", "en") if localised else ("",):
                paths.add(
                    (f"{language}:{route}", f"/{language}/{path}" if language else f"/{path}")
                )
    return sorted(paths)


def _get(client, path, data=None):
    try:
        return client.get(path, data).status_code
    except Exception as error:  # the test client re-raises what would have been a 500
        return f"{type(error).__name__}: {error}"[:300]


def test_no_public_url_answers_a_server_error_to_hostile_input(client, world):
    paths = public_paths(world)
    assert {"/it/citta/", "/api/cities.geojson"} <= {path for _route, path in paths}
    failures = []
    forms: dict[str, set[str]] = {}
    # One page per route for the query parameters: one that answers 200 where there is one.
    answered: dict[str, str] = {}
    first: dict[str, str] = {}
    for route, path in paths:
        status = _get(client, path)
        if not isinstance(status, int) or status >= 500:
            failures.append(f"{path}: {status}")
            continue
        first.setdefault(route, path)
        if status == 200:
            answered.setdefault(route, path)
        if status == 200 and path.startswith("/it/") and answered[route] == path:
            response = client.get(path)
            if "html" in response.get("Content-Type", ""):
                parser = _GetForms()
                parser.feed(response.content.decode())
                if parser.names:
                    forms[path] = parser.names
    assert forms, "no page shows a GET form: the filters were not found"
    every_name = sorted(set(EXTRA_PARAMETERS).union(*forms.values()))
    # Every path with every parameter at once, for each hostile value; then as arrays.
    for path in sorted({**first, **answered}.values()):
        for value in HOSTILE_VALUES:
            status = _get(client, path, dict.fromkeys(every_name, value))
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{path} all={value[:20]!r}: {status}")
        arrays = {name: ["1", "città", "\x00"] for name in every_name}
        arrays.update({f"{name}[]": ["1", "2"] for name in every_name})
        status = _get(client, path, arrays)
        if not isinstance(status, int) or status >= 500:
            failures.append(f"{path} arrays: {status}")
    # Each filter of each page on its own, so no value hides behind another's refusal.
    for path, names in forms.items():
        for name in sorted(names):
            for value in SINGLE_VALUES:
                status = _get(client, path, {name: value})
                if not isinstance(status, int) or status >= 500:
                    failures.append(f"{path} {name}={value[:20]!r}: {status}")
    assert not failures, "\n".join(failures[:50])
