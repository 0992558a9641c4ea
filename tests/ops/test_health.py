"""/healthz: ready only with a database; Redis and the worker queue are reported, not fatal."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.test import override_settings
from django.utils import timezone

from jobs.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_is_ok_with_a_database_and_the_in_process_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    # "local" without REDIS_URL (CI's SQLite run), "ok" when Redis answers (the PostgreSQL run)
    assert body["cache"] == ("ok" if settings.REDIS_URL else "local")
    assert body["queue"]["backend"] == "ImmediateBackend"


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("ops.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


@override_settings(TASKS=DB_QUEUE)
def test_healthz_is_degraded_when_no_worker_has_been_seen(client):
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["queue"] == {
        "backend": "DatabaseBackend",
        "workers": 0,
        "oldest_waiting_seconds": None,
        "status": "no worker",
    }


@override_settings(TASKS=DB_QUEUE)
def test_healthz_counts_workers_seen_in_the_last_two_minutes(client):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="web1:10", seen_at=now - timedelta(seconds=30))
    WorkerHeartbeat.objects.create(worker_id="web2:11", seen_at=now - timedelta(minutes=10))
    body = client.get("/healthz").json()
    assert body["queue"]["workers"] == 1
    assert body["queue"]["status"] == "ok"
    assert body["status"] == "ok"


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_healthz_reports_redis_unavailable_as_degraded_not_down(client):
    with mock.patch("ops.health.cache") as cache:
        cache.ping.return_value = False
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "unavailable"
    assert response.json()["status"] == "degraded"


def test_liveness_touches_nothing_but_the_process(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.json() == {"status": "ok"}
