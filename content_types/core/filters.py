"""What every GET filter form of the site shares."""


def query_without(querydict, *names):
    """The current query string minus some keys (page numbers, for pagination links)."""
    params = querydict.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
