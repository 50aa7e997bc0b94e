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


@register.inclusion_tag("cities/_locator.html")
def locator_map(city: City, css_class: str = "") -> dict:
    """A small map of Italy with the city's point, for a city without a photo: inline SVG,
    labelled in the page's language. Nothing is drawn for a city with no coordinates."""
    outline = locator.italy()
    point = None
    if city.has_coordinates:
        # Written here, not by the template, which would localise the decimal point.
        point = [f"{value:g}" for value in outline.point(city.latitude, city.longitude)]
    return {"city": city, "outline": outline, "point": point, "css_class": css_class}
