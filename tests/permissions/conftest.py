import pytest
from django.db import transaction

from tests.permissions.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world per module, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
