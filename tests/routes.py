"""The URL conf's named routes whose view carries a marker attribute (kit.wagtail_guards)."""

from django.urls import get_resolver


def routes_marked(attribute: str) -> set[str]:
    """``namespace:name`` of every named route whose callback has a truthy ``attribute``."""
    found = set()

    def walk(patterns, ns=""):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                walk(
                    entry.url_patterns,
                    f"{ns}:{entry.namespace}" if ns and entry.namespace else entry.namespace or ns,
                )
            elif getattr(entry.callback, attribute, None) and entry.name:
                found.add(f"{ns}:{entry.name}" if ns else entry.name)

    walk(get_resolver().url_patterns)
    return found
