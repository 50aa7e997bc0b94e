"""Site-wide views: home, the small pages, health."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from icnet.models import Page


@require_safe
def home(request):
    """The network's introduction, with places the other rooms fill (map, meetings, documents)."""
    intro = Page.objects.published().filter(key=Page.Key.HOME).first()
    return render(request, "icnet/home.html", {"page": intro})


@require_safe
def page(request, key: str):
    """One of the small editable pages (about, how to join)."""
    obj = get_object_or_404(Page.objects.published(), key=key)
    return render(request, "icnet/page.html", {"page": obj})


@never_cache
@require_safe
def health(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
