"""The Redis cache degrades to misses while Redis is away (sessions fall back to the database)."""

import pytest

from ops.cache import TolerantRedisCache


@pytest.fixture
def unreachable_cache():
    # Port 1 on loopback: nothing listens, so every command fails with a connection error.
    return TolerantRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_reads_are_misses_and_writes_are_skipped_without_redis(unreachable_cache):
    assert unreachable_cache.get("k", "fallback") == "fallback"
    assert unreachable_cache.get_many(["a", "b"]) == {}
    assert unreachable_cache.set("k", 1) is None
    assert unreachable_cache.add("k", 1) is False
    assert unreachable_cache.delete("k") is False
    assert unreachable_cache.ping() is False


@pytest.mark.django_db
def test_a_session_survives_redis_being_away(unreachable_cache):
    """cached_db sessions: with Redis unreachable the session is written to and read from the
    database, so nobody is signed out mid-exam when Redis restarts."""
    from django.contrib.sessions.backends.cached_db import SessionStore

    store = SessionStore()
    store._cache = unreachable_cache
    store["attempt"] = 42
    store.save()

    again = SessionStore(session_key=store.session_key)
    again._cache = unreachable_cache
    assert again["attempt"] == 42


def test_one_redis_client_per_pool():
    """Django's Redis cache builds a new redis.Redis for every operation (a table of response
    callbacks each time); ours keeps one per connection pool (issue 14: twice per autosave)."""
    cache = TolerantRedisCache("redis://127.0.0.1:1/0", {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first  # one server: one pool
