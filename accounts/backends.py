"""Who is signed in, without a database query on every request.

Every request of a signed-in official loads their user row (``AuthenticationMiddleware``):
in the exam rush that is one query per autosave, a thousand officials saving every few
seconds (docs/performance.md). ``CachedModelBackend`` is Django's ``ModelBackend`` whose
``get_user`` reads the row from the shared cache (Redis in production) and falls back to the
database. Everything Django checks stays as it is, on the row as stored:

- the session's password hash is still compared with the row's on every request, so a
  password change signs the other sessions out at once;
- an inactive user is still refused (``user_can_authenticate``);
- only the row's own columns are cached — roles (groups) and permissions are read from the
  database as before, so a role taken away counts on the next request.

A change to the row is seen at once: every save and delete of a user forgets the cached row
(now and again once the transaction commits, so no request re-caches the old one in
between), and so does the one bulk ``update()`` of users the site makes (deactivating
accounts: ``accounts.bulk_actions``). Anything else that rewrites the table behind the ORM's
back (SQL by hand) is seen within ``XUEFA_USER_CACHE_SECONDS``. Signing in (the password
check) does not use the cache. While Redis is away every read is a miss: the database answers.

Only a cache every process shares may hold the rows — a change made in one process must be
forgotten for all — so the setting is 0 (no caching) unless ``REDIS_URL`` is set; the test
settings turn it on (one process).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

_KEY = "xuefa:accounts:user-row:{}"


def _key(user_id) -> str:
    return _KEY.format(user_id)


def _row_fields(model):
    return [field.attname for field in model._meta.concrete_fields]


def user_row_forget(user_ids) -> None:
    """Forget the cached rows of ``user_ids``: now, and once the current transaction (if any)
    commits — a request between the two would otherwise re-cache the row as it was."""
    keys = [_key(pk) for pk in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def user_row_changed(sender, instance, **kwargs) -> None:
    """post_save / post_delete receiver for the user model."""
    if instance.pk is not None:
        user_row_forget([instance.pk])


class CachedModelBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` (the signed-in user, per request) is cached."""

    def get_user(self, user_id):
        seconds = settings.XUEFA_USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 — a session holding a malformed id is no user
            return None
        key = _key(pk)
        names = _row_fields(model)
        values = cache.get(key)
        if isinstance(values, tuple) and len(values) == len(names):
            user = model.from_db(DEFAULT_DB_ALIAS, names, values)
        else:
            try:
                user = model._default_manager.get(pk=pk)
            except model.DoesNotExist:
                return None
            cache.set(key, tuple(getattr(user, name) for name in names), seconds)
        return user if self.user_can_authenticate(user) else None
