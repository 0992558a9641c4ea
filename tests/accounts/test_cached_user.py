"""The signed-in user's row comes from the cache (accounts.backends.CachedModelBackend), and
every change to it counts on the next request (issue 14: one user query per autosave)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.bulk_actions import ActiveStateBulkAction
from accounts.models import User

pytestmark = pytest.mark.django_db

URL = "/quizzes/mine/"


def _user_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200, response.status_code
    table = User._meta.db_table
    return sum(1 for q in captured if f'FROM "{table}"' in q["sql"] and "WHERE" in q["sql"])


def _signed_in(client) -> bool:
    response = client.get(URL)
    return response.status_code == 200


def test_second_request_reads_no_user_row(official_client):
    """The first request loads the row; the next ones take it from the cache."""
    first = _user_queries(official_client)
    assert first >= 1
    assert _user_queries(official_client) == first - 1


def test_deactivation_signs_out_at_once(official_client, official):
    assert _signed_in(official_client)
    official.is_active = False
    official.save()
    assert not _signed_in(official_client)


def test_bulk_deactivation_signs_out_at_once(official_client, official, administrator):
    """Wagtail's bulk action deactivates with an update() (no post_save): still at once."""
    assert _signed_in(official_client)
    ActiveStateBulkAction.execute_action([official], mark_as_active=False, model=User)
    assert not User.objects.get(pk=official.pk).is_active
    assert not _signed_in(official_client)


def test_password_change_signs_out_other_sessions(official_client, official):
    assert _signed_in(official_client)
    official.set_password("a-new-password-2026")
    official.save()
    assert not _signed_in(official_client)


def test_a_changed_field_is_seen_on_the_next_request(official_client, official):
    """The page reads the user as stored now (here: must change password → redirected)."""
    assert _signed_in(official_client)
    official.must_change_password = True
    official.save(update_fields=["must_change_password"])
    response = official_client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")


def test_roles_are_not_cached(official_client, official):
    """Groups (roles) are read per request as before: a role given counts at once."""
    office = reverse("reports:office", kwargs={"year": timezone.now().year})
    assert official_client.get(office).status_code in (403, 404)
    official.groups.add(Group.objects.get(name__in=_trainer_group_names()))
    assert official_client.get(office).status_code == 200


def test_deleted_user_is_signed_out(official_client, official):
    assert _signed_in(official_client)
    official.delete()
    assert not _signed_in(official_client)


def _trainer_group_names():
    from accounts.roles import ROLES

    return [ROLES["trainer"].group_name]


def test_no_caching_without_a_shared_cache(official_client, settings):
    """Without Redis (XUEFA_USER_CACHE_SECONDS is 0) each process would keep its own copy, so
    the row is read from the database on every request."""
    settings.XUEFA_USER_CACHE_SECONDS = 0
    first = _user_queries(official_client)
    assert _user_queries(official_client) == first
