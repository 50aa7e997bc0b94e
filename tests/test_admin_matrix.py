"""Who may see and do what in the back office, for every admin URL there is.

The URLs come from the admin site itself (each registered model admin's patterns, the
site's own views), so a new admin or a new custom view is walked without touching this
file. Each is asked for as anonymous, as the editor of city A, as the editor of city B and
as network staff, against objects of A, of B and of the whole network, published or not.
What each role may do is written down once below, from the rules of the back office; every
refused POST is also checked to have changed nothing in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, resolve
from reversion.models import Revision, Version

from cities.models import City
from documents.models import DocumentFile
from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from tests.admin_forms import read_form
from tests.factories import (
    ActivityFactory,
    CityFactory,
    DocumentFactory,
    DocumentFileFactory,
    LinkFactory,
    MeetingFactory,
    PageFactory,
    ThemeFactory,
    back_office_user,
)

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"
ROLES = ["anonymous", "editor_a", "editor_b", "staff"]

# What a city editor may do, by model: on every object ("all") or on their own cities'
# objects only ("own"). Models not listed are out of their reach altogether.
ALL, OWN = "all", "own"
EDITOR_RIGHTS = {
    "cities.city": {"view": OWN, "change": OWN},
    "cities.activity": {"view": OWN, "add": ALL, "change": OWN, "delete": OWN},
    "documents.document": {"view": OWN, "add": ALL, "change": OWN, "delete": OWN},
    "cities.theme": {"view": ALL},
    "meetings.registration": {"view": OWN},
    "index.area": {"view": ALL},
    "index.result": {"view": OWN},
}
# Related fields an editor fills by searching, though the related model's admin is out of
# their reach: what the search offers them is checked below against what they may pick.
EDITOR_SEARCHES = {"documents.document.meeting"}
# Records nobody writes by hand, even staff: the sign-in logs, and registrations (people
# register themselves on the public form).
READ_ONLY_MODELS = {
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "meetings.registration",
}

# Outcomes. "refused" is 403, 404, or the admin's "does not exist" redirect to its index.
OK, REFUSED, LOGIN, REDIRECT, NOT_ALLOWED = "ok", "refused", "login", "redirect", "405"
INDEX = "index"  # a redirect to the admin's index


# The world ------------------------------------------------------------------------------


@dataclass
class Thing:
    """An object of the world, with where it belongs ("a", "b" or "network")."""

    obj: models.Model
    scope: str

    @property
    def label(self) -> str:
        return self.obj._meta.label_lower

    @property
    def published(self) -> bool:
        return getattr(self.obj, "published", True)


@pytest.fixture
def world():
    a = CityFactory(slug="alfa", name_it="Alfa", published=True)
    b = CityFactory(slug="beta", name_it="Beta", published=False)
    users = {
        "editor_a": back_office_user("editor-a", EDITOR_GROUP, a),
        "editor_b": back_office_user("editor-b", EDITOR_GROUP, b),
        "staff": back_office_user("staffer", STAFF_GROUP),
    }
    things = [Thing(a, "a"), Thing(b, "b")]
    for city, scope in ((a, "a"), (b, "b")):
        for published in (True, False):
            things.append(Thing(ActivityFactory(city=city, published=published), scope))
            document = DocumentFactory(city=city, published=published)
            DocumentFileFactory(document=document)
            things.append(Thing(document, scope))
    network = [
        ThemeFactory(),
        MeetingFactory(host_city=a, published=True),
        MeetingFactory(host_city=b, published=False),
        DocumentFactory(city=None, published=False),
        LinkFactory(published=True),
        LinkFactory(published=False),
        PageFactory(key="about", published=True),
        PageFactory(key="join", published=False),
        Group.objects.get(name=EDITOR_GROUP),
        users["editor_b"],
        AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1),
        AccessLog.objects.create(username="x", ip_address="10.0.0.1"),
        AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1"),
    ]
    things += [Thing(obj, "network") for obj in network]
    # One revision of every versioned object, and one deleted object per versioned model.
    deleted = {}
    with reversion.create_revision():
        for thing in things:
            if reversion.is_registered(type(thing.obj)):
                reversion.add_to_revision(thing.obj)
    for thing in things:
        model = type(thing.obj)
        if reversion.is_registered(model) and model not in deleted:
            gone = _throwaway(model, a)
            with reversion.create_revision():
                reversion.add_to_revision(gone)
            gone.delete()
            deleted[model] = Version.objects.get_deleted(model).first()
    return {"a": a, "b": b, "users": users, "things": things, "deleted": deleted}


def _throwaway(model, city):
    factories = {
        "cities.city": lambda: CityFactory(),
        "cities.activity": lambda: ActivityFactory(city=city),
        "cities.theme": lambda: ThemeFactory(),
        "documents.document": lambda: DocumentFactory(city=city),
        "documents.link": lambda: LinkFactory(),
        "meetings.meeting": lambda: MeetingFactory(host_city=city),
        "icnet.page": lambda: PageFactory(key="home"),
    }
    return factories[model._meta.label_lower]()


# The URLs -------------------------------------------------------------------------------


@dataclass
class Case:
    url: str
    kind: str  # changelist, add, change, history, delete, ..., or a site view's name
    model: str = ""  # the model's label, for a model admin's URL
    thing: Thing | None = None
    expected_location: str = ""
    source: str = ""  # for autocomplete: the requesting field, "app.model.field"


KINDS = {
    "changelist": "changelist",
    "add": "add",
    "change": "change",
    "history": "history",
    "delete": "delete",
    "recoverlist": "recoverlist",
    "recover": "recover",
    "revision": "revision",
}


def _fill(pattern, thing: Thing | None, version: Version | None) -> str | None:
    """A concrete path for this URL pattern, or None if it needs what we do not have."""
    route = str(pattern.pattern)
    if isinstance(pattern.pattern.regex.pattern, str) and route.startswith("^"):
        route = route.strip("^$")
        if "([^/]+)" in route:
            if thing is None:
                return None
            route = route.replace("([^/]+)", str(thing.obj.pk))
        if "(\\d+)" in route:
            if version is None:
                return None
            route = route.replace("(\\d+)", str(version.pk))
        return route
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if names and thing is None:
        return None
    return re.sub(r"<(?:\w+:)?\w+>", str(thing.obj.pk) if thing else "", route)


def admin_cases(world) -> list[Case]:
    cases = []
    things = world["things"]
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        prefix = f"{ADMIN}{model._meta.app_label}/{model._meta.model_name}/"
        own = [t for t in things if type(t.obj) is model]
        for pattern in model_admin.get_urls():
            name = pattern.name or ""
            kind = name.removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
            kind = KINDS.get(kind) or (f"custom:{kind}" if kind else "redirect")
            if kind == "recover":
                version = world["deleted"].get(model)
                path = _fill(pattern, None, version)
                if path is not None:
                    cases.append(Case(prefix + path, kind, label))
                continue
            needs_object = (
                "object_id" in str(pattern.pattern)
                or "<id>" in str(pattern.pattern)
                or "([^/]+)" in str(pattern.pattern)
            )
            targets = own if needs_object else [None]
            for thing in targets:
                version = (
                    Version.objects.get_for_object(thing.obj).first()
                    if thing and reversion.is_registered(model)
                    else None
                )
                path = _fill(pattern, thing, version)
                if path is None:
                    continue
                location = ""
                if kind == "redirect":
                    location = f"{prefix}{thing.obj.pk}/change/"
                cases.append(Case(prefix + path, kind, label, thing, location))
    # The site's own views.
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver) or not isinstance(pattern, URLPattern):
            continue
        name = pattern.name or ""
        if name in ("", "view_on_site", "app_list") or "(?P<url>" in str(pattern.pattern):
            continue
        if name == "autocomplete":
            continue
        cases.append(Case(f"{ADMIN}{_fill(pattern, None, None)}", name))
    apps = sorted({m._meta.app_label for m in admin.site._registry})
    cases += [Case(f"{ADMIN}{app}/", "app_list", app) for app in apps]
    # Autocomplete: every foreign key of every registered model to another registered one.
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            remote = getattr(field, "remote_field", None)
            if not field.concrete or remote is None or remote.model not in admin.site._registry:
                continue
            query = (
                f"app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                f"&field_name={field.name}"
            )
            cases.append(
                Case(
                    f"{ADMIN}autocomplete/?{query}",
                    "autocomplete",
                    remote.model._meta.label_lower,
                    source=f"{model._meta.label_lower}.{field.name}",
                )
            )
    # View on site, for every object with a public address.
    for thing in things:
        if hasattr(thing.obj, "get_absolute_url"):
            content_type = ContentType.objects.get_for_model(thing.obj)
            cases.append(
                Case(
                    f"{ADMIN}r/{content_type.pk}/{thing.obj.pk}/",
                    "view_on_site",
                    thing.label,
                    thing,
                    thing.obj.get_absolute_url(),
                )
            )
    return cases


# What each role may do ------------------------------------------------------------------


def _in_reach(role: str, right: str, thing: Thing | None, model: str) -> bool:
    reach = EDITOR_RIGHTS.get(model, {}).get(right)
    if reach is None:
        return False
    if reach == ALL or thing is None:
        return True
    return thing.scope == role.removeprefix("editor_")


def expected(role: str, case: Case) -> str:
    kind, model, thing = case.kind, case.model, case.thing
    if role == "anonymous":
        return {"login": OK, "logout": INDEX}.get(kind, LOGIN)
    if kind == "login":
        return INDEX  # already signed in
    if kind == "redirect":
        return REDIRECT
    if kind == "logout":
        return NOT_ALLOWED
    if role == "staff":
        if kind == "view_on_site":
            return REDIRECT
        if kind == "add" and model in READ_ONLY_MODELS:
            return REFUSED
        return OK
    # A city editor.
    rights = EDITOR_RIGHTS.get(model, {})
    if kind in ("index", "password_change", "password_change_done", "jsi18n"):
        return OK
    if kind == "app_list":
        return OK if any(label.startswith(f"{model}.") for label in EDITOR_RIGHTS) else REFUSED
    if kind == "changelist":
        return OK if rights else REFUSED
    if kind == "autocomplete":
        return OK if "view" in rights or case.source in EDITOR_SEARCHES else REFUSED
    if kind in ("change", "delete"):
        right = "view" if kind == "change" else "delete"
        return OK if _in_reach(role, right, thing, model) else REFUSED
    if kind == "add":
        return OK if "add" in rights else REFUSED
    if kind == "history":
        return OK if _in_reach(role, "change", thing, model) else REFUSED
    if kind == "view_on_site":
        visible = _in_reach(role, "view", thing, model)
        if visible and (thing.published or _in_reach(role, "change", thing, model)):
            return REDIRECT
        return REFUSED
    # Restore, revisions, adding editors, setting passwords, translation status: staff's.
    return REFUSED


def outcome(response) -> str:
    status = response.status_code
    if status == 200:
        return OK
    if status == 405:
        return NOT_ALLOWED
    if status in (403, 404):
        return REFUSED
    if status in (301, 302):
        location = response["Location"]
        if location.startswith(f"{ADMIN}login/"):
            return LOGIN
        if location == ADMIN:
            return INDEX
        return REDIRECT
    return f"status {status}"


# Forbidden writes -----------------------------------------------------------------------

WRITES = {
    "add",
    "change",
    "delete",
    "recover",
    "revision",
    "custom:add_editor",
    "custom:password_change",
}


def fingerprint() -> dict:
    """Every row the back office can write, to show that a refused POST changed none."""
    tracked = [
        *admin.site._registry,
        LogEntry,
        Version,
        Revision,
        DocumentFile,
        City.editors.through,
        get_user_model().groups.through,
        Group.permissions.through,
    ]
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values()) for model in tracked
    }


def _form_id(case: Case) -> str:
    return f"{case.model.split('.')[1]}_form" if case.model else ""


def post_data(staff_client: Client, case: Case) -> dict:
    """What a browser would post to this URL, taken from staff's form and changed."""
    if case.kind == "delete":
        return {"post": "yes"}
    if case.kind == "custom:add_editor":
        return {"username": "intruder", "email": "intruder@example.org"}
    if case.kind == "custom:password_change":
        return {"password1": "Intruso-2026!x", "password2": "Intruso-2026!x"}
    html = staff_client.get(case.url).content.decode()
    data = read_form(html, _form_id(case)) or read_form(html, "changelist-form")
    for key, value in list(data.items()):
        if key.endswith(("_it", "_en")) or key in ("title", "name", "username", "url", "slug"):
            data[key] = "intruso" if key in ("slug", "username") else f"{value} intruso"
    return data


# The walk -------------------------------------------------------------------------------


def _leaks(response, case: Case, own_cities=(), viewer=None) -> bool:
    """A refused answer names the object it refused (its title or slug)? An editor's
    refusal names their own cities (the way back to them), and only those; every admin
    page greets its viewer by name."""
    if case.thing is None or response.status_code < 400:
        return False
    text = response.content.decode(errors="replace")
    if viewer is not None:
        text = text.replace(f"<strong>{viewer.get_username()}</strong>", "")
    for city in own_cities:
        text = text.replace(f"/cities/city/{city.pk}/change/", "").replace(city.name, "")
    words = {str(case.thing.obj)}
    if getattr(case.thing.obj, "slug", ""):
        words.add(case.thing.obj.slug)
    return any(word and word in text for word in words)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_answers_each_role_as_the_rules_say(client, world, role):
    staff_client = Client()
    staff_client.force_login(world["users"]["staff"])
    if role != "anonymous":
        client.force_login(world["users"][role])
    cases = admin_cases(world)
    own_cities = (
        list(City.objects.editable_by(world["users"][role]))
        if role != "anonymous" and role != "staff"
        else []
    )
    kinds = {case.kind for case in cases}
    # The walk covers what it claims to: the shortcut, autocomplete and custom views too.
    assert {
        "changelist",
        "add",
        "change",
        "history",
        "delete",
        "recoverlist",
        "recover",
        "revision",
        "view_on_site",
        "autocomplete",
        "custom:add_editor",
        "custom:password_change",
        "translation_status",
        "app_list",
    } <= kinds, kinds
    problems = []
    for case in cases:
        response = client.get(case.url)
        got, want = outcome(response), expected(role, case)
        # An object out of reach may also be "does not exist", a redirect to the index.
        if got != want and not (want == REFUSED and got == INDEX):
            problems.append(f"GET {case.url} ({case.kind}): {got}, expected {want}")
            continue
        location = response.get("Location", "")
        if want == REDIRECT and not location.endswith(case.expected_location):
            problems.append(f"GET {case.url}: to {location}")
        viewer = world["users"].get(role)
        if want == REFUSED and _leaks(response, case, own_cities, viewer):
            problems.append(f"GET {case.url}: the refusal names the object")
        if case.kind == "autocomplete" and want == OK and role != "staff":
            results = {r["id"] for r in response.json()["results"]}
            scope = role.removeprefix("editor_")
            if case.model == "meetings.meeting":
                # The meetings a document may belong to: published, or of the editor's city.
                allowed = {
                    str(t.obj.pk)
                    for t in world["things"]
                    if t.label == case.model
                    and (t.published or t.obj.host_city_id == world[scope].pk)
                }
            else:
                reach = EDITOR_RIGHTS[case.model]["view"]
                allowed = {
                    str(t.obj.pk)
                    for t in world["things"]
                    if t.label == case.model and (reach == ALL or t.scope == scope)
                }
            if not results <= allowed:
                problems.append(f"GET {case.url}: offers {sorted(results - allowed)}")
        if case.kind in WRITES and want != OK:
            before = fingerprint()
            data = post_data(staff_client, case)
            answer = outcome(client.post(case.url, data))
            if answer not in (REFUSED, INDEX, LOGIN):
                problems.append(f"POST {case.url} ({case.kind}): {answer}")
            if fingerprint() != before:
                problems.append(f"POST {case.url} ({case.kind}) changed the database")
    assert not problems, "\n".join(problems)


def test_the_walk_reaches_every_registered_admin(world):
    walked = {case.model for case in admin_cases(world) if case.kind == "changelist"}
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert walked == registered


def test_every_walked_url_resolves_to_the_admin(world):
    for case in admin_cases(world):
        match = resolve(case.url.split("?")[0])
        assert match.namespace == "admin" or match.url_name in (None, ""), case.url
