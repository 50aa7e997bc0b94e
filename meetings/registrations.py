"""Registrations for meetings: sign up, confirm by e-mail, wait for a place, cancel, forget.

A registration takes a place only once its e-mail address is confirmed (the link in the
first mail). Whether a place is free is decided with the meeting's row locked, so however
many people confirm at once, no more than the places are confirmed: the rest wait, first
come first served, and move up when someone cancels.

Unconfirmed registrations never hold a place; after PENDING_HOURS their link stops working,
a new registration with the same address replaces them, and `tidy_registrations` (run daily)
deletes them. The same command erases the personal data of registrations a set time after
the meeting (settings.REGISTRATION_RETENTION_MONTHS).
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from meetings.calendar import build_calendar
from meetings.models import Meeting, Registration

logger = logging.getLogger("icnet.registrations")

if TYPE_CHECKING:
    from django.http import HttpRequest

PENDING_HOURS = 48
Status = Registration.Status

# What a registrant may be asked to give, and nothing else; emptied by erase().
PERSONAL_FIELDS = ("name", "email", "role", "accessibility_needs", "token")


def normalise_email(address: str) -> str:
    """Addresses differ only by case in practice: compare and keep them in lower case."""
    return address.strip().lower()


def is_expired(registration: Registration, now: datetime.datetime | None = None) -> bool:
    """An unconfirmed registration whose link is too old to be used."""
    now = now or timezone.now()
    return (
        registration.status == Status.PENDING
        and registration.created < now - datetime.timedelta(hours=PENDING_HOURS)
    )


def places_taken(meeting: Meeting) -> int:
    return meeting.registrations.holding_places().count()


def is_full(meeting: Meeting) -> bool:
    return meeting.takes_registrations and places_taken(meeting) >= meeting.registration_capacity


def _has_place(meeting: Meeting, registration: Registration) -> bool:
    """A free place for this registration: overall, and within its city's share."""
    if places_taken(meeting) >= (meeting.registration_capacity or 0):
        return False
    if meeting.city_limit and registration.city_id:
        city_taken = meeting.registrations.holding_places().filter(city_id=registration.city_id)
        if city_taken.count() >= meeting.city_limit:
            return False
    return True


def _locked(token: str) -> tuple[Meeting, Registration] | None:
    """The registration with this token and its meeting, both locked until the transaction
    ends; the meeting first, in the same order everywhere, so that nothing deadlocks."""
    if not token or len(token) > 64:
        return None
    meeting_id = (
        Registration.objects.filter(token=token).values_list("meeting_id", flat=True).first()
    )
    if meeting_id is None:
        return None
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    registration = Registration.objects.select_for_update().filter(token=token).first()
    if registration is None:
        return None
    return meeting, registration


def register(
    meeting: Meeting, data: dict, language: str, request: HttpRequest
) -> tuple[Registration, bool]:
    """Record a registration and mail the link that confirms it; returns (registration,
    created). An address already registered for the meeting gets no second registration:
    the existing one is returned (and, while unconfirmed, its link is mailed again)."""
    email = normalise_email(data["email"])
    with transaction.atomic():
        existing = Registration.objects.filter(meeting=meeting, email=email).first()
        if existing is not None and is_expired(existing):
            existing.delete()
            existing = None
        if existing is None:
            registration = Registration(
                meeting=meeting,
                name=data["name"].strip(),
                email=email,
                city=data.get("city"),
                organisation="" if data.get("city") else data.get("organisation", "").strip(),
                role=data["role"].strip(),
                attendance=data["attendance"],
                accessibility_needs=data.get("accessibility_needs", "").strip(),
                language=language,
                token=secrets.token_urlsafe(32),
            )
            try:
                with transaction.atomic():
                    registration.save()
            except IntegrityError:
                # The same address, a moment earlier, from another request.
                existing = Registration.objects.filter(meeting=meeting, email=email).first()
            else:
                existing = None
    if existing is not None:
        if existing.status == Status.PENDING:
            send_mail(existing, "request", request)
        return existing, False
    send_mail(registration, "request", request)
    return registration, True


def confirm(token: str, request: HttpRequest) -> Registration | None:
    """Open the link of the first mail: the registration takes a free place, or joins the
    waiting list when there is none. Opening it again changes nothing. None when the token
    is unknown; an expired registration is returned unchanged (see is_expired)."""
    with transaction.atomic():
        found = _locked(token)
        if found is None:
            return None
        meeting, registration = found
        if registration.status != Status.PENDING or is_expired(registration):
            return registration
        registration.status = (
            Status.CONFIRMED if _has_place(meeting, registration) else Status.WAITING
        )
        registration.confirmed = timezone.now()
        registration.save(update_fields=["status", "confirmed"])
    send_mail(
        registration, "confirmed" if registration.status == Status.CONFIRMED else "waiting", request
    )
    return registration


def erase(registration: Registration) -> None:
    """Empty the personal data of a registration (not saved). What stays (meeting, city or
    organisation, attendance mode, status, whether the person came) names nobody and feeds
    the statistics."""
    for name in PERSONAL_FIELDS:
        setattr(registration, name, "")
    registration.anonymised = timezone.now()


def cancel(token: str, request: HttpRequest) -> tuple[Registration | None, Registration | None]:
    """The registrant cancels from their mail: the registration is cancelled and its
    personal data erased at once; if it held a place, the first on the waiting list who
    fits moves up and is told. Returns (cancelled, promoted)."""
    with transaction.atomic():
        found = _locked(token)
        if found is None:
            return None, None
        meeting, registration = found
        promoted = _withdraw(meeting, registration)
    if promoted is not None:
        send_mail(promoted, "promoted", request)
    return registration, promoted


def _withdraw(meeting: Meeting, registration: Registration) -> Registration | None:
    """Cancel a locked registration and erase its personal data; if it held a place, the
    first on the waiting list who fits moves up (returned, not yet told)."""
    held_place = _cancel_row(registration)
    return promote(meeting) if held_place else None


def _cancel_row(registration: Registration) -> bool:
    """Cancel a locked registration and erase its personal data; whether it held a place."""
    held_place = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.attended = False
    erase(registration)
    registration.save()
    return held_place


@dataclass
class StaffCancellation:
    """What staff cancelling registrations did: how many, who moved up from the waiting
    list, and the addresses the mail server did not take."""

    cancelled: int = 0
    promoted: list[Registration] = field(default_factory=list)
    unsent: list[str] = field(default_factory=list)


def cancel_for(pks, request: HttpRequest) -> StaffCancellation:
    """Staff cancel these registrations (the person wrote that they cannot come): each
    person is told by mail and their data erased; then the places freed in each meeting go
    to the first on its waiting list who fit, who are told too. Registrations already
    cancelled, and those of meetings that are over (their attendance is history), are left
    alone."""
    today = timezone.localdate()
    done, mails = StaffCancellation(), []
    meeting_ids = Registration.objects.filter(pk__in=pks).values_list("meeting_id", flat=True)
    for meeting_id in sorted(set(meeting_ids)):
        with transaction.atomic():
            # The meeting first, then its registrations, as everywhere (no deadlock).
            meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
            if meeting.end_date < today:
                continue
            rows = meeting.registrations.select_for_update().filter(pk__in=pks).order_by("pk")
            freed = False
            for registration in rows.exclude(status=Status.CANCELLED):
                mails.append(message(registration, "cancelled", request))
                freed |= _cancel_row(registration)
                done.cancelled += 1
            moved = fill_places(meeting) if freed else []
        done.promoted += moved
        mails += [message(registration, "promoted", request) for registration in moved]
    done.unsent = deliver(mails)
    return done


def fill_places(meeting: Meeting) -> list[Registration]:
    """Give every free place of a meeting (locked by the caller) to the waiting list, first
    come first served among those who fit; returns who moved up."""
    promoted = []
    while (moved := promote(meeting)) is not None:
        promoted.append(moved)
    return promoted


def lock_meetings(meeting_ids) -> list[Meeting]:
    """These meetings, locked until the transaction ends (before their registrations)."""
    return list(Meeting.objects.select_for_update().filter(pk__in=meeting_ids).order_by("pk"))


def deliver(messages: list[EmailMessage]) -> list[str]:
    """Send each message; one the mail server does not take is logged and its address
    returned, and the others still go."""
    unsent = []
    for mail in messages:
        try:
            mail.send()
        except OSError as error:  # smtplib's errors, a server that does not answer
            logger.warning("mail not sent (%s: %s)", type(error).__name__, error)
            unsent.extend(mail.to)
    return unsent


def promote(meeting: Meeting) -> Registration | None:
    """Give a free place to the first on the waiting list who fits (the meeting's row must
    be locked by the caller)."""
    waiting = meeting.registrations.filter(status=Status.WAITING).order_by("confirmed", "pk")
    for registration in waiting.select_for_update():
        if _has_place(meeting, registration):
            registration.status = Status.CONFIRMED
            registration.save(update_fields=["status"])
            return registration
    return None


def expire_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Delete registrations whose address was not confirmed within PENDING_HOURS."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=PENDING_HOURS)
    deleted, _ = Registration.objects.filter(status=Status.PENDING, created__lt=cutoff).delete()
    return deleted


def anonymise_after_meetings(today: datetime.date | None = None) -> int:
    """Erase the personal data of registrations for meetings that ended more than
    REGISTRATION_RETENTION_MONTHS ago; those already erased are left alone."""
    today = today or timezone.localdate()
    cutoff = today - relativedelta(months=settings.REGISTRATION_RETENTION_MONTHS)
    old = Registration.objects.filter(meeting__end_date__lt=cutoff, anonymised__isnull=True)
    # An unconfirmed registration of a past meeting is worth nothing once erased.
    old.filter(status=Status.PENDING).delete()
    return old.update(anonymised=timezone.now(), **dict.fromkeys(PERSONAL_FIELDS, ""))


def _link(request: HttpRequest, name: str, registration: Registration) -> str:
    return request.build_absolute_uri(
        reverse(f"meetings:{name}", kwargs={"token": registration.token})
    )


SUBJECTS = {
    "request": lambda: gettext("Confirm your registration: %(meeting)s"),
    "confirmed": lambda: gettext("Registration confirmed: %(meeting)s"),
    "waiting": lambda: gettext("Waiting list: %(meeting)s"),
    "promoted": lambda: gettext("A place for you: %(meeting)s"),
    "cancelled": lambda: gettext("Registration cancelled: %(meeting)s"),
}


def send_mail(registration: Registration, kind: str, request: HttpRequest) -> None:
    """Mail the registrant, in the language they registered in. Confirmed places carry the
    meeting as an .ics file; every mail carries the link to cancel."""
    message(registration, kind, request).send()


def message(registration: Registration, kind: str, request: HttpRequest) -> EmailMessage:
    """The mail of this kind to the registrant, in the language they registered in."""
    meeting = registration.meeting
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "meeting": meeting,
            "meeting_url": request.build_absolute_uri(meeting.get_absolute_url()),
            "confirm_url": _link(request, "registration-confirm", registration),
            "cancel_url": _link(request, "registration-cancel", registration),
            "pending_hours": PENDING_HOURS,
            "retention_months": settings.REGISTRATION_RETENTION_MONTHS,
        }
        subject = SUBJECTS[kind]() % {"meeting": meeting.title}
        body = render_to_string(f"meetings/email/registration_{kind}.txt", context)
        mail = EmailMessage(subject, body, to=[registration.email])
        if kind in ("confirmed", "promoted"):
            calendar = build_calendar([meeting], request)
            mail.attach(f"{meeting.slug}.ics", calendar.to_ical(), "text/calendar")
    return mail
