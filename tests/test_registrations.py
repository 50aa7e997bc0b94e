"""Registrations for meetings: the public form, the e-mails, places, waiting list, expiry and
erasure, and every refusal."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from meetings import registrations
from meetings.models import AttendanceModes, Registration
from tests.factories import CityFactory, MeetingFactory, RegistrationFactory
from tests.pages import localized

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def city():
    return CityFactory(name_it="Lodi", name_en="Lodi", slug="lodi")


@pytest.fixture
def meeting(city):
    start = timezone.localdate() + datetime.timedelta(days=30)
    return MeetingFactory(
        slug="incontro-lodi",
        title_it="Incontro a Lodi",
        title_en="Meeting in Lodi",
        start_date=start,
        host_city=city,
        registration_capacity=2,
        attendance_modes=AttendanceModes.BOTH,
    )


def url(meeting, lang="it"):
    return localized("meetings:register", {"slug": meeting.slug}, language=lang)


def form(member_city=None, **extra):
    data = {
        "name": "Anna Rossi",
        "email": "Anna.Rossi@example.org",
        "city": member_city.pk if member_city else "",
        "organisation": "" if member_city else "Università di Bologna",
        "role": "Assessora",
        "attendance": "in_person",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def links(message) -> list[str]:
    return re.findall(r"http://testserver(/\S+)", message.body)


def register_and_confirm(client, meeting, email, city=None, lang="it"):
    response = client.post(url(meeting, lang), form(city, email=email))
    assert response.status_code == 200, response.content.decode()
    confirm_link = links(mail.outbox[-1])[0]
    assert client.get(confirm_link).status_code == 200
    return Registration.objects.get(meeting=meeting, email=email)


# The whole flow


def test_registration_counts_only_once_the_mailed_link_is_opened(client, meeting, city):
    response = client.post(url(meeting), form(city))
    assert response.status_code == 200
    assert "Controlla la tua e-mail" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    assert registration.email == "anna.rossi@example.org"
    assert (registration.city, registration.language) == (city, "it")
    assert registrations.places_taken(meeting) == 0

    [request_mail] = mail.outbox
    assert request_mail.to == ["anna.rossi@example.org"]
    assert request_mail.subject == "Conferma la tua iscrizione: Incontro a Lodi"
    confirm_link, cancel_link = links(request_mail)[:2]
    assert confirm_link == f"/it/incontri/iscrizione/{registration.token}/conferma/"
    assert cancel_link == f"/it/incontri/iscrizione/{registration.token}/annulla/"

    response = client.get(confirm_link)
    assert response.status_code == 200
    assert "Iscrizione confermata" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registrations.places_taken(meeting) == 1

    confirmed_mail = mail.outbox[-1]
    assert confirmed_mail.subject == "Iscrizione confermata: Incontro a Lodi"
    [(filename, ics, mimetype)] = confirmed_mail.attachments
    assert (filename, mimetype) == ("incontro-lodi.ics", "text/calendar")
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Incontro a Lodi" in ics
    assert f"/it/incontri/iscrizione/{registration.token}/annulla/" in confirmed_mail.body

    # Opening the link again changes nothing and sends nothing.
    assert client.get(confirm_link).status_code == 200
    assert len(mail.outbox) == 2


def test_mails_and_links_are_in_the_registrants_language(client, meeting):
    client.post(url(meeting, "en"), form(email="guest@example.org"))
    request_mail = mail.outbox[-1]
    assert request_mail.subject == "Confirm your registration: Meeting in Lodi"
    assert "you have registered for Meeting in Lodi" in request_mail.body
    assert links(request_mail)[0].startswith("/en/meetings/registration/")
    client.get(links(request_mail)[0])
    assert mail.outbox[-1].subject == "Registration confirmed: Meeting in Lodi"
    assert Registration.objects.get().organisation == "Università di Bologna"


def test_a_full_meeting_puts_new_people_on_the_waiting_list_and_tells_them(client, meeting, city):
    RegistrationFactory.create_batch(2, meeting=meeting)
    response = client.post(url(meeting), form(city))
    assert "lista d'attesa" in response.content.decode()
    confirm_link = links(mail.outbox[-1])[0]
    response = client.get(confirm_link)
    assert "Sei in lista d'attesa" in response.content.decode()
    assert Registration.objects.get(email="anna.rossi@example.org").status == Status.WAITING
    assert mail.outbox[-1].subject == "Lista d'attesa: Incontro a Lodi"
    assert mail.outbox[-1].attachments == []
    assert registrations.places_taken(meeting) == 2


def test_a_cancellation_moves_the_first_waiting_up_and_tells_them(client, meeting):
    first = register_and_confirm(client, meeting, "first@example.org")
    register_and_confirm(client, meeting, "second@example.org")
    waiting_one = register_and_confirm(client, meeting, "third@example.org")
    waiting_two = register_and_confirm(client, meeting, "fourth@example.org", lang="en")
    assert (waiting_one.status, waiting_two.status) == (Status.WAITING, Status.WAITING)

    cancel_link = f"/it/incontri/iscrizione/{first.token}/annulla/"
    page = client.get(cancel_link)
    assert page.status_code == 200
    assert "Annulla la mia iscrizione e cancella i miei dati" in page.content.decode()
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED  # opening the link cancels nothing

    response = client.post(cancel_link)
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert (first.name, first.email, first.role, first.token) == ("", "", "", "")
    assert first.anonymised is not None
    waiting_one.refresh_from_db()
    waiting_two.refresh_from_db()
    assert waiting_one.status == Status.CONFIRMED
    assert waiting_two.status == Status.WAITING
    promoted_mail = mail.outbox[-1]
    assert promoted_mail.to == ["third@example.org"]
    assert promoted_mail.subject == "Un posto per te: Incontro a Lodi"
    assert promoted_mail.attachments[0][0] == "incontro-lodi.ics"

    # The link is spent: the registration's secret went with its data.
    assert client.post(cancel_link).status_code == 404


def test_the_city_limit_keeps_a_citys_extra_people_waiting_for_its_own_places(
    client, meeting, city
):
    meeting.registration_capacity = 3
    meeting.city_limit = 1
    meeting.save()
    other = CityFactory()
    first = register_and_confirm(client, meeting, "a@example.org", city)
    second = register_and_confirm(client, meeting, "b@example.org", city)
    third = register_and_confirm(client, meeting, "c@example.org", other)
    assert [r.status for r in (first, second, third)] == [
        Status.CONFIRMED,
        Status.WAITING,
        Status.CONFIRMED,
    ]
    client.post(f"/it/incontri/iscrizione/{first.token}/annulla/")
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED


def test_a_cancellation_from_the_waiting_list_promotes_nobody(client, meeting):
    RegistrationFactory.create_batch(2, meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=Status.WAITING)
    behind = RegistrationFactory(meeting=meeting, status=Status.WAITING)
    client.post(f"/it/incontri/iscrizione/{waiting.token}/annulla/")
    behind.refresh_from_db()
    assert behind.status == Status.WAITING
    assert registrations.places_taken(meeting) == 2


def test_unconfirmed_registrations_expire_after_48_hours(client, meeting):
    now = timezone.now()
    old = RegistrationFactory(
        meeting=meeting,
        email="old@example.org",
        status=Status.PENDING,
        confirmed=None,
        created=now - datetime.timedelta(hours=49),
    )
    recent = RegistrationFactory(
        meeting=meeting,
        status=Status.PENDING,
        confirmed=None,
        created=now - datetime.timedelta(hours=47),
    )
    response = client.get(f"/it/incontri/iscrizione/{old.token}/conferma/")
    assert response.status_code == 410
    assert "Il link è scaduto" in response.content.decode()
    old.refresh_from_db()
    assert old.status == Status.PENDING

    out = StringIO()
    call_command("tidy_registrations", stdout=out)
    assert "1 unconfirmed registration(s) deleted" in out.getvalue()
    assert list(Registration.objects.all()) == [recent]


def test_an_expired_registration_gives_way_to_a_new_one_with_the_same_address(client, meeting):
    RegistrationFactory(
        meeting=meeting,
        email="anna.rossi@example.org",
        status=Status.PENDING,
        confirmed=None,
        created=timezone.now() - datetime.timedelta(hours=49),
    )
    assert client.post(url(meeting), form()).status_code == 200
    registration = Registration.objects.get()
    assert registration.created > timezone.now() - datetime.timedelta(minutes=5)


def test_personal_data_are_erased_months_after_the_meeting(settings, city):
    settings.REGISTRATION_RETENTION_MONTHS = 12
    today = timezone.localdate()
    old = MeetingFactory(start_date=today - datetime.timedelta(days=400), registration_capacity=10)
    recent = MeetingFactory(
        start_date=today - datetime.timedelta(days=300), registration_capacity=10
    )
    came = RegistrationFactory(meeting=old, city=city, attended=True, accessibility_needs="x")
    stale = RegistrationFactory(meeting=old, status=Status.PENDING, confirmed=None)
    kept = RegistrationFactory(meeting=recent)

    out = StringIO()
    call_command("tidy_registrations", stdout=out)
    assert "1 anonymised" in out.getvalue()
    came.refresh_from_db()
    assert (came.name, came.email, came.role, came.accessibility_needs, came.token) == (("",) * 5)
    assert came.anonymised is not None
    assert (came.city, came.status, came.attended) == (city, Status.CONFIRMED, True)
    assert not Registration.objects.filter(pk=stale.pk).exists()
    kept.refresh_from_db()
    assert kept.name and kept.anonymised is None

    # Idempotent: a second run changes nothing.
    stamp = came.anonymised
    out = StringIO()
    call_command("tidy_registrations", stdout=out)
    assert "0 unconfirmed registration(s) deleted, 0 anonymised" in out.getvalue()
    came.refresh_from_db()
    assert came.anonymised == stamp


# The pages


def test_the_meeting_page_links_to_the_form(client, meeting):
    html = client.get(f"/it/incontri/{meeting.slug}/").content.decode()
    assert f'href="/it/incontri/{meeting.slug}/iscriviti/"' in html


def test_the_form_asks_for_the_data_listed_and_nothing_more(client, meeting):
    response = client.get(url(meeting))
    assert response.status_code == 200
    names = set(
        re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', response.content.decode())
    )
    assert names == {
        "csrfmiddlewaretoken",
        "q",  # the site search in the header
        "name",
        "email",
        "city",
        "organisation",
        "role",
        "attendance",
        "accessibility_needs",
        "consent",
        "website",
    }
    html = response.content.decode()
    assert "Informativa sulla privacy" in html
    assert "12 mesi dopo l'incontro" in html or "12 mesi dopo l&#x27;incontro" in html


def test_a_meeting_without_registration_has_no_form(client):
    meeting = MeetingFactory(start_date=timezone.localdate() + datetime.timedelta(days=10))
    assert client.get(url(meeting)).status_code == 404
    unpublished = MeetingFactory(registration_capacity=5, published=False)
    assert client.get(url(unpublished)).status_code == 404


def test_unknown_links_answer_404(client):
    assert client.get("/it/incontri/iscrizione/nope/conferma/").status_code == 404
    assert client.get("/it/incontri/iscrizione/nope/annulla/").status_code == 404
    assert client.post("/it/incontri/iscrizione/nope/annulla/").status_code == 404
    assert client.get(f"/it/incontri/iscrizione/{'x' * 300}/conferma/").status_code == 404


def test_the_form_page_sets_the_csrf_cookie_and_is_never_cached(client, meeting, settings):
    settings.PAGE_CACHE_SECONDS = 600
    for _ in range(2):
        response = client.get(url(meeting))
        assert "X-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_other_public_pages_still_set_no_cookie(client, meeting, settings):
    settings.PAGE_CACHE_SECONDS = 600
    registration = RegistrationFactory(meeting=meeting, status=Status.PENDING, confirmed=None)
    for path in [f"/it/incontri/{meeting.slug}/", "/en/meetings/", "/it/statistiche/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert response.cookies == {}, path
        assert response["X-Cache"] == "miss", path
    # The mailed links set no cookie either, and are never shared from the cache.
    for path in [
        f"/it/incontri/iscrizione/{registration.token}/conferma/",
        f"/it/incontri/iscrizione/{registration.token}/annulla/",
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert response.cookies == {}, path
        assert "X-Cache" not in response
        assert "no-store" in response["Cache-Control"]


# Refusals: each is a message in the page's language and changes nothing.


def _nothing_changed():
    return not Registration.objects.exists() and mail.outbox == []


def test_closed_registration_is_refused(client, meeting):
    meeting.registration_closes = timezone.localdate() - datetime.timedelta(days=1)
    meeting.registration_opens = timezone.localdate() - datetime.timedelta(days=10)
    meeting.save()
    page = client.get(url(meeting)).content.decode()
    assert "Le iscrizioni a questo incontro sono chiuse." in page
    assert '<form method="post"' not in page
    response = client.post(url(meeting), form())
    assert response.status_code == 403
    assert "Le iscrizioni a questo incontro sono chiuse." in response.content.decode()
    assert _nothing_changed()
    response = client.post(url(meeting, "en"), form())
    assert "Registration for this meeting is closed." in response.content.decode()


def test_registration_not_yet_open_is_refused(client, meeting):
    meeting.registration_opens = timezone.localdate() + datetime.timedelta(days=3)
    meeting.save()
    assert "Le iscrizioni aprono il" in client.get(url(meeting)).content.decode()
    assert client.post(url(meeting), form()).status_code == 403
    assert _nothing_changed()


def test_a_past_meeting_takes_no_registration(client):
    meeting = MeetingFactory(registration_capacity=5)  # 2012
    assert client.post(url(meeting), form()).status_code == 403
    assert _nothing_changed()


def test_the_same_address_twice_is_one_registration(client, meeting):
    client.post(url(meeting), form())
    response = client.post(url(meeting), form(email=" ANNA.ROSSI@example.org "))
    assert response.status_code == 409
    assert "già iscritto" in response.content.decode()
    assert Registration.objects.count() == 1
    # Still unconfirmed: the link is sent again.
    assert len(mail.outbox) == 2
    assert links(mail.outbox[0])[0] == links(mail.outbox[1])[0]

    client.get(links(mail.outbox[0])[0])
    sent = len(mail.outbox)
    response = client.post(url(meeting, "en"), form())
    assert response.status_code == 409
    assert "already registered" in response.content.decode()
    assert len(mail.outbox) == sent
    assert Registration.objects.count() == 1


def test_too_many_attempts_from_one_address_are_refused(client, meeting, settings):
    settings.REGISTRATION_LIMIT_PER_ADDRESS = 2
    client.post(url(meeting), form())
    client.post(url(meeting), form())
    before = list(Registration.objects.values())
    sent = len(mail.outbox)
    response = client.post(url(meeting), form())
    assert response.status_code == 429
    assert "Troppe iscrizioni" in response.content.decode()
    assert list(Registration.objects.values()) == before
    assert len(mail.outbox) == sent


def test_too_many_attempts_from_one_ip_are_refused(client, meeting, settings):
    settings.REGISTRATION_LIMIT_PER_IP = 2
    for n in range(2):
        client.post(url(meeting), form(email=f"p{n}@example.org"))
    response = client.post(url(meeting, "en"), form(email="p3@example.org"))
    assert response.status_code == 429
    assert "Too many registrations from here" in response.content.decode()
    assert Registration.objects.count() == 2
    # Without a trusted proxy, X-Forwarded-For is the client's own word and changes nothing.
    response = client.post(
        url(meeting), form(email="p4@example.org"), headers={"x-forwarded-for": "10.9.9.9"}
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_first_forwarded_hop_is_the_client(client, meeting, settings):
    settings.REGISTRATION_LIMIT_PER_IP = 1
    settings.BEHIND_TRUSTED_PROXY = True
    first = {"x-forwarded-for": "203.0.113.1, 10.0.0.1"}
    second = {"x-forwarded-for": "203.0.113.2, 10.0.0.1"}
    assert client.post(url(meeting), form(email="a@example.org"), headers=first).status_code == 200
    assert client.post(url(meeting), form(email="b@example.org"), headers=second).status_code == 200
    assert client.post(url(meeting), form(email="c@example.org"), headers=first).status_code == 429


def test_the_honeypot_field_refuses_the_form(client, meeting):
    response = client.post(url(meeting), form(website="http://spam.example"))
    assert response.status_code == 400
    assert "campo nascosto" in response.content.decode()
    assert _nothing_changed()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-address"}, "Inserisci un indirizzo email valido."),
        ({"consent": ""}, "L&#x27;iscrizione richiede il tuo consenso all&#x27;informativa"),
        (
            {"organisation": "", "city": ""},
            "Scegli la tua città socia o scrivi la tua organizzazione.",
        ),
        ({"name": ""}, "Questo campo è obbligatorio."),
        ({"attendance": "teleport"}, "Scegli un&#x27;opzione valida."),
        ({"city": "abc"}, "Scegli un&#x27;opzione valida."),
        ({"city": "999999"}, "Scegli un&#x27;opzione valida."),
        ({"name": "a\x00b"}, "I caratteri null non sono ammessi."),
        ({"name": "x" * 5000}, "Assicurati che questo valore non contenga più di 200 caratteri"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, meeting, changes, message):
    response = client.post(url(meeting), form(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Correggi i campi indicati qui sotto." in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert _nothing_changed()


def test_bad_input_is_refused_in_english_on_english_pages(client, meeting):
    response = client.post(url(meeting, "en"), form(email="nope", consent=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in html
    assert "Registration needs your consent to the privacy notice." in html


def test_an_online_only_meeting_offers_only_online_attendance(client, meeting):
    meeting.attendance_modes = AttendanceModes.ONLINE
    meeting.save()
    response = client.post(url(meeting), form(attendance="in_person"))
    assert response.status_code == 400
    assert client.post(url(meeting), form(attendance="online")).status_code == 200
    assert Registration.objects.get().attendance == "online"


def test_registration_cannot_close_before_it_opens(meeting):
    from django.core.exceptions import ValidationError

    meeting.registration_opens = datetime.date(2030, 5, 2)
    meeting.registration_closes = datetime.date(2030, 5, 1)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "registration_closes" in error.value.message_dict


def test_the_meeting_page_offers_the_form_only_while_registration_is_open(client, meeting):
    page = client.get(meeting.get_absolute_url())
    assert f'href="{url(meeting)}"' in page.content.decode()
    meeting.registration_opens = timezone.localdate() + datetime.timedelta(days=3)
    meeting.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{url(meeting)}"' not in page
    assert "Le iscrizioni aprono il" in page
    meeting.registration_opens = None
    meeting.registration_closes = timezone.localdate() - datetime.timedelta(days=1)
    meeting.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{url(meeting)}"' not in page
    assert "Le iscrizioni a questo incontro sono chiuse." in page
