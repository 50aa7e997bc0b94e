"""The documents app's pieces on other pages: footer links, home, city and meeting lists."""

from django import template

from documents.models import Document, Link
from icnet.core.cache import remember

register = template.Library()

# How many documents a city's or a meeting's page lists, newest first.
BLOCK_LIMIT = 10


@register.simple_tag
def useful_links(limit: int = 6):
    """The published useful links, for the footer of every page: read once per content
    generation (each instance carries both languages)."""
    return remember(f"footer-links-{limit}", lambda: list(Link.objects.published()[:limit]))


@register.simple_tag
def latest_documents(limit: int = 3):
    """The newest published documents, for the home page."""
    return list(Document.objects.published()[:limit])


def _newest(documents) -> dict:
    """Up to BLOCK_LIMIT documents, newest first, with their files, and whether there are
    more (two queries)."""
    found = list(documents.with_files()[: BLOCK_LIMIT + 1])
    return {"list": found[:BLOCK_LIMIT], "more": len(found) > BLOCK_LIMIT}


@register.simple_tag
def city_documents(city) -> dict:
    """A city's newest published documents, with their files."""
    if city is None or city.pk is None:
        return {"list": []}
    return _newest(Document.objects.published().filter(city=city))


@register.simple_tag
def meeting_documents(meeting) -> dict:
    """A meeting's newest published documents, with their files."""
    if meeting is None or meeting.pk is None:
        return {"list": []}
    return _newest(Document.objects.published().filter(meeting=meeting))
