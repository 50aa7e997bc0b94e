"""Registrations in the back office: staff see and mark everything, city editors read their
own city's registrations only; the CSV export is the database; the statistics count
without names."""

import csv
import datetime
import io
import smtplib

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation

from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from meetings.admin import csv_row
from meetings.models import Registration
from tests.factories import (
    CityFactory,
    MeetingFactory,
    RegistrationFactory,
    back_office_user,
)

pytestmark = pytest.mark.django_db

URL = f"/{settings.ADMIN_PATH}meetings/registration/"
Status = Registration.Status


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def data():
    ours = CityFactory(name_it="Lodi", name_en="Lodi")
    theirs = CityFactory(name_it="Fermo", name_en="Fermo")
    meeting = MeetingFactory(title_it="Incontro", title_en="Meeting", registration_capacity=10)
    return {
        "ours": ours,
        "meeting": meeting,
        "mine": RegistrationFactory(meeting=meeting, city=ours, name="Ada Lodigiana"),
        "mine_waiting": RegistrationFactory(
            meeting=meeting, city=ours, name="Bea Lodigiana", status=Status.WAITING
        ),
        "other": RegistrationFactory(meeting=meeting, city=theirs, name="Carlo Fermano"),
        "outside": RegistrationFactory(
            meeting=meeting, city=None, organisation="Università", name="Dario Esterno"
        ),
    }


def _login(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def staff(client):
    user = back_office_user("network-staff", STAFF_GROUP)
    _login(client, user)
    return user


@pytest.fixture
def editor(client, data):
    user = back_office_user("lodi-editor", EDITOR_GROUP, data["ours"])
    _login(client, user)
    return user


def _action(client, action, registrations):
    return client.post(URL, {"action": action, "_selected_action": [r.pk for r in registrations]})


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_staff_see_every_registration_of_a_meeting_by_status(client, staff, data):
    html = client.get(f"{URL}?meeting__id__exact={data['meeting'].pk}").content.decode()
    for name in ("Ada Lodigiana", "Bea Lodigiana", "Carlo Fermano", "Dario Esterno"):
        assert name in html
    html = client.get(f"{URL}?status__exact=waiting").content.decode()
    assert "Bea Lodigiana" in html and "Ada Lodigiana" not in html
    html = client.get(f"{URL}?city__id__exact={data['ours'].pk}").content.decode()
    assert "Ada Lodigiana" in html and "Carlo Fermano" not in html


def test_the_meeting_form_counts_its_registrations(client, staff, data):
    url = f"/{settings.ADMIN_PATH}meetings/meeting/{data['meeting'].pk}/change/"
    html = client.get(url).content.decode()
    assert "3 confirmed · 1 waiting · 0 not yet confirmed · 0 cancelled" in html
    assert f"?meeting__id__exact={data['meeting'].pk}" in html


def test_city_editors_see_their_citys_registrations_and_nothing_else(client, editor, data):
    html = client.get(URL).content.decode()
    assert "Ada Lodigiana" in html and "Bea Lodigiana" in html
    assert "Carlo Fermano" not in html and "Dario Esterno" not in html
    assert client.get(f"{URL}{data['mine'].pk}/change/").status_code == 200
    # Another city's registration, or one from outside the member cities, does not exist
    # for them.
    for key in ("other", "outside"):
        response = client.get(f"{URL}{data[key].pk}/change/")
        assert response.status_code == 302, key
    # Reading only: no marking, no changing, no deleting, no adding, no meetings.
    html = client.get(URL).content.decode()
    assert "mark_attended" not in html
    assert "export_csv" in html
    response = client.post(f"{URL}{data['mine'].pk}/change/", {"attended": "on"})
    assert response.status_code == 403
    assert _action(client, "mark_attended", [data["mine"]]).status_code == 302  # unknown action
    data["mine"].refresh_from_db()
    assert data["mine"].attended is False
    assert client.post(f"{URL}{data['mine'].pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{URL}add/").status_code == 403
    assert client.get(f"/{settings.ADMIN_PATH}meetings/meeting/").status_code == 403
    assert Registration.objects.count() == 4


def test_city_editors_export_only_their_citys_rows(client, editor, data):
    everything = [r.pk for r in Registration.objects.all()]
    response = client.post(URL, {"action": "export_csv", "_selected_action": everything})
    rows = _csv(response)[1:]
    assert sorted(row[2] for row in rows) == ["Ada Lodigiana", "Bea Lodigiana"]


def test_the_csv_export_is_the_database(client, staff, data):
    data["mine"].accessibility_needs = "Interprete LIS, accesso senza gradini"
    data["mine"].attended = True
    data["mine"].save()
    response = _action(client, "export_csv", Registration.objects.all())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="registrations-')
    header, *rows = _csv(response)
    assert header[:4] == ["meeting", "status", "name", "e-mail"]
    expected = sorted(
        [str(v) for v in csv_row(r)] for r in Registration.objects.select_related("meeting", "city")
    )
    assert sorted(rows) == expected
    ada = next(row for row in rows if row[2] == "Ada Lodigiana")
    assert ada[3] == data["mine"].email
    assert ada[4] == "Lodi"
    assert ada[8] == "Interprete LIS, accesso senza gradini"
    assert ada[9] == "yes"


def test_the_csv_export_defuses_spreadsheet_formulas(client, staff, data):
    data["other"].name = "=HYPERLINK(1)"
    data["other"].save()
    rows = _csv(_action(client, "export_csv", [data["other"]]))
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_staff_mark_who_came_among_the_confirmed(client, staff, data):
    response = _action(client, "mark_attended", [data["mine"], data["mine_waiting"], data["other"]])
    assert response.status_code == 302
    assert set(Registration.objects.filter(attended=True)) == {data["mine"], data["other"]}
    _action(client, "mark_not_attended", [data["other"]])
    assert set(Registration.objects.filter(attended=True)) == {data["mine"]}
    # The change form allows only "present", and only for a confirmed registration.
    response = client.post(f"{URL}{data['mine_waiting'].pk}/change/", {"attended": "on"})
    assert response.status_code == 200
    assert "Only a confirmed registration can be marked as present." in response.content.decode()
    data["mine_waiting"].refresh_from_db()
    assert data["mine_waiting"].attended is False


def test_the_attendance_sheet_lists_the_confirmed_by_city(client, staff, data):
    response = _action(client, "attendance_sheet", Registration.objects.all())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Attendance sheet: Meeting" in html
    assert "Ada Lodigiana" in html and "Carlo Fermano" in html and "Dario Esterno" in html
    assert "Bea Lodigiana" not in html  # waiting
    assert html.index("Carlo Fermano") < html.index("Ada Lodigiana")  # Fermo before Lodi


def test_anonymous_visitors_are_sent_to_sign_in(client, data):
    assert client.get(URL).status_code == 302
    assert Registration.objects.count() == 4


def test_statistics_count_attendance_per_meeting_and_city_without_names(client, data):
    data["mine"].attended = True
    data["mine"].save()
    RegistrationFactory(meeting=data["meeting"], city=data["ours"], status=Status.CANCELLED)
    hidden = MeetingFactory(title_it="Riservato", published=False, registration_capacity=5)
    RegistrationFactory(meeting=hidden, city=data["ours"])
    html = client.get("/it/statistiche/").content.decode()
    assert "Partecipazione agli incontri" in html
    row = html.split("Incontro</a>")[1].split("</tr>")[0]
    assert "Fermo, Lodi" in row
    # Three confirmed (two cities and a university), one of them present.
    assert "<td>3</td><td>1</td>" in row
    assert "Riservato" not in html
    for name in ("Ada", "Bea", "Carlo", "Dario", "Università"):
        assert name not in html


@pytest.fixture
def full_meeting(data):
    """An upcoming meeting: two places, both taken, one person waiting."""
    meeting = MeetingFactory(
        title_it="Convegno",
        title_en="Convention",
        start_date=timezone.localdate() + datetime.timedelta(days=20),
        registration_capacity=2,
    )
    taken = [
        RegistrationFactory(meeting=meeting, name="Elena Prima", language="en"),
        RegistrationFactory(meeting=meeting, name="Franco Secondo"),
    ]
    waiting = RegistrationFactory(
        meeting=meeting, name="Gina Attesa", email="gina@example.org", status=Status.WAITING
    )
    return meeting, taken, waiting


def _said(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_staff_cancel_a_registration_and_the_waiting_list_moves_up(
    client, staff, full_meeting, mailoutbox
):
    _meeting, (elena, franco), gina = full_meeting
    elena_address = elena.email
    response = _action(client, "cancel_registrations", [elena])
    assert response.status_code == 302
    elena.refresh_from_db()
    gina.refresh_from_db()
    assert elena.status == Status.CANCELLED
    assert (elena.name, elena.email, elena.token) == ("", "", "")
    assert gina.status == Status.CONFIRMED
    # Elena is told in the language she registered in, Gina in hers, with the calendar.
    told = {message.to[0]: message for message in mailoutbox}
    assert sorted(told) == sorted([elena_address, "gina@example.org"])
    cancelled = told[elena_address]
    assert cancelled.subject == "Registration cancelled: Convention"
    assert "Hello Elena Prima" in cancelled.body
    assert "erased" in cancelled.body
    promoted = told["gina@example.org"]
    assert promoted.subject == "Un posto per te: Convegno"
    assert promoted.attachments
    said = _said(response)
    assert (
        "1 registration was cancelled and its personal data erased; the person was told by "
        "e-mail." in said
    )
    assert "1 person on the waiting list got a place and was told by e-mail: Gina Attesa." in said
    # Again: nothing more happens, and staff are told why.
    mailoutbox.clear()
    response = _action(client, "cancel_registrations", [elena])
    assert not mailoutbox
    assert (
        "1 registration was already cancelled, or its meeting is over, and was left as it was."
        in _said(response)
    )
    franco.refresh_from_db()
    assert franco.status == Status.CONFIRMED
    # Franco registered in Italian: he is told in Italian; nobody is left waiting.
    _action(client, "cancel_registrations", [franco])
    [message] = mailoutbox
    assert message.subject == "Iscrizione annullata: Convegno"
    assert "lo staff della rete ha annullato la tua iscrizione" in message.body


def test_cancelling_a_place_and_the_person_waiting_for_it_promotes_nobody(
    client, staff, full_meeting, mailoutbox
):
    _meeting, (elena, _franco), gina = full_meeting
    gina_address = gina.email
    response = _action(client, "cancel_registrations", [elena, gina])
    gina.refresh_from_db()
    assert gina.status == Status.CANCELLED
    # Gina hears once, that she is cancelled; never that a place is hers.
    assert [m.subject for m in mailoutbox if m.to == [gina_address]] == [
        "Iscrizione annullata: Convegno"
    ]
    assert len(mailoutbox) == 2
    assert not [m for m in _said(response) if "waiting list" in m]


def test_registrations_of_a_meeting_that_is_over_are_left_as_they_were(
    client, staff, data, mailoutbox
):
    past = data["mine"]  # the meeting of 2012
    past.attended = True
    past.save()
    response = _action(client, "cancel_registrations", [past])
    past.refresh_from_db()
    assert (past.status, past.attended, past.name) == (Status.CONFIRMED, True, "Ada Lodigiana")
    assert not mailoutbox
    assert "or its meeting is over" in " ".join(_said(response))


def test_a_mail_the_server_refuses_is_named_to_staff_and_the_rest_still_go(
    client, staff, full_meeting, mailoutbox, monkeypatch
):
    _meeting, (elena, franco), _gina = full_meeting
    refused = franco.email
    send = EmailMessage.send

    def picky_send(message, *args, **kwargs):
        if message.to == [refused]:
            raise smtplib.SMTPRecipientsRefused({refused: (550, b"No such user")})
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", picky_send)
    response = _action(client, "cancel_registrations", [elena, franco])
    assert response.status_code == 302
    cancelled = Registration.objects.filter(pk__in=[elena.pk, franco.pk], status=Status.CANCELLED)
    assert cancelled.count() == 2
    # Elena's mail and Gina's (she took one of the two places) went all the same.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([elena.email, "gina@example.org"])
    [error] = [m for m in response.wsgi_request._messages if m.level_tag == "error"]
    assert refused in str(error) and "1 e-mail could not be sent" in str(error)


def test_deleting_a_registration_that_held_a_place_moves_the_waiting_list_up(
    client, staff, full_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    _meeting, (elena, _franco), gina = full_meeting
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"{URL}{elena.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    gina.refresh_from_db()
    assert gina.status == Status.CONFIRMED
    # Told once the deletion is committed, not before.
    assert not mailoutbox
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["gina@example.org"]]


def test_city_editors_cannot_cancel_registrations(client, editor, data, mailoutbox):
    assert "cancel_registrations" not in client.get(URL).content.decode()
    response = _action(client, "cancel_registrations", [data["mine"]])
    assert response.status_code == 302  # no such action for them
    data["mine"].refresh_from_db()
    assert data["mine"].status == Status.CONFIRMED
    assert not mailoutbox
