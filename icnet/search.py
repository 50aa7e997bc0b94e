"""Site search over cities, activities, meetings and documents, in the visitor's language.

On PostgreSQL: full-text search with the Italian or English configuration over the explicit
language columns (modeltranslation's base column is not the active language), on unaccented
text, plus trigram word similarity on names and titles so that accents and small typos do
not matter ("citta" finds "città", "Torrino" finds Torino). On other databases: a simpler
case-insensitive match on names, titles and texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import (
    Case,
    CharField,
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
from django.db.models.expressions import Func
from django.db.models.functions import Coalesce, Greatest
from django.utils.functional import Promise
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
TEXT_CONFIG = {"it": "italian", "en": "english"}


class Searchable(models.Model):
    """The per-language search vectors of a searchable model (kept by a database trigger)."""

    search_vector_it = SearchVectorField(null=True, editable=False)
    search_vector_en = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True


class ImmutableUnaccent(Func):
    """icnet_unaccent(): unaccent as an immutable function, so that indexes can use it."""

    function = "icnet_unaccent"
    output_field = CharField()


class CountOf(Subquery):
    """How many rows a queryset has, as a value of each row of another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class Source:
    """One kind of thing the search finds."""

    key: str
    label: Promise
    queryset: Callable[[], QuerySet]
    title: str
    texts: tuple[str, ...]


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


def _sources() -> list[Source]:
    from cities.models import Activity, City
    from documents.models import Document
    from meetings.models import Meeting

    return [
        Source(
            "cities",
            _("Cities"),
            lambda: City.objects.published(),
            "name",
            ("summary", "profile"),
        ),
        Source(
            "activities",
            _("Activities"),
            lambda: Activity.objects.published().select_related("city"),
            "title",
            ("description",),
        ),
        Source(
            "meetings",
            _("Meetings"),
            lambda: Meeting.objects.published().select_related("host_city"),
            "title",
            ("summary", "report"),
        ),
        Source(
            "documents",
            _("Documents"),
            lambda: Document.objects.published(),
            "title",
            ("description",),
        ),
    ]


def source_keys() -> list[str]:
    return [source.key for source in _sources()]


def fold(text: str) -> str:
    """Lower-case text without accents, one character for one character."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text.lower())


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
    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

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
    from django.db.models import Case, IntegerField, When

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
    for source in _sources():
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
    from django.utils.formats import date_format

    if key == "cities":
        return obj.get_region_display()
    if key == "activities":
        return str(obj.city)
    if key == "meetings":
        return f"{date_format(obj.start_date)} · {obj.place}"
    if key == "documents":
        return f"{obj.get_kind_display()} · {obj.display_date()}"
    return ""


# ---------------------------------------------------------------------------------------
# PostgreSQL indexes. Each searchable table keeps two tsvector columns, one per language,
# filled by a trigger (so saves, bulk imports and the shell all keep them current) and
# indexed with GIN; names are matched for typos through trigram indexes on the unaccented
# name. Other databases skip all of this and use the simple fallback.

UNACCENT_FUNCTION = """
CREATE OR REPLACE FUNCTION icnet_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""


def _plain(expression: str) -> str:
    return f"regexp_replace({expression}, '<[^>]+>', ' ', 'g')"


def _vector_sql(title: str, texts: tuple[str, ...], language: str) -> str:
    other = "en" if language == "it" else "it"
    config, other_config = (
        f"pg_catalog.{TEXT_CONFIG[language]}",
        f"pg_catalog.{TEXT_CONFIG[other]}",
    )

    # The page shows the Italian text where the English is missing: search what it shows.
    def shown(name):
        if language == "it":
            return f"coalesce(NEW.{name}_it, '')"
        return f"coalesce(nullif(NEW.{name}_en, ''), NEW.{name}_it, '')"

    body = " || ' ' || ".join(shown(name) for name in texts) or "''"
    return (
        f"setweight(to_tsvector('{config}', icnet_unaccent({shown(title)})), 'A') || "
        f"setweight(to_tsvector('{other_config}', icnet_unaccent(coalesce(NEW.{title}_{other}, ''))), 'B') || "
        f"setweight(to_tsvector('{config}', icnet_unaccent({_plain(body)})), 'C')"
    )


def search_index_sql(table: str, title: str, texts: tuple[str, ...]) -> list[str]:
    function = f"{table}_search_vectors"
    return [
        UNACCENT_FUNCTION,
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector_it := {_vector_sql(title, texts, "it")};
            NEW.search_vector_en := {_vector_sql(title, texts, "en")};
            RETURN NEW;
        END $$;
        """,
        f"DROP TRIGGER IF EXISTS {table}_search ON {table}",
        f"CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"UPDATE {table} SET id = id",
        f"CREATE INDEX IF NOT EXISTS {table}_search_it ON {table} USING gin (search_vector_it)",
        f"CREATE INDEX IF NOT EXISTS {table}_search_en ON {table} USING gin (search_vector_en)",
        f"CREATE INDEX IF NOT EXISTS {table}_{title}_it_trgm ON {table} "
        f"USING gin (icnet_unaccent({title}_it) gin_trgm_ops)",
        f"CREATE INDEX IF NOT EXISTS {table}_{title}_en_trgm ON {table} "
        f"USING gin (icnet_unaccent({title}_en) gin_trgm_ops)",
    ]


def drop_search_index_sql(table: str, title: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_search ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_search_vectors()",
        f"DROP INDEX IF EXISTS {table}_search_it",
        f"DROP INDEX IF EXISTS {table}_search_en",
        f"DROP INDEX IF EXISTS {table}_{title}_it_trgm",
        f"DROP INDEX IF EXISTS {table}_{title}_en_trgm",
    ]


def search_index_operation(table: str, title: str, texts: tuple[str, ...]):
    """A migration operation that installs the search trigger and indexes on PostgreSQL."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in search_index_sql(table, title, texts):
                schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in drop_search_index_sql(table, title):
                schema_editor.execute(statement)

    return migrations.RunPython(forwards, backwards, elidable=False)
