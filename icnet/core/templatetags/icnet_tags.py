"""Template helpers shared by every app of the site."""

from django import template
from django.conf import settings

from icnet.core.i18n import current_language

register = template.Library()


@register.simple_tag
def missing_translation(obj, *fields) -> bool:
    """True when the page's language has no text in one of these fields, so Italian shows.

    Use with the fallback notice: {% missing_translation city "profile" as fallback %}.
    """
    language = current_language()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if obj is None or language == default:
        return False
    return any(
        not getattr(obj, f"{field}_{language}", None) and getattr(obj, f"{field}_{default}", None)
        for field in fields
    )


@register.inclusion_tag("includes/fallback_notice.html")
def fallback_notice(obj, *fields):
    """A visible notice when some of the text below is shown in Italian for lack of a translation."""
    return {"show": missing_translation(obj, *fields)}
