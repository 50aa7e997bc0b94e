"""The Index on other apps' pages: a city's latest result on its profile."""

from django import template

from index import services

register = template.Library()


@register.simple_tag
def city_index(city):
    """The city's latest published result, its chart and the change since the one before
    (one query), or None."""
    if city is None or city.pk is None:
        return None
    return services.city_index(city)
