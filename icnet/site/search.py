"""Site search over cities, activities, meetings and documents, in the visitor's language.

On PostgreSQL: full-text search with the Italian or English configuration over the explicit
language columns (modeltranslation's base column is not the active language), on unaccented
text, plus trigram word similarity on names and titles so that accents and small typos do
not matter ("citta" finds "città", "Torrino" finds Torino). On other databases: a simpler
case-insensitive match on names, titles and texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cities.models import Activity, City
from documents.models import Document
from icnet.core.search import TEXT_CONFIG, ImmutableUnaccent, fold
from meetings.models import Meeting

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


class CountOf(Subquery):
    """How many rows a queryset has, as a value of each row of another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class Source:
    """One kind of thing the search finds; its model says which fields are searched."""

    key: str
    label: Promise
    queryset: Callable[[], QuerySet]

    @property
    def title(self) -> str:
        return self.queryset().model.search_title

    @property
    def texts(self) -> tuple[str, ...]:
        return self.queryset().model.search_texts


@dataclass
class Hit:
    title: SafeString
    url: str
    snippet: SafeString
    meta: str = ""


@dataclass
class Group:
    source: Source
    total: int
    hits: list[Hit] = field(default_factory=list)


SOURCES = [
    Source("cities", _("Cities"), lambda: City.objects.published()),
    Source(
        "activities", _("Activities"), lambda: Activity.objects.published().select_related("city")
    ),
    Source(
        "meetings",
        _("Meetings"),
        lambda: Meeting.objects.published().select_related("host_city"),
    ),
    Source("documents", _("Documents"), lambda: Document.objects.published()),
]
SOURCE_KEYS = [source.key for source in SOURCES]


def terms_of(query: str) -> list[str]:
    words = re.findall(r"\w+", query[:MAX_QUERY_LENGTH])
    return [w for w in words if len(w) > 1][:MAX_TERMS]


def highlight(text: str, terms: list[str], width: int = 200) -> SafeString:
    """A short excerpt of plain text around the first match, each matched word in <mark>."""
    plain = " ".join(strip_tags(text or "").split())
    if not plain:
        return mark_safe("")
    folded = fold(plain)
    # Stems: a word found by full-text search may differ in its ending ("meetings").
    stems = sorted({fold(t)[: max(4, len(t) - 2)] for t in terms}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(s) for s in stems)) if stems else None
    first = pattern.search(folded) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(plain), start + width)
    if start > 0:
        start = plain.rfind(" ", 0, start) + 1
    pieces, cursor = [], start
    if pattern:
        for match in pattern.finditer(folded, start, end):
            # Extend the mark to the end of the word.
            word_end = match.end()
            while word_end < end and plain[word_end].isalnum():
                word_end += 1
            if match.start() < cursor:
                continue
            pieces.append(escape(plain[cursor : match.start()]))
            pieces.append(f"<mark>{escape(plain[match.start() : word_end])}</mark>")
            cursor = word_end
    pieces.append(escape(plain[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def _postgres(qs: QuerySet, source: Source, query: str, language: str) -> QuerySet:
    """Full-text match on the stored vector of the language, or a name close to the words;
    both are answered by indexes (see search_index_sql)."""
    other = "en" if language == "it" else "it"
    folded = fold(query)
    vector = F(f"search_vector_{language}")
    search_query = SearchQuery(folded, config=TEXT_CONFIG[language], search_type="websearch")
    title_here = ImmutableUnaccent(F(f"{source.title}_{language}"))
    title_there = ImmutableUnaccent(F(f"{source.title}_{other}"))
    return (
        qs.annotate(title_here=title_here, title_there=title_there)
        .filter(
            Q(**{f"search_vector_{language}": search_query})
            | Q(title_here__trigram_word_similar=folded)
            | Q(title_there__trigram_word_similar=folded)
        )
        .annotate(
            # A word found by the full-text match is ranked by it (titles weigh most in the
            # vector); only a row found by a name close to the words is ranked by how close
            # it is, so the similarity is worked out for those few rows alone.
            score=SearchRank(vector, search_query)
            + Case(
                When(Q(**{f"search_vector_{language}": search_query}), then=Value(0.0)),
                default=Greatest(
                    TrigramWordSimilarity(Value(folded), Coalesce(title_here, Value(""))),
                    TrigramWordSimilarity(Value(folded), Coalesce(title_there, Value(""))),
                ),
                output_field=FloatField(),
            )
        )
        .order_by("-score", "pk")
    )


def _fallback(qs: QuerySet, source: Source, terms: list[str], language: str) -> QuerySet:
    for term in terms:
        match = Q(**{f"{source.title}_it__icontains": term}) | Q(
            **{f"{source.title}_en__icontains": term}
        )
        for name in source.texts:
            match |= Q(**{f"{name}_{language}__icontains": term})
        qs = qs.filter(match)
    title_match = Q()
    for term in terms:
        title_match |= Q(**{f"{source.title}_{language}__icontains": term})
    return qs.annotate(
        score=Case(When(title_match, then=1), default=0, output_field=IntegerField())
    ).order_by("-score", f"{source.title}_{language}", "pk")


def search(
    query: str, language: str, only: str | None = None, offset: int = 0, limit: int = 5
) -> list[Group]:
    """Grouped results: for each kind (or only one), its total and one page of hits."""
    terms = terms_of(query)
    if not terms:
        return []
    query = " ".join(terms)
    postgres = connection.vendor == "postgresql"
    groups = []
    for source in SOURCES:
        if only and source.key != only:
            continue
        qs = source.queryset()
        if postgres:
            # Every match is ranked on narrow rows (key and score), and only the rows of
            # the page are read whole: a word found in thousands of rows stays quick.
            matching = _postgres(qs, source, query, language)
            page_keys = matching.values("pk")[offset : offset + limit]
            page = _postgres(qs.filter(pk__in=page_keys), source, query, language)
            rows = list(page.annotate(search_total=CountOf(matching.order_by().values("pk"))))
        else:
            matching = _fallback(qs, source, terms, language)
            page = matching.annotate(search_total=Window(Count("pk")))[offset : offset + limit]
            rows = list(page)
        # The total comes with the page, in the same query.
        total = rows[0].search_total if rows else (matching.count() if offset else 0)
        group = Group(source=source, total=total)
        for obj in rows:
            text = " ".join(getattr(obj, name, "") or "" for name in source.texts)
            group.hits.append(
                Hit(
                    title=highlight(getattr(obj, source.title) or "", terms, width=300),
                    url=obj.get_absolute_url(),
                    snippet=highlight(text, terms),
                    meta=_meta(source.key, obj),
                )
            )
        groups.append(group)
    return groups


def _meta(key: str, obj) -> str:
    if key == "cities":
        return obj.get_region_display()
    if key == "activities":
        return str(obj.city)
    if key == "meetings":
        return f"{date_format(obj.start_date)} · {obj.place}"
    if key == "documents":
        return f"{obj.get_kind_display()} · {obj.display_date()}"
    return ""
