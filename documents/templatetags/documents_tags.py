"""The documents room's pieces on other pages: footer links, home, city and meeting lists."""

from django import template

from documents.models import Document, Link

register = template.Library()


@register.simple_tag
def useful_links(limit: int = 6):
    """The published useful links, for the footer."""
    return list(Link.objects.published()[:limit])


@register.simple_tag
def latest_documents(limit: int = 3):
    """The newest published documents, for the home page."""
    return list(Document.objects.published()[:limit])


@register.simple_tag
def city_documents(city):
    """A city's published documents, newest first, with their files."""
    if city is None or city.pk is None:
        return []
    return list(Document.objects.published().filter(city=city).with_files())


@register.simple_tag
def meeting_documents(meeting):
    """A meeting's published documents, newest first, with their files."""
    if meeting is None or meeting.pk is None:
        return []
    return list(Document.objects.published().filter(meeting=meeting).with_files())
