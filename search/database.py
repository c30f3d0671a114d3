"""The embedded search backend (`make run`, no Elasticsearch): Wagtail's SQLite backend, in French.

Wagtail's SQLite full-text backend matches words as they are written, so « étoile » misses
« étoiles » and « chateau » misses « châteaux ». This backend runs the text through
`search.french.analyse` on its way into the index and the query through the same function
on its way in, so both sides compare the same light French stems, as Elasticsearch does
with its French analyser. The autocomplete column gets folded words (no stems: a prefix
must stay a prefix).

Only the text changes: ranking, filters, facets and pagination are Wagtail's. On another
database (PostgreSQL, MySQL) this module answers with Wagtail's own database backend.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.database"}}
"""

from wagtail.search.backends import database
from wagtail.search.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.index import AutocompleteField, SearchField
from wagtail.search.query import And, MatchAll, Not, Or, Phrase, PlainText
from wagtail.search.utils import get_content_type_pk

from . import french


class FrenchObjectIndexer(ObjectIndexer):
    def prepare_field(self, obj, field):
        for current_field, value in super().prepare_field(obj, field):
            if isinstance(current_field, AutocompleteField):
                value = " ".join(french.autocomplete_terms(value))
            elif isinstance(current_field, SearchField):
                value = " ".join(french.analyse(value))
            yield current_field, value


class FrenchSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """One index entry per object (updated if it exists), its text analysed in French."""
        if not model.get_search_fields():
            return
        texts = {}
        for obj in objs:
            indexer = FrenchObjectIndexer(obj, self.backend)
            texts[indexer.id] = {"title": indexer.title, "body": indexer.body, "autocomplete": indexer.autocomplete}
        if not texts:
            return
        content_type_id = get_content_type_pk(model)
        entries = self.entries.filter(content_type_id=content_type_id)
        existing = set(entries.filter(object_id__in=texts).values_list("object_id", flat=True))
        for object_id in existing:
            entries.filter(object_id=object_id).update(**texts[object_id])
        self.entries.bulk_create(
            IndexEntry(content_type_id=content_type_id, object_id=object_id, **text)
            for object_id, text in texts.items()
            if object_id not in existing
        )
        self._refresh_title_norms()


NOTHING = Not(MatchAll())


class FrenchQueryMixin:
    """Queries are analysed like the indexed text; a query with no word left matches nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = self.analysed(self.query)

    def terms(self, text):
        return french.analyse(text)

    def analysed(self, query):
        if isinstance(query, PlainText):
            terms = self.terms(query.query_string)
            return PlainText(" ".join(terms), operator=query.operator, boost=query.boost) if terms else NOTHING
        if isinstance(query, Phrase):
            terms = self.terms(query.query_string)
            return Phrase(" ".join(terms)) if terms else NOTHING
        if isinstance(query, (And, Or)):
            return type(query)([self.analysed(subquery) for subquery in query.subqueries])
        if isinstance(query, Not) and not isinstance(query.subquery, MatchAll):
            return Not(self.analysed(query.subquery))
        return query


class FrenchSQLiteSearchQueryCompiler(FrenchQueryMixin, SQLiteSearchQueryCompiler):
    pass


class FrenchSQLiteAutocompleteQueryCompiler(FrenchQueryMixin, SQLiteAutocompleteQueryCompiler):
    def terms(self, text):
        return french.autocomplete_terms(text)


class FrenchSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = FrenchSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = FrenchSQLiteAutocompleteQueryCompiler
    index_class = FrenchSQLiteIndex


def SearchBackend(params):
    """Wagtail's choice of database backend, in French when it is SQLite's full-text one."""
    backend = database.SearchBackend(params)
    if isinstance(backend, SQLiteSearchBackend):
        return FrenchSQLiteSearchBackend(params)
    return backend
