"""Template helpers of the cities app, for pages of other apps (the home page)."""

import datetime
from urllib.parse import urlsplit

from django import template

from cities.models import City
from icnet.core import i18n, locator

register = template.Library()


@register.simple_tag
def member_cities(limit: int = 12) -> dict:
    """Published cities in the page's language order: the first `limit` and how many in all."""
    cities = City.objects.published().by_local_name()
    shown = list(cities[:limit])
    total = len(shown) if len(shown) < limit else cities.count()
    return {"shown": shown, "total": total, "more": total - len(shown)}


@register.filter
def domain(url: str) -> str:
    """The readable part of a web address: comune.genova.it for https://www.comune.genova.it/."""
    host = urlsplit(url or "").netloc
    return host.removeprefix("www.") or url


@register.filter
def long_date(value: datetime.date | None) -> str:
    """A date written out in the page's language: 22 maggio 2010, 22 May 2010."""
    return i18n.long_date(value) if value else ""


@register.inclusion_tag("cities/_locator.html", takes_context=True)
def locator_map(context, city: City, css_class: str = "") -> dict:
    """A small map of Italy with the city's point, for a city without a photo: inline SVG,
    labelled in the page's language; without coordinates, Italy alone.

    The outline's path is written once per page, in the first map, and the others use it:
    a list of cities stays light however many have no photo."""
    outline = locator.italy()
    request = context.get("request")
    first = not getattr(request, "_italy_outline_drawn", False)
    if request is not None:
        request._italy_outline_drawn = True
    point = None
    if city.has_coordinates:
        # Written here, not by the template, which would localise the decimal point.
        point = [f"{value:g}" for value in outline.point(city.latitude, city.longitude)]
    return {
        "city": city,
        "outline": outline,
        "point": point,
        "css_class": css_class,
        "first": first,
    }
