from pathlib import Path

import pytest

from tests.factories import TEST_PASSWORD, DepartmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches. Wagtail caches site root paths; with Redis (CI's
    second run) a value left by an earlier test would name a site that no longer exists."""
    from django.core.cache import cache

    from quizzes import autosave

    # The autosave's papers kept in this process too: a test database's rolled-back ids come
    # round again, which a real database's never do.
    cache.clear()
    autosave.kept.clear()
    yield
    cache.clear()
    autosave.kept.clear()


@pytest.fixture
def department(db):
    return DepartmentFactory(name="接待科", code="jdk")


@pytest.fixture
def official(db, department):
    return UserFactory(username="official1", name="李明", department=department)


@pytest.fixture
def trainer(db, department):
    return UserFactory(username="trainer1", name="王芳", role="trainer", department=department)


@pytest.fixture
def lead(db, department):
    return UserFactory(username="lead1", name="赵强", role="lead", department=department)


@pytest.fixture
def administrator(db, department):
    return UserFactory(
        username="admin1", name="管理员", role="administrator", department=department
    )


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def password():
    return TEST_PASSWORD


def pytest_report_header(config):
    from tests.browser.conftest import CHROMIUM

    if Path(CHROMIUM).exists():
        return f"browser tests: on, driving {CHROMIUM}"
    return (
        f"browser tests: SKIPPED — no Chromium at {CHROMIUM} "
        "(apt-get install chromium fonts-noto-cjk, or set XUEFA_CHROMIUM)"
    )
