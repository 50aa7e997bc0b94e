"""The back office at the benchmark's scale: each admin page once as network staff.

Run inside Django (`manage.py shell -c "from bench.backoffice import main; main()"`): the
pages are asked for in-process through Django's test client, in Italian, and each one is
reported with its queries, the median time of three requests and its size in bytes, plain
and gzipped.
"""

from __future__ import annotations

import gzip
import json
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from cities.models import City
from documents.models import Document
from icnet.core.roles import STAFF_GROUP
from meetings.models import Meeting

USERNAME = "bench-staff"
REPEAT = 3


def admin_pages(city: City, meeting: Meeting, document: Document) -> dict[str, str]:
    """The back-office pages that grow with the network, by name."""
    admin = f"/{settings.ADMIN_PATH}"
    return {
        "meetings list": f"{admin}meetings/meeting/",
        "a meeting's change page": f"{admin}meetings/meeting/{meeting.pk}/change/",
        "a meeting's add page": f"{admin}meetings/meeting/add/",
        "documents list": f"{admin}documents/document/",
        "a document's change page": f"{admin}documents/document/{document.pk}/change/",
        "a document's add page": f"{admin}documents/document/add/",
        "cities list": f"{admin}cities/city/",
        "a city's change page": f"{admin}cities/city/{city.pk}/change/",
    }


def _staff():
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


def measure() -> dict[str, dict]:
    """{page: {path, status, queries, ms, bytes, gzip}} for the middle synthetic objects."""

    def middle(queryset):
        queryset = queryset.filter(slug__startswith="synthetic-").order_by("pk")
        return queryset[queryset.count() // 2]

    pages = admin_pages(
        middle(City.objects.all()), middle(Meeting.objects.all()), middle(Document.objects.all())
    )
    out = {}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client(HTTP_ACCEPT_LANGUAGE="it")
        client.force_login(_staff())
        for name, path in pages.items():
            timings = []
            for _ in range(REPEAT):
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
            out[name] = {
                "path": path,
                "status": response.status_code,
                "queries": len(ctx.captured_queries),
                "ms": statistics.median(timings),
                "bytes": len(response.content),
                "gzip": len(gzip.compress(response.content, 6)),
            }
    return out


def main() -> None:
    print(json.dumps(measure()))
