"""The meetings list at any size: its filters' choices, counts by year and one page of
meetings, in a few aggregate queries, never every meeting."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear

from cities.models import Theme
from icnet.core.cache import remember
from meetings.models import Meeting

UPCOMING_LIMIT = 20
PAST_PAGE_SIZE = 40


def theme_options() -> list[Theme]:
    """Every theme, each marked has_meetings when a published meeting is on it.

    The themes with meetings are the theme filter's choices; the workshop themes are listed
    under the meetings.
    """
    on_theme = Meeting.objects.published().filter(themes=OuterRef("pk"))
    # Kept per content generation: each instance carries its name in both languages.
    return remember(
        "meetings-themes", lambda: list(Theme.objects.annotate(has_meetings=Exists(on_theme)))
    )


def year_counts(condition: Q, filters: str, today: datetime.date) -> list[dict]:
    """Each year with published meetings, newest first, with how many of its meetings
    match the condition of the chosen filters (the year apart), upcoming and past.

    One aggregate query, kept per content generation, day and `filters` (the text of the
    chosen filters, which the condition follows).
    """

    def count() -> list[dict]:
        return list(
            Meeting.objects.published()
            .annotate(year=ExtractYear("start_date"))
            .values("year")
            .annotate(
                upcoming=Count("pk", filter=condition & Q(end_date__gte=today)),
                past=Count("pk", filter=condition & Q(end_date__lt=today)),
            )
            .order_by("-year")
        )

    return remember(f"meetings-years:{today.isoformat()}:{filters}", count)


# What a meeting's line in a list shows (meetings/_item.html).
LISTED_FIELDS = (
    "title",
    "slug",
    "kind",
    "start_date",
    "end_date",
    "place_name",
    "place_region",
    "host_city__name",
    "host_city__slug",
    "host_city__region",
)


def _year_span(counts: list[dict], field: str, first: int, size: int):
    """The years (newest, oldest) that hold items first to first + size - 1 of a list sorted
    newest first, with `field` items counted per year in `counts` (newest first), and the
    position of item `first` within those years."""
    before = 0
    newest = None
    for row in counts:
        if not row[field]:
            continue
        if newest is None and first < before + row[field]:
            newest, offset = row["year"], first - before
        before += row[field]
        if newest is not None and first + size <= before:
            return newest, row["year"], offset
    return (newest, row["year"], offset) if newest is not None else None


def listed_meetings(
    meetings, today: datetime.date, counts: list[dict], upcoming: int, past: tuple[int, int]
) -> tuple[list[Meeting], list[Meeting]]:
    """The first `upcoming` upcoming meetings and the past ones from past[0] for past[1],
    read in one query.

    The counts by year (see year_counts) tell which years hold them, so the database reads
    only those years' meetings, whatever page is asked for.
    """
    parts = []
    upcoming_years = [row["year"] for row in counts if row["upcoming"]]
    if upcoming and upcoming_years:
        since = datetime.date(min(upcoming_years), 1, 1)
        soonest = meetings.upcoming(today).filter(start_date__gte=since)
        parts.append(soonest.values("pk")[:upcoming])
    span = _year_span(counts, "past", *past)
    if span:
        newest, oldest, offset = span
        held = meetings.past(today).filter(
            start_date__gte=datetime.date(oldest, 1, 1),
            start_date__lte=datetime.date(newest, 12, 31),
        )
        parts.append(held.values("pk")[offset : offset + past[1]])
    if not parts:
        return [], []
    # One list of keys from both slices (each wrapped: some databases refuse a LIMIT
    # directly inside UNION), so the database fetches the rows by primary key.
    keys = [Meeting.objects.filter(pk__in=part).order_by().values("pk") for part in parts]
    wanted = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    found = list(
        Meeting.objects.published()
        .filter(pk__in=wanted)
        .select_related("host_city")
        .only(*LISTED_FIELDS)
        .order_by()
    )
    soon = sorted((m for m in found if m.end_date >= today), key=lambda m: (m.start_date, m.pk))
    over = sorted(
        (m for m in found if m.end_date < today), key=lambda m: (m.start_date, m.pk), reverse=True
    )
    return soon, over
