"""The library, a document's page, its downloads, and the useful links."""

from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from cities.models import City
from documents.filters import DocumentFilterSet
from documents.models import Document, DocumentFile, Link
from icnet.core.filters import understood_query
from icnet.core.page_cache import keep_out_of_cache, page_number, page_query
from icnet.core.ratelimit import filtered, limit_renders
from icnet.core.templatetags.icnet_tags import missing_translation
from meetings.models import Meeting

PAGE_SIZE = 20


def list_query(query):
    """The library's query as the page cache keys it: its filters, then the page."""
    return understood_query(DocumentFilterSet(query, Document.objects.none()), *page_number(query))


@page_query(list_query)
@limit_renders(filtered)
@require_safe
def object_list(request):
    """The library: every published document, filtered by kind, city, year and language."""
    filters = DocumentFilterSet(
        request.GET or None,
        Document.objects.published()
        .select_related("city")
        .annotate(city_public=Exists(City.objects.published().filter(pk=OuterRef("city_id"))))
        .with_files(),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    if str(page.number) != request.GET.get("page", "1"):
        keep_out_of_cache(request)  # past the last page: shown as the last, not stored
    return render(
        request,
        "documents/list.html",
        {
            "form": filters.form,
            "filtered": bool(filters.chosen),
            "ignored": filters.ignored,
            "page_obj": page,
            "documents": page.object_list,
        },
    )


@require_safe
def detail(request, slug: str):
    """One document: its description, its files in each language, its city and meeting."""
    document = get_object_or_404(Document.objects.published().with_files(), slug=slug)
    # The city and the meeting are linked only when the public may see them.
    city = (
        City.objects.published().filter(pk=document.city_id).first() if document.city_id else None
    )
    meeting = (
        Meeting.objects.published().filter(pk=document.meeting_id).first()
        if document.meeting_id
        else None
    )
    return render(
        request,
        "documents/detail.html",
        {"document": document, "files": document.files.all(), "city": city, "meeting": meeting},
    )


def content_disposition(file: DocumentFile) -> str:
    """attachment with a plain filename and, for accented names, an RFC 6266 filename*."""
    plain = file.download_name(ascii_only=True)
    readable = file.download_name(ascii_only=False)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(readable, safe='')}"


@require_safe
def download(request, slug: str, language: str):
    """A published document's file in one language, as an attachment of its checked type.

    Files live under random names and are served only through here, so a file of a
    document that is not published cannot be reached even with its address. From a private
    bucket the answer is a redirect to an address the store honours for a minute only
    (icnet.core.media.MediaStorage.download_url); from local files, the file itself.
    """
    if language not in DocumentFile.Language.values:
        # Checked first: PostgreSQL refuses to compare text with a NUL in it (a 500).
        raise Http404("No such language.")
    file = get_object_or_404(
        DocumentFile.objects.select_related("document").filter(
            document__in=Document.objects.published()
        ),
        document__slug=slug,
        language=language,
    )
    etag = f'"{file.pk}-{int(file.updated.timestamp())}-{file.size}"'
    last_modified = int(file.updated.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    content_type = file.content_type or "application/octet-stream"
    if signed := getattr(file.file.storage, "download_url", None):
        response = HttpResponseRedirect(
            signed(
                file.file.name,
                content_disposition=content_disposition(file),
                content_type=content_type,
            )
        )
        # Each visit gets its own short-lived address: no cache may keep this one.
        patch_cache_control(response, private=True, no_store=True)
        return response
    try:
        handle = file.file.open("rb")
    except OSError as error:
        raise Http404("The file is missing from storage.") from error
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(file)
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


@require_safe
def links(request):
    """The useful links."""
    items = list(Link.objects.published())
    fallback = any(missing_translation(link, "title", "description") for link in items)
    return render(request, "documents/links.html", {"links": items, "fallback": fallback})
