"""Site-wide views: home, the small pages, search, statistics, open data, health, robots."""

import logging
import sys

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from icnet.core.health import overall, run_checks
from icnet.core.i18n import current_language
from icnet.core.media import is_public_media
from icnet.core.middleware import is_database_outage, service_unavailable
from icnet.core.page_cache import Understood, page_number, page_query
from icnet.core.ratelimit import limit_renders
from icnet.site import search as site_search
from icnet.site import stats
from icnet.site.admin_site import refusal_response
from icnet.site.models import Page
from icnet.site.opendata import CSV_COLUMNS
from index.services import OPEN_DATA_COLUMNS as INDEX_COLUMNS

logger = logging.getLogger("icnet.health")


@require_safe
def home(request):
    """The network's introduction, with places the apps fill (map, meetings, documents)."""
    intro = Page.objects.published().filter(key=Page.Key.HOME).first()
    return render(request, "icnet/home.html", {"page": intro})


@require_safe
def page(request, key: str):
    """One of the small editable pages (about, how to join)."""
    obj = get_object_or_404(Page.objects.published(), key=key)
    return render(request, "icnet/page.html", {"page": obj})


@never_cache
@require_safe
@transaction.non_atomic_requests
def health(request):
    """JSON of each part's state: 200 while the database answers (a cache or storage
    failure is "degraded"), 503 when it does not; about a second at most."""
    parts = run_checks()
    status = overall(parts)
    response = JsonResponse({"status": status, **parts}, status=503 if status == "down" else 200)
    if status != "ok":
        # One warning line, instead of Django's error line for a 503.
        logger.warning("health check: %s", " ".join(f"{k}={v}" for k, v in parts.items()))
        response._has_been_logged = True
    return response


def permission_denied(request, exception=None):
    """403: in the back office, its own styled page (in the admin's language, with a way
    back to what the account may edit); elsewhere the site's page."""
    if request.path.startswith(f"/{settings.ADMIN_PATH}") and request.user.is_authenticated:
        return refusal_response(request, exception)
    return render(request, "403.html", status=403)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on every page: send them to the site's icon."""
    response = redirect(static("icnet/favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


def server_error(request):
    """The 500 page, or the "temporarily unavailable" page when the database is the cause."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        return service_unavailable(request, error)
    return defaults.server_error(request)


SEARCH_PAGE_SIZE = 10
SEARCH_PREVIEW_SIZE = 5


def search_query(query):
    """The search's query as the page cache keys it: the text (free: kept only in each
    process's search memory), the kind of result, and the page of that kind."""
    text = " ".join(query.get("q", "").split())[: site_search.MAX_QUERY_LENGTH]
    only = query.get("type", "")
    pairs = [("q", text)] if text else []
    if only in site_search.SOURCE_KEYS:
        pairs += [("type", only), *page_number(query)]
    return Understood(pairs)


@page_query(search_query, free_text=("q",))
@limit_renders(lambda request: bool(request.GET.get("q")))
@require_safe
def search(request):
    """Site search, results grouped by kind; one kind at a time is paginated."""
    query = request.GET.get("q", "").strip()[: site_search.MAX_QUERY_LENGTH]
    only = request.GET.get("type", "")
    if only not in site_search.SOURCE_KEYS:
        only = ""
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    language = current_language()
    context = {"search_query": query, "only": only, "groups": [], "page_obj": None}
    if only:
        offset = (page_number - 1) * SEARCH_PAGE_SIZE
        groups = site_search.search(query, language, only, offset, SEARCH_PAGE_SIZE)
        group = groups[0] if groups else None
        if group is not None and group.total:
            paginator = Paginator(range(group.total), SEARCH_PAGE_SIZE)
            if page_number > paginator.num_pages:
                raise Http404
            context["page_obj"] = paginator.page(page_number)
        context["groups"] = groups
    else:
        context["groups"] = site_search.search(query, language, None, 0, SEARCH_PREVIEW_SIZE)
    context["total"] = sum(g.total for g in context["groups"])
    context["terms"] = site_search.terms_of(query)
    return render(request, "icnet/search.html", context)


@require_safe
def robots(request):
    """Allow everything public, keep crawlers out of the back office, name the sitemap."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def open_data(request):
    """What data the network publishes, in which formats, under which licence."""
    return render(
        request,
        "icnet/open_data.html",
        {"csv_columns": ", ".join(CSV_COLUMNS), "index_columns": ", ".join(INDEX_COLUMNS)},
    )


@require_safe
def statistics(request):
    """The network in numbers, as server-drawn charts with their tables."""
    return render(request, "icnet/statistics.html", {"charts": stats.charts()})


@require_safe
def media(request, name: str):
    """Send a public picture's stable address (MEDIA_URL + name) to a freshly signed
    address in the private bucket; anything else stored there has no such address."""
    if not is_public_media(name):
        raise Http404("No such picture.")
    response = HttpResponseRedirect(default_storage.signed_url(name))
    patch_cache_control(response, public=True, max_age=settings.MEDIA_REDIRECT_SECONDS)
    return response
