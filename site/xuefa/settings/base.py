"""Settings shared by every environment. Values come from the environment (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from xuefa.search_backend import wagtail_search_backend

# The repository root: site/ holds the project package, the apps sit beside it.
BASE_DIR = Path(__file__).resolve().parents[3]
SITE_DIR = BASE_DIR / "site"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-xuefa-development-only"  # noqa: S105 — DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first, so their templates override Wagtail's where they mean to.
    "accounts",
    "records",
    "reports",
    "courses",
    "quizzes",
    "case_library",
    "study_sessions",
    "search",
    "home",
    "jobs",
    "ops",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.XuefaUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    # Last, so every other catalogue wins: Chinese only for Wagtail strings nobody translates.
    "wagtail_catalogue",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: a body over XUEFA_MAX_REQUEST_BYTES is refused (413).
    "xuefa.middleware.RequestSizeMiddleware",
    # Before the session and anything that queries: NUL and lone surrogates are refused (400).
    "xuefa.middleware.UnstorableTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "accounts.middleware.DraftsForAuthorsMiddleware",
    "xuefa.middleware.OutOfRangeIdMiddleware",
    # A field the view reads that the request did not send: 400, not 500 (Wagtail's forms).
    "kit.wagtail_guards.IncompletePostMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "xuefa.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the outcome of authentication (django-axes' own rule).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xuefa.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "xuefa.wsgi.application"

# Database: DATABASE_URL, or an SQLite file under var/ (nothing to start).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'xuefa.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: no persistent connections, WAL for concurrent readers while one writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache and sessions: Redis when REDIS_URL is given, else local memory / database.
# Sessions are "cached_db": read from Redis, written through to the database, so a Redis restart
# in the middle of an exam signs nobody out (the exam-rush fault run checks it). The cache
# tolerates a Redis outage: a failed read is a miss, a failed write is skipped (ops.cache).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ops.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xuefa",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (django-tasks). The database backend is the embedded default, so `make run`
# needs nothing more than its own worker; production sets TASKS_BACKEND=rq to use RQ on Redis.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database, rq or immediate, not {TASKS_BACKEND!r}."
    )
# Where finished jobs keep their files (exports, ZIPs): private, served only through jobs' views.
XUEFA_JOB_FILES_ROOT = Path(os.environ.get("XUEFA_JOB_FILES_ROOT", BASE_DIR / "var" / "job-files"))
XUEFA_JOB_FILES_DAYS = int(os.environ.get("XUEFA_JOB_FILES_DAYS", "7"))
# Question-import previews waiting for the trainer's confirmation (quizzes/previews.py).
XUEFA_IMPORT_PREVIEWS_ROOT = Path(
    os.environ.get("XUEFA_IMPORT_PREVIEWS_ROOT", BASE_DIR / "var" / "import-previews")
)
XUEFA_IMPORT_PREVIEW_MINUTES = int(os.environ.get("XUEFA_IMPORT_PREVIEW_MINUTES", "60"))
# How long a redacted case keeps the revisions holding its raw intake data (administrators
# only) before case_revisions_purge deletes them (docs/personal-data.md).
XUEFA_CASE_RAW_RETENTION_DAYS = int(os.environ.get("XUEFA_CASE_RAW_RETENTION_DAYS", "30"))
# A case whose texts are longer than this is scanned for personal data by the worker, with
# progress shown in the editor, instead of inside the request (case_library.scanning).
XUEFA_CASE_SCAN_INLINE_CHARACTERS = int(
    os.environ.get("XUEFA_CASE_SCAN_INLINE_CHARACTERS", "20000")
)

# The signed-in user's row is cached this long (accounts/backends.py) — only in a cache all
# processes share (Redis): a deactivation in one process must count in all of them.
XUEFA_USER_CACHE_SECONDS = int(os.environ.get("XUEFA_USER_CACHE_SECONDS", "60")) if REDIS_URL else 0

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the signed-in user's row cached (accounts/backends.py).
    "accounts.backends.CachedModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day; exams run well inside it
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the attempt autosave script reads it for its JSON posts
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock the account-and-address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Language: Chinese first, English selectable.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

# Static files: whitenoise serves compressed, content-hashed files.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The whole request body, uploads included (Django bounds only the form fields): nginx's
# client_max_body_size says the same (deploy/nginx/xuefa.conf).
XUEFA_MAX_REQUEST_BYTES = int(os.environ.get("XUEFA_MAX_REQUEST_MB", "12")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Spreadsheet uploads (staff, questions): larger files are refused before parsing.
XUEFA_MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024
# What an uploaded workbook may unpack to, checked before it is parsed (a ZIP bomb is small).
XUEFA_MAX_SPREADSHEET_UNZIPPED_BYTES = 64 * 1024 * 1024

# Wagtail
WAGTAIL_SITE_NAME = "学法"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's own search (admin page search, choosers): the database, or OpenSearch with a Chinese
# analyzer when OPENSEARCH_URL is set (xuefa/search_backend.py). The site search has its own index.
WAGTAILSEARCH_BACKENDS = {"default": wagtail_search_backend(os.environ)}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt", "txt", "mp4", "webm"]
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False  # no outgoing mail on the intranet; administrators reset
# Only administrators change e-mail addresses (accounts.roles): not on the admin's account page.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no internet on government intranets
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Pixels (all frames), checked from the header before anything decodes the image: a 10 MB PNG
# can declare hundreds of millions, and each rendition decodes them all (4 bytes a pixel).
# 40 million is a 7,300 × 5,500 photograph; Wagtail's default is 128 million.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Study targets (学时, required courses, exam, group sessions) are set per year in the admin:
# reports.StudyTarget.
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no outside requests: avatars are initials
