"""Wagtail's own search backend: the database by default, OpenSearch with a Chinese analyzer
when OPENSEARCH_URL is set. The backend is built here as Wagtail would build it (the client
does not connect until it is asked something), so the configuration is checked without a
server."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from xuefa.search_backend import wagtail_search_backend


def test_without_opensearch_wagtail_searches_the_database():
    assert wagtail_search_backend({}) == {"BACKEND": "wagtail.search.backends.database"}


def _backend(env):
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": wagtail_search_backend(env)}):
        return get_search_backend("default")


def test_opensearch_with_smartcn_is_the_indexes_default_analyzer():
    backend = _backend({"OPENSEARCH_URL": "https://xuefa:secret@search.internal:9200"})
    assert type(backend).__name__ == "OpenSearch3SearchBackend"
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"] == {"type": "smartcn"}
    # Wagtail's own analyzers (partial matching) are kept beside ours.
    assert "edgengram_analyzer" in analysis["analyzer"]
    host = backend.hosts[0]
    assert (host["host"], host["port"], host["use_ssl"]) == ("search.internal", 9200, True)
    assert host["http_auth"] == ("xuefa", "secret")
    assert backend.index_prefix == "xuefa_"


@pytest.mark.django_db
def test_the_case_and_lesson_text_fields_take_the_default_chinese_analyzer():
    """Wagtail names no analyzer on a text field, so the index default (ours) segments it."""
    from case_library.models import CasePage
    from courses.models import LessonPage

    backend = _backend({"OPENSEARCH_URL": "http://127.0.0.1:9200"})
    for model in (CasePage, LessonPage):
        properties = backend.mapping_class(model).get_mapping()["properties"]
        text_fields = {k: v for k, v in properties.items() if v.get("type") == "text"}
        assert text_fields, f"{model.__name__} maps no text field"
        for name, mapping in text_fields.items():
            if name.endswith("_edgengrams"):  # partial matching: Wagtail's edge n-grams
                continue
            assert "analyzer" not in mapping, f"{model.__name__}.{name} names its own analyzer"


def test_ik_indexes_with_max_word_and_searches_with_smart():
    backend = _backend(
        {
            "OPENSEARCH_URL": "http://a:9200,http://b:9200",
            "OPENSEARCH_ANALYZER": "IK",
            "OPENSEARCH_VERSION": "2",
        }
    )
    assert type(backend).__name__ == "OpenSearch2SearchBackend"
    analyzer = backend.settings["settings"]["analysis"]["analyzer"]
    assert analyzer["default"]["tokenizer"] == "ik_max_word"
    assert analyzer["default_search"]["tokenizer"] == "ik_smart"
    assert [h["host"] for h in backend.hosts] == ["a", "b"]


@pytest.mark.parametrize(
    "env",
    [
        {"OPENSEARCH_URL": "http://x:9200", "OPENSEARCH_ANALYZER": "standard"},
        {"OPENSEARCH_URL": "http://x:9200", "OPENSEARCH_VERSION": "1"},
    ],
)
def test_an_unknown_analyzer_or_version_is_refused_at_start_up(env):
    with pytest.raises(ImproperlyConfigured):
        wagtail_search_backend(env)
