"""Test runs: fast hashing, no manifest needed, uploads in a throwaway folder."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tasks run inside the test (tests that check the real queue use the database backend).
os.environ.setdefault("TASKS_BACKEND", "immediate")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="xuefa-test-media-")
AXES_ENABLED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic before tests
XUEFA_USER_CACHE_SECONDS = 60  # one process: its local cache is shared by every request
XUEFA_JOB_FILES_ROOT = Path(tempfile.mkdtemp(prefix="xuefa-test-jobs-"))
XUEFA_IMPORT_PREVIEWS_ROOT = Path(tempfile.mkdtemp(prefix="xuefa-test-previews-"))
