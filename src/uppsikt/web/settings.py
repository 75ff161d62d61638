"""Django settings, read from the environment (see docs/web.md for every variable).

UPPSIKT_DATA      the data folder (SQLite database, secret key, caches); default ./uppsikt-data
DATABASE_URL      e.g. postgres://user@host:5432/uppsikt; default SQLite in the data folder
UPPSIKT_SECRET_KEY  the secret key; default a random key kept in the data folder
UPPSIKT_HTTPS=1   behind TLS: secure cookies, HSTS, X-Forwarded-Proto trusted from the proxy
UPPSIKT_HOSTS     allowed host names, comma-separated; default localhost and 127.0.0.1
UPPSIKT_DEBUG=1   Django's debug mode (never in production)
UPPSIKT_MAX_UPLOAD_MB  the largest upload accepted; default 50
UPPSIKT_CACHE_URL  a cache shared by servers on several machines (redis://…); default files
OIDC_RP_CLIENT_ID …    single sign-on with OpenID Connect, enabled when set
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url

from uppsikt.web.private import private_file, private_folder, private_sqlite

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("UPPSIKT_DATA", "uppsikt-data")).resolve()


def _cache_dir() -> Path:
    """Where workspaces are written out for the core to read, and built reports kept.

    Everything there can be made again, and a save makes a new workspace folder to read, so
    it is kept in memory (tmpfs) when the machine has one: writing a workspace's files there
    takes well under a millisecond, on a disk from a few to twenty. UPPSIKT_CACHE chooses.
    """
    chosen = os.environ.get("UPPSIKT_CACHE")
    if chosen:
        return Path(chosen).resolve()
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        tag = hashlib.sha256(str(DATA_DIR).encode()).hexdigest()[:12]
        return shm / f"uppsikt-{tag}"
    return DATA_DIR / "cache"


CACHE_DIR = _cache_dir()
private_folder(DATA_DIR)
# Ours alone (0700; a folder someone else made there stops the start): Django's cache in it
# holds sessions and pickled values, which no other local user may read or write.
private_folder(CACHE_DIR)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "ja", "yes", "on")


def _secret_key() -> str:
    given = os.environ.get("UPPSIKT_SECRET_KEY", "")
    if given:
        return given
    path = DATA_DIR / "secret.key"
    if path.is_file():
        private_file(path)
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(50)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = _flag("UPPSIKT_DEBUG")
HTTPS = _flag("UPPSIKT_HTTPS")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("UPPSIKT_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "uppsikt.web.apps.UppsiktWebConfig",
]

MIDDLEWARE = [
    "uppsikt.web.middleware.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "uppsikt.web.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "uppsikt.web.urls"
WSGI_APPLICATION = "uppsikt.web.wsgi.application"

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
                "uppsikt.web.context.navigation",
            ],
        },
    }
]

_SQLITE = f"sqlite:///{DATA_DIR / 'uppsikt.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "") or _SQLITE)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if str(DATABASES["default"]["NAME"]) not in ("", ":memory:"):
        private_sqlite(Path(DATABASES["default"]["NAME"]))
    # Writers wait for each other instead of failing, and readers never block writers.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LOGIN_FAILURE_LIMIT = 5
"""Failed logins per user name and address within LOGIN_FAILURE_WINDOW before refusal."""
LOGIN_ADDRESS_FAILURE_LIMIT = 20
"""Failed logins from one address, whatever the user names, within LOGIN_FAILURE_WINDOW before
refusal (also for the right password: trying many names from one address is an attack)."""
LOGIN_FAILURE_WINDOW = 15 * 60

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None
"""Static files are served from the package by WhiteNoise's finders; no collectstatic."""
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MAX_UPLOAD_BYTES = int(float(os.environ.get("UPPSIKT_MAX_UPLOAD_MB", "50")) * 1024 * 1024)
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
"""The largest request body: an upload and its form. Larger ones are refused before they are
read (middleware.BodyLimitMiddleware; waitress is given the same bound)."""
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# One cache shared by every serving process: sessions are read through it, so a page does
# not cost a query for its session (writes still go to the database, which stays the truth,
# and ending a session removes it from both); the check counts and the reference picker are
# kept there by content, so one process's work serves the others. By default files beside the
# workspaces (in memory when the machine has /dev/shm); UPPSIKT_CACHE_URL=redis://… when the
# processes run on several machines (needs the redis package). See docs/web.md.
_CACHE_URL = os.environ.get("UPPSIKT_CACHE_URL", "").strip()
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR / "django"),
        # Each write lists the folder, and beyond this a third of the entries goes (a
        # session then comes from the database, a piece is rendered again).
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    }
}
if _CACHE_URL:
    _REDIS = "django.core.cache.backends.redis.RedisCache"
    CACHES = {"default": {"BACKEND": _REDIS, "LOCATION": _CACHE_URL}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
WORKERS = max(1, int(os.environ.get("UPPSIKT_WORKERS", "1") or "1"))
"""Serving processes (`uppsikt serve --workers`): they share the background checks' time."""
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 10 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "uppsikt.web.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith("[")]

# «Saved» and the like travel in a signed cookie to the next page: a save does not write the
# session twice (once to add the message, once to remove it). What does not fit in the cookie
# (about 2 kB) goes to the session.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "uppsikt.web.logfilters.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_short": {"class": "logging.StreamHandler", "filters": ["without_traceback"]},
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "django.security.DisallowedHost": {
            "handlers": ["console_short"],
            "level": "WARNING",
            "propagate": False,
        },
        "uppsikt.web": {"handlers": ["console"], "level": "INFO"},
    },
}

# Single sign-on (OpenID Connect, e.g. Entra ID): enabled when the client id is set and the
# optional extra is installed (pip install 'uppsikt[oidc]'). See docs/web.md.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(0, "mozilla_django_oidc.auth.OIDCAuthenticationBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_CREATE_USER = _flag("OIDC_CREATE_USER")
