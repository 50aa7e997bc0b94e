"""Network staff learn what city editors change.

Each save by a city editor in the back office leaves a ChangeNotice row (what changed,
field by field, with the values before and after). `manage.py send_change_mails`, run
every minute, sends them once the editor has stopped saving for QUIET minutes (or the
oldest waited LONGEST minutes): one e-mail per member of staff who wants them, in their
language, then deletes the rows. A failed sending leaves the rows for the next run.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from icnet.core import history
from icnet.core.roles import STAFF_GROUP, is_network_staff
from icnet.site.models import AccountPreference, ChangeNotice

QUIET = datetime.timedelta(minutes=5)
LONGEST = datetime.timedelta(minutes=30)
VALUE_LENGTH = 300


def record_editor_changes(sender, request, obj, changes, **kwargs) -> None:
    """admin_change_saved: keep what a city editor's save changed, for staff."""
    user = request.user
    if is_network_staff(user):
        return
    opts = obj._meta
    url = ""
    if obj.pk is not None:
        try:
            url = request.build_absolute_uri(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
            )
        except Exception:  # an object without a history page still gets its notice
            url = ""
    ChangeNotice.objects.bulk_create(
        ChangeNotice(
            user=user,
            username=user.get_username(),
            model=note["object"]._meta.label_lower,
            object_id=str(note["object"].pk or ""),
            object_repr=Truncator(str(note["object"])).chars(200),
            action=note["action"],
            changes=[
                {**change, "before": _text(change["before"]), "after": _text(change["after"])}
                for change in note["changes"]
            ],
            history_url=url,
        )
        for note in changes
    )


def _text(value) -> str:
    return Truncator("" if value is None else str(value)).chars(VALUE_LENGTH)


def recipients():
    """Active network staff with an e-mail address who have not turned the mails off."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=STAFF_GROUP, email__gt="")
        .distinct()
    )
    return users.filter(Q(preference__isnull=True) | Q(preference__change_mails=True))


def _value(model, field_name: str, value: str) -> str:
    if value in ("True", "False"):
        return gettext("yes") if value == "True" else gettext("no")
    if model is not None:
        field = next((f for f in model._meta.concrete_fields if f.attname == field_name), None)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
    return value or "—"


def describe_notice(notice: ChangeNotice) -> dict:
    """A notice in the active language: the object, the action and each changed field."""
    try:
        model = apps.get_model(notice.model)
    except (LookupError, ValueError):
        model = None
    rows = []
    for change in notice.changes:
        name = change["field"]
        key = history.field_key(model, name) if model is not None else name
        if key is None:
            continue
        rows.append(
            {
                "field": history.field_label(key),
                "before": _value(model, name, change["before"]),
                "after": _value(model, name, change["after"]),
            }
        )
    return {
        "notice": notice,
        "kind": str(model._meta.verbose_name) if model is not None else notice.model,
        "action": notice.get_action_display(),
        "rows": rows,
    }


def _language(user) -> str:
    try:
        return user.preference.language or settings.LANGUAGE_CODE
    except AccountPreference.DoesNotExist:
        return settings.LANGUAGE_CODE


def send_change_mails(now: datetime.datetime | None = None) -> int:
    """Send the waiting changes if their batch is over; the number of e-mails sent."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(ChangeNotice.objects.select_for_update().order_by("created", "pk"))
        if not pending:
            return 0
        if now - pending[-1].created < QUIET and now - pending[0].created < LONGEST:
            return 0  # an editor is still at work: wait for the batch to end
        sent = 0
        for user in recipients().select_related("preference"):
            with translation.override(_language(user)):
                context = {
                    "user": user,
                    "notices": [describe_notice(notice) for notice in pending],
                    "editors": sorted({notice.username for notice in pending}),
                }
                subject = " ".join(
                    render_to_string("admin/change_mail_subject.txt", context).split()
                )
                body = render_to_string("admin/change_mail.txt", context)
            EmailMessage(subject, body, to=[user.email]).send()
            sent += 1
        ChangeNotice.objects.filter(pk__in=[notice.pk for notice in pending]).delete()
    return sent
