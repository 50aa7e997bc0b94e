"""What a city editor may read in the back office beyond the change forms: history, the
meetings a document may belong to, and the "view on site" shortcut."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from tests.factories import (
    ActivityFactory,
    CityFactory,
    MeetingFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}"


def _user(username, group, city=None):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if city is not None:
        city.editors.add(user)
    return user


@pytest.fixture
def world():
    torino = CityFactory(slug="torino", name_it="Torino", published=True)
    genova = CityFactory(slug="genova", name_it="Genova", published=True)
    return {
        "torino": torino,
        "genova": genova,
        "editor": _user("editor-torino", EDITOR_GROUP, torino),
        "staff": _user("staffer", STAFF_GROUP),
        "secret": MeetingFactory(
            title_it="Riunione segreta Genova", host_city=genova, published=False
        ),
        "own_draft": MeetingFactory(title_it="Bozza di Torino", host_city=torino, published=False),
        "public": MeetingFactory(title_it="Incontro pubblico", host_city=genova, published=True),
    }


# 1. History


def test_an_editor_cannot_read_the_history_of_network_wide_objects(client, world):
    theme = ThemeFactory()
    client.force_login(world["editor"])
    # Editors may read themes, not who changed them.
    assert client.get(f"{ADMIN}cities/theme/{theme.pk}/change/").status_code == 200
    assert client.get(f"{ADMIN}cities/theme/{theme.pk}/history/").status_code == 403
    client.force_login(world["staff"])
    assert client.get(f"{ADMIN}cities/theme/{theme.pk}/history/").status_code == 200


def test_an_editor_reads_the_history_of_their_own_objects_only(client, world):
    own = ActivityFactory(city=world["torino"])
    other = ActivityFactory(city=world["genova"])
    client.force_login(world["editor"])
    assert client.get(f"{ADMIN}cities/activity/{own.pk}/history/").status_code == 200
    assert client.get(f"{ADMIN}cities/activity/{other.pk}/history/").status_code == 403
    assert client.get(f"{ADMIN}cities/city/{world['torino'].pk}/history/").status_code == 200
    assert client.get(f"{ADMIN}cities/city/{world['genova'].pk}/history/").status_code == 403
