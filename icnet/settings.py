"""Settings for icnet, read from environment variables (and an optional .env file).

With no variables at all the site runs in its embedded default: DEBUG on, a SQLite file
under var/, media under var/media, a local-memory cache and e-mail on the console.
With DEBUG off it refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from email.utils import getaddresses
from pathlib import Path

import environ
import xstatic.pkg.jquery_ui
import xstatic.pkg.leaflet_markercluster
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")


def required(name: str) -> str:
    """Read a variable that production cannot run without, failing loudly when it is empty."""
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (DEBUG is off).")
    return value


DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="embedded-default-key-for-local-use-only-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = required("SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in required("ALLOWED_HOSTS").split(",") if h.strip()]

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, as it requires
    "icnet.site.apps.IcnetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # the widgets' own templates, for FORM_RENDERER below
    "django.contrib.postgres",  # search lookups; harmless on SQLite
    "leaflet",
    "sorl.thumbnail",
    "reversion",
    "django_prose_editor",
    "icnet.site.apps.AxesConfig",  # django-axes, with a translated name
    "corsheaders",
    "icnet.core",
    "icnet.site",
    "cities",
    "meetings",
    "documents",
    "index",
]

MIDDLEWARE = [
    # First, so that every response and every log line carries the request's id.
    "icnet.core.middleware.RequestIdMiddleware",
    # Every wait on the database in a request ends at a deadline (icnet.core.database).
    "icnet.core.middleware.DatabaseDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Open data is readable from any web page; outside the cached pages, so that each
    # answer names the asking origin's permission whatever was cached.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Public pages are served from the shared cache before the rest of the stack runs; a
    # stored page already carries every header the middleware below adds.
    "icnet.core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /it/cities/genova/ (the first releases' address) answers 301 to /it/citta/genova/.
    "icnet.core.middleware.OldAddressRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Below the CSP middleware, so that it sees the admin's answers first.
    "icnet.core.middleware.AdminInlineStyleMiddleware",
    "axes.middleware.AxesMiddleware",
    "icnet.core.middleware.PermissionsPolicyMiddleware",
    # A database that does not answer: a short translated 503 page, never a traceback.
    "icnet.core.middleware.DatabaseUnavailableMiddleware",
]

# Widgets render with the site's template engines, so that templates/ may override a
# widget's template (the related-object icons' tooltips, templates/admin/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "icnet.urls"
WSGI_APPLICATION = "icnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "icnet.core.context_processors.site",
            ],
        },
    },
]

# Database: the embedded default is a SQLite file; production passes DATABASE_URL
# (postgres://user:password@host:5432/name, served by psycopg 3).
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'icnet.sqlite3'}")}
# Every write is one transaction: the admin's add, change, delete and list edits, the
# history's restores and the site's own admin views (cities.accounts) run in atomic blocks,
# which also hold the content generation's bump (icnet.core.cache). An edit is saved whole,
# with the change that makes cached pages stale, or not at all. (ATOMIC_REQUESTS would add
# a transaction to every public page for nothing.)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Connections are kept for a minute and checked before each request reuses one, so a
    # restarted database costs the requests that were running, not the ones after it.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database host that does not answer at all fails a request in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # Django's backend, with a deadline on each wait of a web request and a short rest
    # after a failure, so that a paused database cannot hold every worker
    # (icnet.core.database).
    DATABASES["default"]["ENGINE"] = "icnet.core.postgresql"
# Seconds each wait on the database may take in a web request (0: no deadline), and how
# long a process leaves the database alone after it did not answer.
DATABASE_QUERY_TIMEOUT = env.float("DATABASE_QUERY_TIMEOUT", default=10.0)
DATABASE_RETRY_AFTER = env.float("DATABASE_RETRY_AFTER", default=3.0)
if test_name := env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": test_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Demo sign-ins exist only in the embedded default: DEBUG on and no DATABASE_URL.
DEMO_ACCOUNTS = DEBUG and not env.str("DATABASE_URL", default="")

# Cache: local memory by default; CACHE_URL (or REDIS_URL) such as redis://127.0.0.1:6379/1.
# Redis goes through a guard that treats an unreachable, paused or failing Redis as an
# empty cache: each call gives up after CACHE_TIMEOUT seconds, then the process leaves the
# cache alone for CACHE_RETRY_AFTER seconds (icnet/core/redis_cache.py says why).
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url:
    CACHES = {"default": env.cache_url_config(_cache_url)}
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        _cache_timeout = env.float("CACHE_TIMEOUT", default=0.3)
        CACHES["default"]["BACKEND"] = "icnet.core.redis_cache.FailSoftRedisCache"
        CACHES["default"]["RETRY_AFTER"] = env.float("CACHE_RETRY_AFTER", default=5.0)
        CACHES["default"]["OPTIONS"] = {
            "socket_connect_timeout": _cache_timeout,
            "socket_timeout": _cache_timeout,
            **CACHES["default"].get("OPTIONS", {}),
        }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="icnet")
# Sessions live in the database only: signing in and staying signed in never depend on
# the cache. (cached_db would let a cache that comes back with old contents revive a
# session that was ended while it was away.)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in protection: five failed attempts lock the account and address for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Failed sign-ins are counted in the database, not the cache: a cache outage neither
# locks anyone out nor forgets a lockout.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The client is the same address the rate limits see: behind a proxy of ours
# (BEHIND_TRUSTED_PROXY) the one it names, so that five failed sign-ins from one person do
# not lock out everyone who comes through the proxy.
AXES_CLIENT_IP_CALLABLE = "icnet.core.ratelimit.client_ip"

# Languages: Italian first and default; English second.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "it"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("it",)
# The tabbed admin would load jQuery UI from a CDN: use the copy installed by XStatic.
JQUERY_UI_URL = "xstatic/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party assets come from Python packages (XStatic), never from a CDN.
    ("xstatic/jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR),
    ("xstatic/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
if not env.str("STATIC_ROOT", default=""):
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns when the folder is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
if not env.str("MEDIA_ROOT", default=""):
    MEDIA_ROOT.mkdir(exist_ok=True)  # /healthz reports a missing media folder
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "icnet.core.storage.StaticFilesStorage"
        )
    },
}
# Where manage.py backup writes (one folder per backup).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
# Media: files under MEDIA_ROOT, or, when AWS_STORAGE_BUCKET_NAME is set, a private
# S3-compatible bucket that every app server shares (icnet/core/media.py says how its
# files are reached). The other AWS_* variables are read only then.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_IN_BUCKET = bool(AWS_STORAGE_BUCKET_NAME)
# Stored files anyone may see (city photos, sorl's thumbnails); the rest are documents,
# served only by documents:download while their document is published.
PUBLIC_MEDIA_PREFIXES = ("cities/", "cache/")
if MEDIA_IN_BUCKET:
    from botocore.config import Config as BotoConfig

    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    # Empty: boto3 looks further (its config files, an instance role).
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    # S3-compatible servers answer on one host: bucket in the path, not in the host name.
    AWS_S3_ADDRESSING_STYLE = env.str(
        "AWS_S3_ADDRESSING_STYLE", default="path" if AWS_S3_ENDPOINT_URL else "auto"
    )
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=3600)
    AWS_DEFAULT_ACL = None  # objects stay private, as the bucket is
    # Uploads get random names and thumbnails names derived from their source: a name never
    # stands for two contents, so neither needs checking for a free name first.
    AWS_S3_FILE_OVERWRITE = True
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=31536000, immutable"}
    # A store that does not answer fails the request in seconds (a 503 page that says
    # nothing was saved), rather than holding a worker for minutes of retries: two attempts
    # of at most connect + read timeout each stay well inside gunicorn's 30 s timeout. (Given a
    # client config, django-storages takes the addressing style and signature from it.)
    AWS_S3_CLIENT_CONFIG = BotoConfig(
        s3={"addressing_style": AWS_S3_ADDRESSING_STYLE},
        signature_version=AWS_S3_SIGNATURE_VERSION,
        connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=3.0),
        read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=8.0),
        retries={"mode": "standard", "total_max_attempts": 2},
    )
    STORAGES["default"] = {"BACKEND": "icnet.core.media.MediaStorage"}
    # A browser keeps the redirect from a picture's address to its signed address this
    # long, well inside the signature's lifetime.
    MEDIA_REDIRECT_SECONDS = max(0, min(300, AWS_QUERYSTRING_EXPIRE // 4))
# sorl-thumbnail's record of the thumbnails made: in the database, read through the shared
# cache, so that every server knows every thumbnail and none makes one twice.
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
# Its copies in the cache expire like everything else there (sorl keeps them ten years).
THUMBNAIL_CACHE_TIMEOUT = 60 * 60 * 24 * 7
# Largest upload accepted for documents and photos, in bytes.
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o644

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
if email_url := env.str("EMAIL_URL", default=""):
    vars().update(env.email_url_config(email_url))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="icnet@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who receives unhandled errors by e-mail: "Name <address>, other@example.org".
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([env.str("ADMINS", default="")])
    if address
]

# The admin lives under this path (no language prefix).
ADMIN_PATH = env.str("ADMIN_PATH", default="admin/").strip("/") + "/"

# Map tiles are the only third-party request public pages make.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env.str(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
LEAFLET_CONFIG = {
    "TILES": [],
    "DEFAULT_CENTER": (42.5, 12.5),
    "DEFAULT_ZOOM": 5,
    "RESET_VIEW": False,
    "NO_GLOBALS": True,
    "PLUGINS": {
        "markercluster": {
            "css": [
                "xstatic/leaflet-markercluster/MarkerCluster.css",
                "xstatic/leaflet-markercluster/MarkerCluster.Default.css",
            ],
            "js": "xstatic/leaflet-markercluster/leaflet.markercluster.js",
        },
    },
}

# Security headers. Public pages carry no inline script; the admin gets a nonce where a
# widget needs one.
_tile_origin = "/".join(MAP_TILES_URL.split("/")[:3]) if "://" in MAP_TILES_URL else ""
# Pictures in the bucket are shown from the bucket's (or the CDN's) own address.
_media_origins = []
if MEDIA_IN_BUCKET:
    if AWS_S3_CUSTOM_DOMAIN:
        _media_origins = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        _media_origins = ["/".join(AWS_S3_ENDPOINT_URL.split("/")[:3])]
    else:
        _media_origins = [
            f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com",
            f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME or 'us-east-1'}.amazonaws.com",
        ]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE is added only when a response used it (admin widgets); public pages never do.
        "script-src": ["'self'", NONCE],
        # No inline style on public pages (Leaflet sets its styles from script, through the
        # CSSOM, which style-src does not govern); the admin's widgets still write style
        # attributes, so its pages add 'unsafe-inline' (icnet.core.middleware).
        "style-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *([_tile_origin.replace("{s}.", "*.")] if _tile_origin else []),
            *_media_origins,
        ],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG

# Open data under /api/ is public: any origin may read it (and nothing else of the site).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Content-Disposition"]

# Public pages are cached whole for this many seconds (0 turns it off); every save
# of public content clears the cache.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Each process also keeps the pages it served last in its own memory, up to this size.
LOCAL_PAGE_CACHE_BYTES = env.int("LOCAL_PAGE_CACHE_BYTES", default=32 * 1024 * 1024)
# Pages of free-text queries (search) are kept only there, apart, up to this size
# (icnet/core/page_cache.py says why).
SEARCH_PAGE_CACHE_BYTES = env.int("SEARCH_PAGE_CACHE_BYTES", default=4 * 1024 * 1024)
# Renders of expensive pages (search, filtered lists and map data, open-data downloads)
# per client address and window; over it, 429 (0 turns the limit off). Cached pages are not
# counted. nginx limits the same addresses first (deploy/nginx.conf).
EXPENSIVE_PAGES_LIMIT = env.int("EXPENSIVE_PAGES_LIMIT", default=60)
EXPENSIVE_PAGES_SECONDS = env.int("EXPENSIVE_PAGES_SECONDS", default=60)

# Registrations for meetings: personal data are erased this many months after the meeting
# (manage.py tidy_registrations, run daily); attempts are limited per address and per IP.
REGISTRATION_RETENTION_MONTHS = env.int("REGISTRATION_RETENTION_MONTHS", default=12)
REGISTRATION_LIMIT_PER_ADDRESS = env.int("REGISTRATION_LIMIT_PER_ADDRESS", default=5)
REGISTRATION_LIMIT_PER_IP = env.int("REGISTRATION_LIMIT_PER_IP", default=20)
REGISTRATION_LIMIT_SECONDS = env.int("REGISTRATION_LIMIT_SECONDS", default=60 * 60)
# Behind a proxy of ours that sets X-Forwarded-For, the client is its first hop; otherwise
# the header is ignored and REMOTE_ADDR is the client (rate limits).
BEHIND_TRUSTED_PROXY = env.bool("BEHIND_TRUSTED_PROXY", default=False)

# Logs: one line per event on standard output, with time, level, logger and the request's
# id (X-Request-ID); unhandled errors are also e-mailed to ADMINS (not for a database
# outage, which answers 503). A filter for a kind of record is added to the "filters" of the
# logger that emits it (django.request, django.security.*) or of a handler.
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "icnet.core.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "not_service_unavailable": {"()": "icnet.core.logs.SkipServiceUnavailable"},
        # Refusals (403, 400) as one warning line each; tracebacks only for real errors.
        "refusals": {"()": "icnet.core.logs.RefusalFilter"},
    },
    "formatters": {
        "line": {
            "()": "icnet.core.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["request_id", "refusals"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "not_service_unavailable"],
        },
    },
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"level": "WARNING", "filters": []},
        "django.security": {"level": "WARNING", "filters": []},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Sentry, when SENTRY_DSN is set: unhandled errors and error log lines, without personal
# data. A DSN without the sentry-sdk package is a configuration error.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured("SENTRY_DSN is set: install sentry-sdk.") from error
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=0,
    )
