"""The permission matrix (issue 9): every route of the URL conf — ours, Wagtail's admin and
every viewset, hook and app registered into it — is declared in ``matrix.py`` with the answer
each role gets, by GET and by an empty POST; a route without a declaration fails the suite.

One world (``world.py``) serves the whole module; every visit is rolled back. Set
``XUEFA_MATRIX_DUMP=path`` to write the answers seen, route by route, to ``path`` (a help when
declaring a new route: read what it answers, then declare what it *should* answer).
"""

import dataclasses
import os
from fnmatch import fnmatchcase

import pytest

from tests.permissions.matrix import (
    DECLARATIONS,
    KNOWN_HOLES,
    declaration_for,
    expected,
    stale_declarations,
)
from tests.permissions.probe import answer_class, visit
from tests.permissions.urlconf import all_routes
from tests.permissions.world import ROLES

ROUTES = all_routes()

# Marked so pytest-django creates the test database; each test runs in a savepoint of the
# module's transaction, which holds the world.
pytestmark = pytest.mark.django_db


def _cases(world):
    """Every route, and every variant the world adds (the same route with a draft, say)."""
    by_name = {route.name: route for route in ROUTES}
    variants = [
        dataclasses.replace(by_name[base], name=name)
        for name, (base, _values) in world.variants.items()
    ]
    return [*ROUTES, *variants]


def test_every_route_is_declared(world):
    """A new route fails here, named, until ``matrix.py`` says what each role gets."""
    undeclared = [f"{r.name}  ({r.route})" for r in _cases(world) if declaration_for(r) is None]
    assert undeclared == [], "declare these routes in tests/permissions/matrix.py"


def test_no_declaration_is_stale(world):
    """A declaration that declares no route (none matches any more, or an earlier line took
    them all) fails here."""
    assert stale_declarations(_cases(world)) == []


def test_the_world_fills_every_route_with_a_real_object(world):
    """No route is visited with a made-up placeholder: every parameter comes from the world
    (``World.params``/``route_params``), or the route has a whole URL (``World.urls``)."""
    missing = [
        f"{route.name}: {name}"
        for route in ROUTES
        if route.name not in world.urls
        for name in route.converters
        if name not in world.values_for(route)
    ]
    assert missing == []


def _is_known_hole(route, role, method) -> bool:
    return any(
        fnmatchcase(route.name, pattern) and role == hole_role and hole_method in (method, "*")
        for pattern, hole_role, hole_method in KNOWN_HOLES
    )


def _mismatches(world, role, method, *, holes=False, pattern="*"):
    found = []
    for route in _cases(world):
        if _is_known_hole(route, role, method) != holes or not fnmatchcase(route.name, pattern):
            continue
        want = expected(route, role, method)
        url, response = visit(world, route, role, method)
        got = answer_class(response, role)
        if got not in want:
            found.append(
                f"{method.upper()} {url} ({route.name}): {got} [{response.status_code}], "
                f"declared {'/'.join(sorted(want))}"
            )
    return found


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_declared(world, role, method):
    """Each role gets the declared class of answer on every route (an empty POST for
    ``post``): never a 500, never more than the declaration grants."""
    found = _mismatches(world, role, method)
    assert not found, "\n".join([f"{len(found)} answers differ from matrix.py:", *found])


@pytest.mark.parametrize(
    "hole",
    [
        pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=why))
        for key, why in KNOWN_HOLES.items()
    ]
    or [pytest.param(None, marks=pytest.mark.skip(reason="no holes"))],
    ids=lambda key: " ".join(key) if key else "none",
)
def test_known_holes_are_still_holes(world, hole):
    """A known hole (``KNOWN_HOLES``) stays visible: it xfails while the answer is wrong and
    fails the suite (strict) once it is right, so that its line is removed."""
    pattern, role, method = hole
    for one_method in ("get", "post") if method == "*" else (method,):
        assert _mismatches(world, role, one_method, holes=True, pattern=pattern) == []


@pytest.mark.skipif(not os.environ.get("XUEFA_MATRIX_DUMP"), reason="XUEFA_MATRIX_DUMP unset")
def test_dump_the_answers_seen(world):
    """Not a check: writes every route's answers (status and class, per role and method)."""
    lines = []
    for route in _cases(world):
        cells = []
        for method in ("get", "post"):
            for role in ROLES:
                _url, response = visit(world, route, role, method)
                cells.append(f"{answer_class(response, role)}:{response.status_code}")
        lines.append(f"{route.name}\t{route.route}\t" + "\t".join(cells))
    with open(os.environ["XUEFA_MATRIX_DUMP"], "w") as out:
        out.write("\n".join(lines) + "\n")
    assert len(lines) >= len(ROUTES) and DECLARATIONS
