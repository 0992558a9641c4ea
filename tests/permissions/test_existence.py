"""No answer tells whether someone else's object exists (issue 9): for every route that names
an object by id, each role that is not let in gets the same answer for the world's real object
as for an id that names nothing — the same status, and a redirect to the same place. A 403 for
a session that exists beside a 404 for one that does not would let anyone list another's
sessions, attempts or records by walking ids.

Checked on the site's own routes and on the admin views of our apps (``OURS``), where the
objects are people's: their attempts, records, sessions, jobs, year files, drafts. Wagtail's
own admin views look the object up before asking permission (a lead is sent to the admin's
home for user 1 and told 404 for user 987654321); what they name — pages, images, snippets,
accounts, groups — is staff's working material, listed to those who use it. Some roles may
know an object exists and still be refused an action on it (an official invited to a session
sees it, but does not run it): ``MAY_KNOW`` names them, with why."""

from fnmatch import fnmatchcase

import pytest

from tests.permissions.matrix import OK, expected
from tests.permissions.probe import visit
from tests.permissions.urlconf import all_routes
from tests.permissions.world import ROLES

pytestmark = pytest.mark.django_db

#: an id inside 64 bits that names nothing in the world
NOTHING = 2**62 + 12345
#: URL parameters that are not an object's id
NOT_IDS = {"year", "number"}
#: the admin views of our own apps (their URL namespaces)
OURS = ("records_admin:", "quizzes_admin:", "case_library_admin:", "accounts_admin:")

#: (route pattern, role) → why that role may know the object exists while being refused
MAY_KNOW = {
    ("study_sessions:*", "official"): "invited: the session is on their own list",
}


def _ours(route) -> bool:
    return not route.route.startswith("admin/") or route.name.startswith(OURS)


ROUTES = [
    route
    for route in all_routes()
    if set(route.int_params) - NOT_IDS and not route.regex and _ours(route)
]


def test_there_are_routes_to_probe():
    assert len(ROUTES) > 30, [r.name for r in ROUTES]


def _may_know(route, role) -> bool:
    return any(fnmatchcase(route.name, pattern) and role == who for pattern, who in MAY_KNOW)


def _answer(response, url):
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    return response.status_code, location.replace(url, "<url>")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
def test_a_refused_object_answers_as_one_that_does_not_exist(world, role, method):
    found = []
    for route in ROUTES:
        if route.name in world.urls or _may_know(route, role):
            continue
        if OK in expected(route, role, "get") | expected(route, role, "post"):
            continue  # let in: it may know the object exists
        values = world.values_for(route)
        for param in sorted(set(route.int_params) - NOT_IDS):
            real_url, real = visit(world, route, role, method)
            fake_url = route.url(**{**values, param: NOTHING})
            world.urls[route.name] = fake_url
            try:
                _url, missing = visit(world, route, role, method)
            finally:
                del world.urls[route.name]
            if _answer(real, real_url) != _answer(missing, fake_url):
                found.append(
                    f"{method.upper()} {real_url} ({route.name}, {param}): "
                    f"{_answer(real, real_url)} but {_answer(missing, fake_url)} for nothing"
                )
    assert not found, "\n".join([f"{len(found)} answers tell existence:", *found])
