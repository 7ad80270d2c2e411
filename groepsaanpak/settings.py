"""One settings file, driven by environment variables.

GROEPSAANPAK_ENV selects the profile: "development" (default, safe local
defaults), "production" (hard failure when a required variable is missing) or
"test". Everything a deployment may want to change is an environment variable;
see README.md > Configuratie.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "test", "production")
ENVIRONMENT = os.environ.get("GROEPSAANPAK_ENV", "development")
if ENVIRONMENT not in ENVIRONMENTS:  # fail closed: "prod" or "Production" is not production-lite
    raise ImproperlyConfigured(
        f"GROEPSAANPAK_ENV={ENVIRONMENT!r} is onbekend; kies precies een van: {', '.join(ENVIRONMENTS)}."
    )
PRODUCTION = ENVIRONMENT == "production"
DEV_SECRET_KEY = "dev-only-insecure-key-not-for-production-0123456789abcdefghijklmnop"  # noqa: S105 - refused in production


def env(name: str, default: str | None = None, *, required_in_production: bool = False) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION and required_in_production:
        raise ImproperlyConfigured(f"Omgevingsvariabele {name} is verplicht in productie.")
    if default is None:
        raise ImproperlyConfigured(f"Omgevingsvariabele {name} ontbreekt.")
    return default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY, required_in_production=True)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY moet in productie een eigen geheime waarde van ten minste 50 tekens zijn."
    )
DEBUG = env_bool("DEBUG", default=ENVIRONMENT == "development")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver", required_in_production=True).split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Reverse proxies whose X-Forwarded-For is believed (groepsaanpak/clientip.py): addresses or
# networks, e.g. "10.0.0.5,10.1.0.0/16". Empty: the header is ignored.
try:
    TRUSTED_PROXIES = [
        ipaddress.ip_network(p.strip(), strict=False)
        for p in os.environ.get("TRUSTED_PROXIES", "").split(",")
        if p.strip()
    ]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES bevat een ongeldig adres: {exc}") from exc

# Demo mode: second factor optional, a banner on every page. Never in production.
DEMO_MODE = env_bool("DEMO_MODE", default=False)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("DEMO_MODE mag niet aan staan in productie.")

# The logs' hash chain (privacy/chain.py, docs/security.md "Logketen"): HMAC key from the
# environment or a key file, never from the database. Old keys (comma-separated, or one per
# line in LOG_CHAIN_OLD_KEYS_FILE) keep segments written before a rotation verifiable.
DEV_LOG_CHAIN_KEY = "dev-only-log-chain-key-not-for-production-0123456789"  # noqa: S105 - refused in production


def _key_file(name: str) -> str:
    path = os.environ.get(name)
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}={path} is niet te lezen: {exc.strerror}.") from exc


LOG_CHAIN_KEY = os.environ.get("LOG_CHAIN_KEY") or _key_file("LOG_CHAIN_KEY_FILE")
if not LOG_CHAIN_KEY and PRODUCTION:
    raise ImproperlyConfigured(
        "LOG_CHAIN_KEY of LOG_CHAIN_KEY_FILE is verplicht in productie: de sleutel van de "
        "hashketen van het verwerkingslog en het beveiligingslog (zie docs/deploy.md)."
    )
LOG_CHAIN_KEY = LOG_CHAIN_KEY or DEV_LOG_CHAIN_KEY
if PRODUCTION and (LOG_CHAIN_KEY == DEV_LOG_CHAIN_KEY or len(LOG_CHAIN_KEY.encode()) < 32):
    raise ImproperlyConfigured(
        "LOG_CHAIN_KEY moet in productie een eigen geheime waarde van ten minste 32 tekens zijn."
    )
LOG_CHAIN_OLD_KEYS = [
    k.strip()
    for k in (
        os.environ.get("LOG_CHAIN_OLD_KEYS", "").split(",")
        + _key_file("LOG_CHAIN_OLD_KEYS_FILE").splitlines()
    )
    if k.strip()
]
# Signed checkpoints of the logs' heads (append-only files), every LOG_CHECKPOINT_EVERY
# entries and from `manage.py checkpoint_processing_log`; optionally also to syslog.
LOG_CHECKPOINT_DIR = env(
    "LOG_CHECKPOINT_DIR", str(BASE_DIR / ".cache" / "log-checkpoints"), required_in_production=True
)
LOG_CHECKPOINT_EVERY = int(os.environ.get("LOG_CHECKPOINT_EVERY", "100"))
LOG_CHECKPOINT_SYSLOG = env_bool("LOG_CHECKPOINT_SYSLOG", default=False)
# How long the security log is kept (the covenant's period; default three years).
SECURITY_LOG_RETENTION_DAYS = int(os.environ.get("SECURITY_LOG_RETENTION_DAYS", str(3 * 365)))
# Failed logins (username + IP address, for the lockout) are kept one year (issue 17); the
# security log keeps its own record of them for SECURITY_LOG_RETENTION_DAYS.
LOGIN_FAILURE_RETENTION_DAYS = int(os.environ.get("LOGIN_FAILURE_RETENTION_DAYS", "365"))
# Shipping the processing log to the organisation's own log store after Logboek
# Dataverwerkingen (privacy/shipping.py; docs/deploy.md "Verwerkingslog verzenden"): HTTP
# POST of JSON lines to LOG_SHIP_URL by `manage.py ship_processing_log`. Off while empty.
LOG_SHIP_URL = os.environ.get("LOG_SHIP_URL", "")
LOG_SHIP_TOKEN = os.environ.get("LOG_SHIP_TOKEN") or _key_file("LOG_SHIP_TOKEN_FILE")  # Bearer, optional
LOG_SHIP_BATCH = int(os.environ.get("LOG_SHIP_BATCH", "500"))
LOG_SHIP_TIMEOUT = float(os.environ.get("LOG_SHIP_TIMEOUT", "10"))
# The data-subject ids leave pseudonymised again: HMAC-SHA256 under this key, so the log
# store cannot link them to our internal pseudonyms (ADR 0016).
DEV_LOG_SHIP_PSEUDONYM_KEY = "dev-only-ship-pseudonym-key-not-for-production-0123"  # noqa: S105 - refused in production
LOG_SHIP_PSEUDONYM_KEY = (
    os.environ.get("LOG_SHIP_PSEUDONYM_KEY")
    or _key_file("LOG_SHIP_PSEUDONYM_KEY_FILE")
    or DEV_LOG_SHIP_PSEUDONYM_KEY
)
LOG_SHIP_ACTIVITY_URI = os.environ.get("LOG_SHIP_ACTIVITY_URI", "urn:groepsaanpak:verwerkingsactiviteit:")
if PRODUCTION and LOG_SHIP_URL:
    if not LOG_SHIP_URL.startswith("https://"):
        raise ImproperlyConfigured(
            "LOG_SHIP_URL moet in productie een https-adres zijn (TLS, Logboek Dataverwerkingen)."
        )
    if LOG_SHIP_PSEUDONYM_KEY == DEV_LOG_SHIP_PSEUDONYM_KEY or len(LOG_SHIP_PSEUDONYM_KEY.encode()) < 32:
        raise ImproperlyConfigured(
            "LOG_SHIP_PSEUDONYM_KEY moet in productie een eigen geheime waarde van ten minste 32 tekens zijn."
        )

# One youth across groups (issue 18, persons/): the age range of "jeugd" the name list
# expects — a name outside it is flagged, and added only after the user confirms — and how
# long the merge of two person records can be undone.
YOUTH_AGE_MIN = int(os.environ.get("YOUTH_AGE_MIN", "12"))
YOUTH_AGE_MAX = int(os.environ.get("YOUTH_AGE_MAX", "27"))
PERSON_MERGE_UNDO_DAYS = int(os.environ.get("PERSON_MERGE_UNDO_DAYS", "30"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "groepsaanpak.apps.GroepsaanpakStaticFilesConfig",  # django.contrib.staticfiles, fewer files
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # "api" before rest_framework: its locale (Dutch/English error texts) takes precedence.
    "api",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "documents",
    "notifications",
    "privacy",
    "groups",
    "persons",  # one youth across groups: matching, overlap, "bekend bij", merges (issue 18)
    "cases",
    "analysis",
    "approach",  # the migration history of steps 5–7 (ADR 0006)
    "plans",
    "monitoring",
    "closing",
    "intake",
    "dashboard",
    "demo",
    "loadtest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "groepsaanpak.middleware.RejectUnstorableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.ProviderSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "privacy.middleware.TraceMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "accounts.middleware.NoStoreForAuthenticatedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "groepsaanpak.urls"
WSGI_APPLICATION = "groepsaanpak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "groepsaanpak.context_processors.site",
                "dashboard.navigation.nav_items",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # A kept connection is checked before a request uses it: after a database restart or
        # failover the first request reconnects instead of failing (groepsaanpak/errorpages.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: readers do not block the writer (a slow search no longer holds up commits).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Sign-in with OpenID Connect (accounts/oidc.py, ADR 0017): the providers themselves are
# configured per organisation through four eyes, not here. These are the client's limits.
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))  # seconds per call to a provider
OIDC_LEEWAY_SECONDS = int(os.environ.get("OIDC_LEEWAY_SECONDS", "30"))  # clock skew on exp/iat
OIDC_MAX_STATES = 10  # open sign-ins per session (mozilla-django-oidc)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: after LOGIN_MAX_FAILURES failures within LOGIN_LOCKOUT_MINUTES
# the account (and the client address) is locked for that period.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

# Sessions: idle timeout (cookie age renewed on every request) and an absolute lifetime.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie

OTP_TOTP_ISSUER = "Groepsaanpak"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm (package-lock.json); nothing third-party is copied into the repo.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/utrecht-css", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet-markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production static files are served straight from the finders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded attachments (groepsaanpak/uploads.py): the largest file taken, in bytes. Files are
# never served from MEDIA_ROOT directly (no MEDIA_URL): only through the download views.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost", required_in_production=True)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=PRODUCTION)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "groepsaanpak@localhost")
# The address of this installation, for links in e-mails (reminders): e.g. https://groepsaanpak.gemeente.nl
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security headers. CSP: no inline scripts, no inline styles, nothing from elsewhere.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The map (intake.maps): a tile server with {z}/{x}/{y} in its URL, the municipality's own or
# PDOK's (e.g. https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png).
# Without one (an offline server) the page draws the points on a plain grid: never a broken map.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [_origin(MAP_TILE_URL)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix: the browser accepts the cookie only over https, for this exact host
    # and path /, so a sibling subdomain cannot set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # Load balancers check /health/ over plain http on the internal network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# The cache holds the API's rate-limit counters (and nothing personal). It must be shared by
# all worker processes, or each process counts for itself: by default a file-based cache
# under .cache/ (shared by the workers on one server); CACHE_URL=locmem:// for a single
# process, or file:///path for another directory.
CACHE_URL = os.environ.get("CACHE_URL", "file://" + str(BASE_DIR / ".cache" / "django-cache"))
if CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            # Tests in parallel (pytest -n, .ci/run): a directory per test process, or one
            # test's cache.clear() wipes the rate-limit counters another test is counting.
            "LOCATION": CACHE_URL.removeprefix("file://") + os.environ.get("PYTEST_XDIST_WORKER", ""),
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL wordt niet ondersteund: {CACHE_URL} (gebruik file:// of locmem://)"
    )

# REST API (/api/v1/): bearer tokens only (no sessions, so no CSRF), the same access
# decision as the pages, errors as {"detail", "code", "errors"}; see docs/api.md.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("API_RATE_LIMIT", "600/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.LimitOffsetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "PAGE_SIZE": 50,
}
# The API's schema (/api/v1/schema/) and docs page (/api/v1/docs/): open to anyone while
# developing and testing; in production only for a signed-in user or a valid token.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", default=not PRODUCTION)
SPECTACULAR_SETTINGS = {
    "TITLE": "Groepsaanpak API",
    "DESCRIPTION": "REST API voor ketenpartners: dezelfde toegangsregels, poorten, privacytoets en "
    "verwerkingslog als de schermen. Zie docs/api.md.",
    "VERSION": "1.2.0",  # the API-Version header; what changed: docs/api-changelog.md
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "accounts.models.OrganisationKind",
        "LegalBasisEnum": "privacy.categories.LegalBasis",
        "SignalStatusEnum": "intake.models.SignalStatus",
        "CaseStatusEnum": "cases.models.CaseStatus",
        "RequestStatusEnum": "cases.models.RequestStatus",
        "RequestKindEnum": "cases.models.RequestKind",
        "NameOutcomeEnum": "cases.models.NameOutcome",
        "ReferralStatusEnum": "groups.models.ReferralStatus",
        "OutcomeEnum": "analysis.models.Outcome",
        "MembershipStatusEnum": "groups.models.MembershipStatus",
        "FindingKindEnum": "privacy.guard.KINDS",
        "TieKindEnum": "analysis.models.TieKind",
        "ReferralKindEnum": "groups.models.ReferralKind",
        "DomainEnum": "analysis.models.Domain",
        "PrioritisedOutcomeEnum": "api.serializers_analysis.ONLY_PRIORITISED",
        "NotPrioritisedOutcomeEnum": "api.serializers_analysis.ONLY_NOT_PRIORITISED",
        "FurtherAnalysisOutcomeEnum": "api.serializers_analysis.ONLY_FURTHER_ANALYSIS",
        "CategoryEnum": "privacy.categories.Category",
        "MemberCategoryEnum": "api.serializers_analysis.MEMBER_CATEGORY_CHOICES",
        "NotificationChannelEnum": "notifications.models.Channel",
        "NotificationKindEnum": "notifications.models.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
