"""Template pieces of the meetings: dates, JSON-LD, and the blocks other pages include."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from meetings import services
from meetings.models import Meeting

register = template.Library()

# What may not appear raw inside a <script> element; JSON reads the escapes as the same text.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def meeting_dates(meeting: Meeting) -> SafeString:
    """The meeting's dates as the visitor's language writes them, each day in a <time>."""
    first, joiner, last = services.date_range_parts(meeting.start_date, meeting.end_date)
    start = format_html('<time datetime="{}">{}</time>', meeting.start_date.isoformat(), first)
    if not last:
        return start
    end = format_html('<time datetime="{}">{}</time>', meeting.end_date.isoformat(), last)
    return format_html("{}{}{}", start, joiner, end)


@register.simple_tag
def date_range(meeting: Meeting) -> str:
    """The meeting's dates as plain text."""
    return services.format_date_range(meeting.start_date, meeting.end_date)


@register.filter(is_safe=True)
def jsonld(data) -> SafeString:
    """Data as JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # every <, > and & is escaped above


def _published():
    return Meeting.objects.published().select_related("host_city")


@register.simple_tag
def featured_meeting() -> dict | None:
    """The next meeting, or the last one when none is planned, for the home page."""
    today = services.today()
    meeting = _published().upcoming(today).first()
    if meeting is not None:
        return {"meeting": meeting, "upcoming": True}
    meeting = _published().past(today).first()
    return {"meeting": meeting, "upcoming": False} if meeting else None


@register.simple_tag
def city_meetings(city) -> dict:
    """The published meetings a city hosted and those it took part in, newest first."""
    if city is None or not getattr(city, "pk", None):
        return {"hosted": [], "attended": []}
    return {
        "hosted": list(_published().filter(host_city=city).order_by("-start_date", "-pk")),
        "attended": list(_published().filter(participants=city).order_by("-start_date", "-pk")),
    }


@register.simple_tag
def theme_meetings(theme) -> list[Meeting]:
    """The published meetings on a theme, newest first."""
    if theme is None or not getattr(theme, "pk", None):
        return []
    return list(_published().filter(themes=theme).order_by("-start_date", "-pk"))


@register.filter
def plain(value: str) -> str:
    """Rich text as plain text, entities decoded (the template escapes it again)."""
    return services.plain_text(value)
