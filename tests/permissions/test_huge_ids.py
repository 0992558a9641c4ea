"""Ids beyond 64 bits are pages that do not exist: 404, never a server error (issue 9).

Every route of the URL conf that takes an int is visited with a 20-digit id, by GET and by
POST, as an administrator (who passes every permission check, so the id reaches the view)."""

import pytest

from tests.factories import UserFactory
from tests.permissions.urlconf import HUGE_ID, all_routes

INT_ROUTES = [route for route in all_routes() if route.int_params]


def test_there_are_int_routes_to_probe():
    assert len(INT_ROUTES) > 100  # ours and Wagtail's admin


@pytest.mark.django_db
def test_every_int_route_answers_404_to_an_id_beyond_64_bits(client):
    client.raise_request_exception = False
    client.force_login(UserFactory(role="administrator"))
    failures = []
    for route in INT_ROUTES:
        url = route.url(**dict.fromkeys(route.int_params, HUGE_ID))
        for method in (client.get, client.post):
            status = method(url).status_code
            if status != 404:
                failures.append(f"{method.__name__.upper()} {url} ({route.name}): {status}")
    assert failures == []
