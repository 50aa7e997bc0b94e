"""The Index comparison page: every member city's latest result, the network against the
samples, and one city's progress. Sorting and choosing a city are plain links and a GET
form: the page needs no JavaScript."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from index import services


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
