"""ducha's settings: one file, everything that differs between machines comes from the environment.

Environment variables
- DATABASE_URL      default sqlite:///var/ducha.sqlite3 (PostgreSQL 15 in production)
- SECRET_KEY        default: generated once into var/secret_key
- ALLOWED_HOSTS     comma-separated, default "127.0.0.1,localhost"
- DEBUG             "1" to enable
- HUEY_URL          sqlite:///var/huey.sqlite3 (default), redis://host:6379/0 or postgresql://…
- HUEY_IMMEDIATE    "1" runs tasks inline (tests)
- EMAIL_BACKEND, DEFAULT_FROM_EMAIL, SMS_BACKEND (dotted path of a class with send(phone, text))
- DUCHA_FIELD_KEYS  Fernet keys for reporter identities, newest first (default: generated into var/)
- DUCHA_VAR_DIR     where runtime files live (default ./var)
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DUCHA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def read_or_create_secret(path: Path) -> str:
    """A secret that survives restarts: generated once, kept in var/ with owner-only permissions."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret(VAR_DIR / "secret_key")
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "axes",
    "huey.contrib.djhuey",
    "ducha",
    "accounts",
    "organisations",
    "workcalendar",
    "inspections",
    "audit",
    "notices",
    "complaints",
    "rectification",
    "accountability",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ducha.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ducha.urls"
WSGI_APPLICATION = "ducha.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notices.context_processors.unread",
            ],
        },
    },
]

SQLITE_OPTIONS = {
    # WAL lets readers go on while one writer writes; the busy timeout makes a second writer wait
    # rather than fail; IMMEDIATE takes the write lock when a transaction starts, so two transactions
    # that read and then write never deadlock on upgrading their locks ("database is locked").
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}


def database_settings(url: str) -> dict:
    """DATABASES["default"] for a URL: PostgreSQL (production) or a SQLite file (embedded default)."""
    database = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A pooled connection that died with a database restart is replaced before it is used.
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # template0 so that a test database takes the UTF-8 collation and ctype given at creation,
        # never ctype C (Chinese trigram and text search break under it).
        database["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    else:
        database.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
        # Tests use a file too (not shared-cache memory), so concurrency is tested as it runs.
        database["TEST"] = {"NAME": str(Path(database["NAME"]).with_suffix(".test.sqlite3"))}
    return database


DATABASES = {
    "default": database_settings(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ducha.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "login"

# django-axes: five wrong passwords lock the username for 30 minutes (per user, not per IP, so that
# one office behind one NAT address is not locked out by a colleague).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks to lock by IP address as well; ducha locks by username on purpose (above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# ECharts is installed by npm (package.json) and served from node_modules; nothing is vendored in git.
STATICFILES_DIRS = [("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

MAILERS = {
    "default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")},
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ducha@localhost")
# A class with send(phone, text); the default writes masked numbers to the log.
# Rectification ledger: a task is yellow when this many points behind its schedule line, red when
# RED_GAP behind or past its deadline; acceptance notices stay up this many calendar days.
RECTIFICATION_YELLOW_GAP = int(os.environ.get("RECTIFICATION_YELLOW_GAP", "10"))
RECTIFICATION_RED_GAP = int(os.environ.get("RECTIFICATION_RED_GAP", "30"))
RECTIFICATION_NOTICE_DAYS = int(os.environ.get("RECTIFICATION_NOTICE_DAYS", "7"))

SMS_BACKEND = os.environ.get("SMS_BACKEND", "notices.sms.LoggingSmsBackend")


def huey_settings(url: str, immediate: bool) -> dict:
    """Huey storage chosen by URL: SQLite file (default), Redis, or PostgreSQL through peewee."""
    common = {"name": "ducha", "immediate": immediate, "utc": True}
    if url.startswith("redis://"):
        return {**common, "huey_class": "huey.RedisHuey", "connection": {"url": url}}
    if url.startswith(("postgres://", "postgresql://")):
        return {**common, "huey_class": "huey.contrib.sql_huey.SqlHuey", "database": url}
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else str(VAR_DIR / "huey.sqlite3")
    return {**common, "huey_class": "huey.SqliteHuey", "filename": path}


HUEY = huey_settings(os.environ.get("HUEY_URL", ""), immediate=env_flag("HUEY_IMMEDIATE"))

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES")

# Imports (Excel): refused before parsing above these sizes; stopped past the row and time limits.
# Files with more than IMPORT_INLINE_ROWS rows are imported by a background job with a progress bar.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
IMPORT_MAX_RATIO = int(os.environ.get("IMPORT_MAX_RATIO", "200"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_SECONDS = int(os.environ.get("IMPORT_MAX_SECONDS", "600"))
IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", "1000"))
IMPORT_INLINE_SECONDS = int(os.environ.get("IMPORT_INLINE_SECONDS", "30"))
