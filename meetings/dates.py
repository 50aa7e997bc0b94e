"""Dates of meetings as the site writes them, and the one clock the meetings pages read."""

import datetime

from django.utils import timezone

from icnet.core.i18n import long_date, month_name


def today() -> datetime.date:
    """The current date in the site's time zone; the one clock every meetings page reads."""
    return timezone.localdate()


def _day_month(day: datetime.date) -> str:
    return f"{day.day} {month_name(day)}"


def date_range_parts(start: datetime.date, end: datetime.date) -> tuple[str, str, str]:
    """The two halves of a date range and what joins them, in the active language.

    One day gives ("22 maggio 2010", "", ""); days of one month share the month and year
    ("5", en dash, "7 ottobre 2011"); otherwise each half keeps what differs
    ("30 settembre", spaced en dash, "2 ottobre 2011").
    """
    if end <= start:
        return long_date(start), "", ""
    if (start.year, start.month) == (end.year, end.month):
        return str(start.day), "\u2013", long_date(end)
    if start.year == end.year:
        return _day_month(start), " \u2013 ", long_date(end)
    return long_date(start), " \u2013 ", long_date(end)


def format_date_range(start: datetime.date, end: datetime.date) -> str:
    """A date range as the active language writes it: 5-7 ottobre 2011, 5-7 October 2011
    (with an en dash)."""
    first, joiner, last = date_range_parts(start, end)
    return f"{first}{joiner}{last}"
