"""Template pieces of the meetings: dates, JSON-LD, and the blocks other pages include."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from icnet.core.richtext import plain_text as rich_to_plain
from meetings import dates, listing
from meetings.models import Meeting

register = template.Library()

# What may not appear raw inside a <script> element; JSON reads the escapes as the same text.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def meeting_dates(meeting: Meeting) -> SafeString:
    """The meeting's dates as the visitor's language writes them, each day in a <time>."""
    first, joiner, last = dates.date_range_parts(meeting.start_date, meeting.end_date)
    start = format_html('<time datetime="{}">{}</time>', meeting.start_date.isoformat(), first)
    if not last:
        return start
    end = format_html('<time datetime="{}">{}</time>', meeting.end_date.isoformat(), last)
    return format_html("{}{}{}", start, joiner, end)


@register.simple_tag
def date_range(meeting: Meeting) -> str:
    """The meeting's dates as plain text."""
    return dates.format_date_range(meeting.start_date, meeting.end_date)


@register.filter(is_safe=True)
def jsonld(data) -> SafeString:
    """Data as JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # every <, > and & is escaped above


# How many meetings the blocks on other pages list, newest first.
BLOCK_LIMIT = 10


def _published():
    return Meeting.objects.published().select_related("host_city").only(*listing.LISTED_FIELDS)


@register.simple_tag
def featured_meeting() -> dict | None:
    """The next meeting, or the last one when none is planned, for the home page (one query)."""
    today = dates.today()
    coming = Q(end_date__gte=today)
    meeting = (
        _published()
        .order_by(
            # Upcoming first, soonest first; then past ones, latest first.
            Case(When(coming, then=Value(0)), default=Value(1)),
            Case(When(coming, then=F("start_date"))).asc(),
            F("start_date").desc(),
            "pk",
        )
        .first()
    )
    if meeting is None:
        return None
    return {"meeting": meeting, "upcoming": meeting.end_date >= today}


def _newest(meetings, limit: int) -> dict:
    """Up to `limit` meetings, newest first, and whether there are more (one query)."""
    found = list(meetings.order_by("-start_date", "-pk")[: limit + 1])
    return {"list": found[:limit], "more": len(found) > limit}


@register.simple_tag
def city_meetings(city) -> dict:
    """The newest published meetings a city hosted and those it took part in (a meeting it
    hosted counts as hosted only), up to BLOCK_LIMIT of each, and whether there are
    more (one query: the meetings are numbered within each group, newest first)."""
    if city is None or not getattr(city, "pk", None):
        return {"hosted": {"list": []}, "attended": {"list": []}}
    hosted = Q(host_city_id=city.pk)
    attended = Meeting.participants.through.objects.filter(city_id=city.pk).values("meeting_id")
    found = list(
        _published()
        .filter(hosted | Q(pk__in=attended))
        .annotate(
            hosted=Case(When(hosted, then=Value(True)), default=Value(False)),
            number=Window(
                RowNumber(),
                partition_by=[F("hosted")],
                order_by=[F("start_date").desc(), F("pk").desc()],
            ),
        )
        .filter(number__lte=BLOCK_LIMIT + 1)
        .order_by("-start_date", "-pk")
    )
    groups = {}
    for name, was_host in (("hosted", True), ("attended", False)):
        group = [meeting for meeting in found if meeting.hosted == was_host]
        groups[name] = {"list": group[:BLOCK_LIMIT], "more": len(group) > BLOCK_LIMIT}
    return groups


@register.simple_tag
def theme_meetings(theme) -> dict:
    """The newest published meetings on a theme, up to BLOCK_LIMIT, and whether there
    are more (one query)."""
    if theme is None or not getattr(theme, "pk", None):
        return {"list": []}
    return _newest(_published().filter(themes=theme), BLOCK_LIMIT)


@register.filter
def plain(value: str) -> str:
    """Rich text as plain text, entities decoded (the template escapes it again)."""
    return rich_to_plain(value)
