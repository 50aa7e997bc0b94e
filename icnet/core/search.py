"""What makes a model searchable, and the PostgreSQL trigger and indexes that keep it so.

A searchable model inherits Searchable and names its title and texts (search_title,
search_texts); the site's search reads those declarations, and each app's migration installs
the trigger with search_index_operation().
"""

from __future__ import annotations

import unicodedata

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models
from django.db.models import CharField
from django.db.models.expressions import Func

TEXT_CONFIG = {"it": "italian", "en": "english"}


class Searchable(models.Model):
    """The per-language search vectors of a searchable model (kept by a database trigger)."""

    search_vector_it = SearchVectorField(null=True, editable=False)
    search_vector_en = SearchVectorField(null=True, editable=False)

    # The translated field that names an object, and the translated texts that describe it.
    search_title: str = "title"
    search_texts: tuple[str, ...] = ()

    class Meta:
        abstract = True


class ImmutableUnaccent(Func):
    """icnet_unaccent(): unaccent as an immutable function, so that indexes can use it."""

    function = "icnet_unaccent"
    output_field = CharField()


def fold(text: str) -> str:
    """Lower-case text without accents, one character for one character."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text.lower())


class Fold(Func):
    """icnet_fold(): a column as fold() writes it, so that "citta" matches "città".

    On SQLite it is fold() itself, registered on each connection (register_fold); on
    PostgreSQL, lower() of the unaccented text.
    """

    function = "icnet_fold"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="lower(icnet_unaccent(%(expressions)s))", **extra_context
        )


def _fold_or_null(text):
    return None if text is None else fold(str(text))


def register_fold(sender, connection, **kwargs) -> None:
    """connection_created receiver: give each SQLite connection the icnet_fold() function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("icnet_fold", 1, _fold_or_null, deterministic=True)


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

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in search_index_sql(table, title, texts):
                schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in drop_search_index_sql(table, title):
                schema_editor.execute(statement)

    return migrations.RunPython(forwards, backwards, elidable=False)
