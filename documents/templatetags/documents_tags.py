from django import template

from documents.models import Link

register = template.Library()


@register.simple_tag
def useful_links(limit: int = 6):
    """The published useful links, for the footer."""
    return list(Link.objects.published()[:limit])
