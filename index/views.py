"""The Index comparison page: every member city's latest result, the network against the
samples, and one city's progress. Sorting and choosing a city are plain links and a GET
form: the page needs no JavaScript."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from icnet.core.cache import remember
from icnet.core.page_cache import Understood, page_query
from index import services


def _choices() -> dict[str, list[str]]:
    found = services.comparison(None, None, {})
    return {
        "cities": [row.city.slug for row in found.rows],
        "sorts": [column.key for column in found.columns],
    }


def compare_query(query):
    """The comparison's query as the page cache keys it: a compared city, a column to sort
    by and its order; anything else gives the page without it, as the page itself does."""
    choices = remember("index-query-choices", _choices)
    pairs = []
    if (city := query.get("city", "")) in choices["cities"]:
        pairs.append(("city", city))
    if (sort := query.get("sort", "")) in choices["sorts"]:
        pairs.append(("sort", sort))
        if (order := query.get("order", "")) in services.ORDERS:
            pairs.append(("order", order))
    return Understood(pairs)


@page_query(compare_query)
@require_safe
def compare(request):
    chosen = request.GET.get("city", "")
    keep = {"city": chosen} if chosen else {}
    found = services.comparison(request.GET.get("sort"), request.GET.get("order"), keep)
    city_progress = services.progress(found, chosen)
    return render(
        request,
        "index/compare.html",
        {
            "comparison": found,
            "progress": city_progress,
            "cities": sorted(
                (row.city for row in found.rows), key=lambda c: (c.name.casefold(), c.slug)
            ),
        },
    )
