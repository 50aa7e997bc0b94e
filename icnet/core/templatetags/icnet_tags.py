"""Template helpers shared by every app of the site."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html_join

from icnet.core import grammar
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


# Leaflet's default marker images, as django-leaflet ships them.
MAP_MARKER_IMAGES = {
    "data-marker-icon": "leaflet/images/marker-icon.png",
    "data-marker-icon-retina": "leaflet/images/marker-icon-2x.png",
    "data-marker-shadow": "leaflet/images/marker-shadow.png",
}


@register.simple_tag
def map_marker_images() -> str:
    """The addresses of Leaflet's marker images, as data- attributes of a map element.

    static/icnet/map.js and static/cities/map_picker.js give them to the markers: Leaflet's
    own guess of their folder (from its stylesheet) fails, and the high-density icon and
    the shadow were asked for beside the page instead.
    """
    return format_html_join(
        " ", '{}="{}"', ((name, static(path)) for name, path in MAP_MARKER_IMAGES.items())
    )


@register.simple_tag
def related_title(action: str, verbose_name) -> str:
    """The tooltip of an icon of the related-object widget, agreeing with the model's noun:
    {% related_title "change" model %} gives "Modifica la città selezionata"."""
    return grammar.related_title(action, verbose_name)
