"""Wagtail's database search backend, with the search box's double quotes made harmless.

The SQLite backend (modelsearch's FTS5 compiler) writes each term as an FTS5 string
literal, escaping single quotes but not double quotes: a `"` typed in the search box or
in `/api/v3/pages/?search=` ended the literal early and SQLite answered "unterminated
string" (a 500). Plain-text queries on the database backend have no phrase syntax, so a
double quote carries no meaning there: it is read as a space, on every database.
"""

from django.db.models import QuerySet
from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import MatchAll


def without_double_quotes(query):
    if isinstance(query, str):
        return query.replace('"', " ")
    return query


class QuoteSafeMixin:
    """A query left blank (only quotes or spaces) matches nothing, as Elasticsearch answers;
    modelsearch's compilers would fail on it (no term to build a query from)."""

    def _safe(self, method, query, model_or_queryset, *args, **kwargs):
        query = without_double_quotes(query)
        if isinstance(query, str) and not query.strip():
            query, model_or_queryset = MatchAll(), _nothing_of(model_or_queryset)
        return method(query, model_or_queryset, *args, **kwargs)

    def search(self, query, model_or_queryset, *args, **kwargs):
        return self._safe(super().search, query, model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return self._safe(super().search, query, model_or_queryset, *args, **kwargs)


def _nothing_of(model_or_queryset):
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset.filter(pk__in=[])
    return model_or_queryset._default_manager.filter(pk__in=[])


def SearchBackend(params):
    """The database's own backend class (SQLite, PostgreSQL…), with the mixin in front."""
    backend_class = type(database_backend(params))
    return type(f"QuoteSafe{backend_class.__name__}", (QuoteSafeMixin, backend_class), {})(params)
