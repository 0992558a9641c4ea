"""Every route of the site, read from the URL conf (Wagtail's admin URLs and every viewset,
hook and app registered into them included), so tests can visit each one."""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
HUGE_ID = 99999999999999999999  # beyond 64 bits


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself when the pattern has no name
    route: str  # the full route, e.g. "admin/pages/<int:page_id>/edit/"
    regex: bool  # some level is a regular expression (Wagtail's page serving)
    converters: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def int_params(self) -> list[str]:
        return [name for name, conv in self.converters.items() if conv == "int"]

    def url(self, **values) -> str:
        """The route with each parameter filled in from ``values`` (by name), else a
        placeholder that matches its converter."""

        def fill(match):
            name, conv = match["name"], match["conv"] or "str"
            if name in values:
                return str(values[name])
            return {"int": "1", "uuid": "00000000-0000-0000-0000-000000000000"}.get(conv, "x")

        return "/" + PARAM.sub(fill, self.route)


def _walk(patterns, prefix="", namespace="", regex=False):
    for entry in patterns:
        pattern = entry.pattern
        is_regex = regex or isinstance(pattern, RegexPattern)
        text = str(pattern)
        if isinstance(pattern, RegexPattern):
            text = text.lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + text, ns, is_regex)
        elif isinstance(entry, URLPattern):
            route = prefix + text
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            converters = {}
            if not is_regex:
                converters = {m["name"]: m["conv"] or "str" for m in PARAM.finditer(route)}
            yield Route(name=name or route, route=route, regex=is_regex, converters=converters)


def all_routes() -> list[Route]:
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        if (route.name, route.route) not in seen:
            seen.add((route.name, route.route))
            routes.append(route)
    return routes


assert isinstance(RoutePattern, type)  # the two pattern kinds _walk knows
