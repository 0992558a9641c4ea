"""Wagtail's own search backend (the admin's page search, the page and snippet choosers).

The site search (/search/) keeps its own segmented index in the database (docs/search.md);
this is the backend Wagtail itself searches with. By default Wagtail's database backend; with
``OPENSEARCH_URL`` set, OpenSearch (2 or 3) with a Chinese analyzer, for deployments whose
content outgrows the database:

- ``OPENSEARCH_ANALYZER=smartcn`` (default): the ``analysis-smartcn`` plugin
  (``opensearch-plugin install analysis-smartcn``);
- ``OPENSEARCH_ANALYZER=ik``: the IK plugin, ``ik_max_word`` when indexing (every word, long
  and short) and ``ik_smart`` when searching.

Either becomes the index's *default* analyzer, so every text field Wagtail maps (it names no
analyzer of its own) is segmented as Chinese; partial matching keeps Wagtail's edge n-grams.
"""

from django.core.exceptions import ImproperlyConfigured

ANALYZERS = {
    "smartcn": {"analyzer": {"default": {"type": "smartcn"}}},
    "ik": {
        "analyzer": {
            "default": {"type": "custom", "tokenizer": "ik_max_word"},
            "default_search": {"type": "custom", "tokenizer": "ik_smart"},
        }
    },
}
VERSIONS = {"2": "wagtail.search.backends.opensearch2", "3": "wagtail.search.backends.opensearch3"}


def wagtail_search_backend(env) -> dict:
    """The ``WAGTAILSEARCH_BACKENDS["default"]`` entry for this environment."""
    url = env.get("OPENSEARCH_URL", "").strip()
    if not url:
        return {"BACKEND": "wagtail.search.backends.database"}
    analyzer = env.get("OPENSEARCH_ANALYZER", "smartcn").strip().lower()
    if analyzer not in ANALYZERS:
        raise ImproperlyConfigured(
            f"OPENSEARCH_ANALYZER must be one of {', '.join(sorted(ANALYZERS))}, not {analyzer!r}"
        )
    version = env.get("OPENSEARCH_VERSION", "3").strip()
    if version not in VERSIONS:
        raise ImproperlyConfigured(f"OPENSEARCH_VERSION must be 2 or 3, not {version!r}")
    return {
        "BACKEND": VERSIONS[version],
        "URLS": [u.strip() for u in url.split(",") if u.strip()],
        "INDEX_PREFIX": env.get("OPENSEARCH_INDEX_PREFIX", "xuefa_"),
        "TIMEOUT": int(env.get("OPENSEARCH_TIMEOUT", "10")),
        "INDEX_SETTINGS": {"settings": {"analysis": ANALYZERS[analyzer]}},
    }
