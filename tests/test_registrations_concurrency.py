"""Many people confirming at once never take more places than there are (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.test import RequestFactory

from meetings import registrations
from meetings.models import Registration
from tests.factories import MeetingFactory, RegistrationFactory

Status = Registration.Status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL's parallel sessions"
    ),
]


def test_fifty_confirmations_racing_for_the_last_five_places(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    meeting = MeetingFactory(registration_capacity=10)
    RegistrationFactory.create_batch(5, meeting=meeting)
    racing = RegistrationFactory.create_batch(
        50, meeting=meeting, status=Status.PENDING, confirmed=None
    )
    tokens = [r.token for r in racing]
    start = threading.Barrier(len(tokens))
    errors = []

    def confirm(token):
        try:
            connection.ensure_connection()  # each thread has its own connection (session)
            start.wait(timeout=60)  # and none confirms before all are connected
            registrations.confirm(token, RequestFactory().get("/"))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(
        Registration.objects.filter(pk__in=[r.pk for r in racing]).values_list("status", flat=True)
    )
    assert statuses.count(Status.CONFIRMED) == 5
    assert statuses.count(Status.WAITING) == 45
    assert registrations.places_taken(meeting) == 10
