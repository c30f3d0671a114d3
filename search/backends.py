"""What the search views need to know about the configured backend.

Wagtail's Elasticsearch backend already keeps a page save alive when the server is down
(it logs the indexing error and carries on, `catch_indexing_errors`); a *query* however
raises. The views catch exactly the errors that mean "the search server is unreachable
or refused the request" and answer 503, never a traceback.
"""

import logging

logger = logging.getLogger("search")


def search_unavailable_errors():
    """Exception classes that mean the search service, not our code, failed."""
    errors = []
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [TransportError, ApiError]
    except ImportError:  # the database backend only: nothing external to fail
        pass
    return tuple(errors)

