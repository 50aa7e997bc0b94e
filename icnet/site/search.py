"""Site search over cities, activities, meetings and documents, in the visitor's language.

On PostgreSQL: full-text search with the Italian or English configuration over the explicit
language columns (modeltranslation's base column is not the active language), on unaccented
text, plus trigram word similarity on names and titles so that accents and small typos do
not matter ("citta" finds "città", "Torrino" finds Torino). On SQLite (the embedded
default): every word in names, titles and texts, compared without case or accents.
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
from django.utils.functional import Promise
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cities.models import Activity, City
from documents.models import Document
from icnet.core.i18n import long_date
from icnet.core.search import TEXT_CONFIG, Fold, ImmutableUnaccent, fold
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


# Where a paragraph ends in rich text: snippets never run two paragraphs together.
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div|tr)>|<br\s*/?>", re.IGNORECASE)


def paragraphs(text: str) -> list[str]:
    """The plain-text paragraphs of rich text (or of plain text), spaces tidied."""
    parts = BLOCK_END.split(text or "")[::2] if "<" in (text or "") else [text or ""]
    plain = (" ".join(strip_tags(part).split()) for part in parts)
    return [p for p in plain if p]


def _pattern(terms: list[str]) -> re.Pattern | None:
    """Words that begin like one of the terms. A word found by full-text search may differ
    in its ending ("meetings"), so a long term is cut to its stem; the match must start a
    word, so "torino" never marks the "torio" of "laboratorio"."""
    stems = {fold(t)[: max(4, len(t) - 2)] for t in terms}
    if not stems:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*")


def _cut(plain: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's ends back to word boundaries (the end is left where a word ends)."""
    if start > 0 and not plain[start - 1].isspace():
        space = plain.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(plain) and not plain[end].isspace():
        space = plain.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def highlight(text: str, terms: list[str], width: int = 200) -> SafeString:
    """A short excerpt of the paragraph that first matches (or of the first one), cut at
    word boundaries around the match, each matched word in <mark>."""
    pattern = _pattern(terms)
    found = None
    for paragraph in paragraphs(text):
        folded = fold(paragraph)
        first = pattern.search(folded) if pattern else None
        if first or found is None:
            found = (paragraph, folded, first)
        if first:
            break
    if found is None:
        return mark_safe("")
    plain, folded, first = found
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(plain), start + width)
    start, end = _cut(plain, start, end)
    if first and first.start() < start:
        start = first.start()
    pieces, cursor = [], start
    if pattern:
        for match in pattern.finditer(folded, start, end):
            pieces.append(escape(plain[cursor : match.start()]))
            pieces.append(f"<mark>{escape(plain[match.start() : match.end()])}</mark>")
            cursor = match.end()
    pieces.append(escape(plain[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(pieces).strip() + suffix)


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
    """Every word in the title (either language) or a text of the language, compared on
    folded copies (lower case, no accents), so that "citta" finds "città"."""
    title = source.title
    columns = [f"{title}_it", f"{title}_en", *(f"{name}_{language}" for name in source.texts)]
    qs = qs.alias(**{f"folded_{column}": Fold(F(column)) for column in columns})
    folded_terms = [fold(term) for term in terms]
    for term in folded_terms:
        match = Q()
        for column in columns:
            match |= Q(**{f"folded_{column}__contains": term})
        qs = qs.filter(match)
    title_match = Q()
    for term in folded_terms:
        title_match |= Q(**{f"folded_{title}_{language}__contains": term})
    return qs.annotate(
        score=Case(When(title_match, then=1), default=0, output_field=IntegerField())
    ).order_by("-score", f"{source.title}_{language}", "pk")


def full_text() -> bool:
    """Whether the database does full-text search (PostgreSQL), or the fallback runs."""
    return connection.vendor == "postgresql"


def search(
    query: str, language: str, only: str | None = None, offset: int = 0, limit: int = 5
) -> list[Group]:
    """Grouped results: for each kind (or only one), its total and one page of hits."""
    terms = terms_of(query)
    if not terms:
        return []
    query = " ".join(terms)
    postgres = full_text()
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
            text = "<br>".join(getattr(obj, name, "") or "" for name in source.texts)
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
        return f"{long_date(obj.start_date)} · {obj.place}"
    if key == "documents":
        return f"{obj.get_kind_display()} · {obj.display_date()}"
    return ""
