"""A 400, not a 500, when a request carries a value the database cannot hold.

Wagtail's v3 endpoints pass integers from the URL (ids, `offset`, `limit`) to the database
unbounded: one too large for a 64-bit column made SQLite raise OverflowError or "datatype
mismatch" and PostgreSQL a DataError ("out of range"), answered as 500s (found by
tests/content_types/test_openapi_schemathesis.py). Such values are the caller's error.
"""

from django.db import DataError, IntegrityError
from wagtail.api.v3.errors import problem_response

DETAIL = "a value in the request does not fit the database (a number out of range or a text too long)"


def does_not_fit(request, exc):
    return problem_response(status=400, detail=DETAIL)


def sqlite_datatype_mismatch(request, exc):
    if "datatype mismatch" not in str(exc):
        raise exc
    return does_not_fit(request, exc)


def register(api):
    api.add_exception_handler(OverflowError, does_not_fit)
    api.add_exception_handler(DataError, does_not_fit)
    api.add_exception_handler(IntegrityError, sqlite_datatype_mismatch)
