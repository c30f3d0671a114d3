"""How the search index is configured: the French analysis and the backend for a URL.

Plain Python with no model imports, so that `cms.settings.base` can import it. The
settings are merged by Wagtail into its own (`INDEX_SETTINGS`), so the n-gram analysers
it needs for autocomplete stay, and every text field without an explicit analyser (the
page title, the `_all_text` catch-all, summaries, bodies) gets the French `default`
analyser below.
"""

from importlib.metadata import PackageNotFoundError, version

from .french import ELISION_ARTICLES

# Order matters: elision and lower case first, stop words on real words, the light
# French stemmer (which also strips the French accents it knows) and asciifolding last
# for whatever accents remain (ï, œ…). « Les étoiles filantes » -> [etoil, filant];
# the query « etoile » -> [etoil].
FRENCH_ANALYSIS_FILTERS = [
    "french_elision",
    "lowercase",
    "french_stop",
    "french_stemmer",
    "asciifolding",
]

FRENCH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": list(ELISION_ARTICLES),
                },
                "french_stop": {"type": "stop", "stopwords": "_french_"},
                "french_stemmer": {"type": "stemmer", "language": "light_french"},
            },
            "analyzer": {
                # Every text field without an explicit analyser, at index and query time.
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": FRENCH_ANALYSIS_FILTERS,
                },
                # Autocomplete: word prefixes, accents folded, articles elided
                # (« l'obs » completes « L'observatoire »).
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["french_elision", "lowercase", "asciifolding", "edgengram"],
                },
            },
        },
    }
}


def elasticsearch_client_major():
    """The major version of the installed `elasticsearch` client, pinned to the server's."""
    try:
        return int(version("elasticsearch").split(".")[0])
    except PackageNotFoundError:
        return None


def search_backends(elasticsearch_urls, index_name="echosciences", timeout=5):
    """`WAGTAILSEARCH_BACKENDS` for node URLs: Elasticsearch when given some, else the database.

    A cluster (two or more node URLs) keeps one replica of each shard, so a node can
    stop with search still answering from the other.

    Wagtail ships one Elasticsearch backend per server major (7, 8, 9); the client in
    requirements.txt is pinned to the server's major, so its version picks the backend.
    A short timeout and a single retry keep a publish quick when the server is down
    (the page is saved anyway, see `search.signals`).
    """
    if isinstance(elasticsearch_urls, str):
        elasticsearch_urls = [url.strip() for url in elasticsearch_urls.split(",") if url.strip()]
    if not elasticsearch_urls:
        # Wagtail's database backend, analysing French on SQLite (`search.database`).
        return {"default": {"BACKEND": "search.database"}}
    major = elasticsearch_client_major() or 8
    index_settings = FRENCH_INDEX_SETTINGS
    if len(elasticsearch_urls) > 1:
        index_settings = {"settings": {**FRENCH_INDEX_SETTINGS["settings"], "number_of_replicas": 1}}
    return {
        "default": {
            "BACKEND": f"wagtail.search.backends.elasticsearch{major}",
            "URLS": list(elasticsearch_urls),
            "INDEX_PREFIX": f"{index_name}_",
            "TIMEOUT": timeout,
            "OPTIONS": {"max_retries": 1, "retry_on_timeout": False},
            "INDEX_SETTINGS": index_settings,
        }
    }
