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
from django.utils.csp import CSP

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
# The key of the audit chain's HMAC (audit.chain): kept outside the database, so that whoever can write
# to the database cannot forge the chain. Back it up with SECRET_KEY; losing it makes the chain unverifiable.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY") or read_or_create_secret(VAR_DIR / "audit_key")
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
    "liaison",
    "dutyreports",
    "assessments",
    "briefings",
    "fieldchecks",
    "fieldwork",
    "screening",
    "cockpit",
    "demo",
    "imports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ducha.middleware.RequestGuardMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ducha.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.throttle.SignInThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ducha.middleware.IdleTimeoutMiddleware",
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
                "django.template.context_processors.csp",
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

# django-axes: five wrong passwords lock the username *from that address* for 30 minutes, so nobody can
# lock a colleague out from elsewhere; accounts.throttle slows any address with many failures across
# usernames (password spraying). Both answer 429, as JSON on the API.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"
AXES_VERBOSE = False
SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGNIN_ADDRESS_FAILURE_LIMIT", "20"))
# How many reverse proxies in front of ducha append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

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

EMAIL_BACKEND_PATH = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    # Production sends through the organisation's SMTP relay.
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_flag("EMAIL_USE_TLS"),
        "timeout": 20,
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

# The lists' order index carries the scope's columns (INCLUDE) for PostgreSQL's index-only scans; SQLite,
# the embedded default, has no such thing and simply builds the key columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

NINJA_PAGINATION_PER_PAGE = 50
# Request bodies: forms and JSON up to DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB), uploads (evidence up
# to 20 MB a file, several at once) up to this; larger ones get 413 before anything reads them.
MAX_UPLOAD_REQUEST_BYTES = int(os.environ.get("MAX_UPLOAD_REQUEST_BYTES", str(100 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # it reports every layout step at INFO
        "fontTools": {"level": "WARNING"},
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_COOKIES = env_flag("SECURE_COOKIES")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    # Behind HTTPS: browsers are told to use nothing else, and plain HTTP is redirected. A reverse proxy
    # that ends TLS says so in X-Forwarded-Proto.
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (Django's own middleware): scripts from this site, or inline ones carrying the
# request's nonce (the chart pages); nothing from elsewhere, no eval, no inline event handlers.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Imports (Excel): refused before parsing above these sizes; stopped past the row and time limits.
# Files with more than IMPORT_INLINE_ROWS rows are imported by a background job with a progress bar.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
IMPORT_MAX_RATIO = int(os.environ.get("IMPORT_MAX_RATIO", "200"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_SECONDS = int(os.environ.get("IMPORT_MAX_SECONDS", "600"))
IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", "1000"))
IMPORT_INLINE_SECONDS = int(os.environ.get("IMPORT_INLINE_SECONDS", "30"))

# API tokens expire this many days after issue (0: never); a password change or deactivation revokes them.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))
# A signed-in session ends after this many idle minutes (ducha.middleware.IdleTimeoutMiddleware).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_MAX_HOURS", "12")) * 3600

# Accountability: a record proposed this many days ago with no decision is overdue on the discipline
# group's queue.
ACCOUNTABILITY_DECISION_DAYS = int(os.environ.get("ACCOUNTABILITY_DECISION_DAYS", "30"))
