"""OpenMASH settings: one module, driven by environment variables (see docs/operations.md)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
env = Env()

# Demo mode: synthetic demo accounts, a generated secret key and plain-HTTP cookies, for trying
# OpenMASH on a laptop. Never set OPENMASH_DEMO on a server holding real records.
DEMO_MODE = env.bool("OPENMASH_DEMO", default=False)
DEBUG = env.bool("OPENMASH_DEBUG", default=False)


def _demo_secret_key() -> str:
    VAR_DIR.mkdir(exist_ok=True)
    key_file = VAR_DIR / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", "") or (_demo_secret_key() if DEMO_MODE else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment (at least 50 random characters). "
        "Only demo mode (OPENMASH_DEMO=1) generates one for you."
    )
if not DEMO_MODE and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long outside demo mode.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])

# Outside demo mode OpenMASH assumes it is served over HTTPS (usually behind a proxy that sets
# X-Forwarded-Proto). OPENMASH_HTTPS=false is for local test servers only.
HTTPS = env.bool("OPENMASH_HTTPS", default=not DEMO_MODE)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, included by the admin's own widgets
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "template_partials",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "openmash.core",
    "openmash.accounts",
    "openmash.api",
    "openmash.people",
    "openmash.contacts",
    "openmash.frontdoor",
    "openmash.familyhelp",
    "openmash.outofhours",
    "openmash.protection",
    "openmash.adults",
    "openmash.lado",
    "openmash.exploitation",
    "openmash.quality",
    "openmash.returns",
    "openmash.insights",
    "openmash.chronology",
    "openmash.privacy",
    "openmash.synthetic",
    "openmash.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openmash.core.middleware.NoStoreMiddleware",
    "openmash.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openmash.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "openmash.accounts.middleware.MfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "openmash.core.views.RestrictedRecordMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "openmash.core.context_processors.openmash",
            ],
            # GOV.UK style dates ("7 December 2026 at 2:05pm") on every page without a {% load %}.
            "builtins": ["openmash.core.templatetags.govuk_dates"],
        },
    }
]
FORM_RENDERER = "openmash.core.govuk_forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env.str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openmash.sqlite3'}"),
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file (WAL) test database, so browser tests' server threads and workers behave as in
    # production; named per process, so test runs side by side never share one.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "DATABASE_JIT", False
):
    # No JIT compilation: OpenMASH's queries are short look-ups, and compiling one (which
    # PostgreSQL does when its cost estimate passes jit_above_cost, as a batch of person
    # look-ups does) takes longer than running it. DATABASE_JIT=true leaves the server's setting.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A database cache keeps allauth's rate limits shared between gunicorn workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "openmash_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email and password; accounts are created by administrators, never by sign-up.
ACCOUNT_ADAPTER = "openmash.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "openmash.accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "login": "openmash.accounts.forms.LoginForm",
    "reset_password": "openmash.accounts.forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed sign-ins lock out one username at one address (django-axes, below). allauth's own limit on
# failures per address would lock out every colleague behind a council's shared address, so it is
# off; its limit on sign-in attempts per address stays as a flood guard, high enough for a whole
# office signing in at 9am.
ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": "300/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_RECOVERY_CODE_COUNT = 10
MFA_TOTP_ISSUER = "OpenMASH"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False

OIDC_SERVER_URL = env.str("OPENMASH_OIDC_SERVER_URL", "")
SOCIALACCOUNT_PROVIDERS: dict = {}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "sso",
                "name": env.str("OPENMASH_OIDC_NAME", "Council single sign-on"),
                "client_id": env.str("OPENMASH_OIDC_CLIENT_ID"),
                "secret": env.str("OPENMASH_OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    # The council's own identity provider vouches for its staff's addresses
                    # (Entra ID sends no email_verified claim); limit that trust to the listed
                    # domains. Accounts must already exist in OpenMASH to sign in.
                    "verified_email": env.list("OPENMASH_OIDC_EMAIL_DOMAINS", []) or True,
                },
            }
        ],
    }

# django-axes: lock out by username and IP together, so one shared council NAT address
# cannot lock out a whole office.
AXES_ENABLED = env.bool("OPENMASH_AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("OPENMASH_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("OPENMASH_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "openmash.accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "openmash.core.middleware.client_ip"
# Reverse proxies whose X-Forwarded-For is believed (their own addresses, comma-separated).
TRUSTED_PROXIES = frozenset(env.list("OPENMASH_TRUSTED_PROXIES", []))
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_MINUTES = env.int("OPENMASH_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env.int("OPENMASH_SESSION_ABSOLUTE_HOURS", 10, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_SSL_REDIRECT = env.bool("OPENMASH_SSL_REDIRECT", default=False)
if env.bool("OPENMASH_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: scripts only from our origin or carrying this response's nonce; no inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
_manifest = env.bool("OPENMASH_STATIC_MANIFEST", default=not DEMO_MODE)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _manifest
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "openmash.accounts.authentication.ApiKeyAuthentication",
        "openmash.accounts.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "openmash.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "openmash.api.schema.ProblemAutoSchema",
    # JSON bodies only: a form or multipart body is a 415, and the schema offers JSON alone.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "openmash.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpenMASH API",
    "DESCRIPTION": "The Multi-Agency Safeguarding Hub front door. Authenticate with "
    "`Authorization: Bearer <key>` (keys from `openmash create_api_key`).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "EdtActionKindEnum": "openmash.outofhours.models.ActionKind",
        "ProtectionAgencyEnum": "openmash.protection.models.MemberRole",
        "LadoStrandStatusEnum": "openmash.lado.models.StrandStatus",
        "LadoMeetingKindEnum": "openmash.lado.models.MeetingKind",
        "ReturnInterviewOutcomeEnum": "openmash.exploitation.models.InterviewOutcome",
        "ExploitationActionKindEnum": "openmash.exploitation.models.ActionKind",
        "ExploitationLinkKindEnum": "openmash.exploitation.models.LinkKind",
        "RedactionReasonEnum": "openmash.privacy.models.RedactionReason",
        "RetentionRecordTypeEnum": "openmash.privacy.record_types.RECORD_TYPE_CHOICES",
        "CalibrationExerciseStateEnum": "openmash.quality.models.ExerciseState",
        "CaseAuditStateEnum": "openmash.quality.models.AuditState",
    },
}

TASKS = {
    "default": {
        "BACKEND": env.choice(
            "OPENMASH_TASKS_BACKEND",
            {
                "database": "django_tasks_db.DatabaseBackend",
                "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            },
            default="database",
        )
    }
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "openmash@localhost")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
NOTIFY_API_KEY = env.str("OPENMASH_NOTIFY_API_KEY", "")

# OpenMASH's own settings.
COUNCIL_NAME = env.str("OPENMASH_COUNCIL_NAME", "Example Council")
# Shown wherever a referrer is told to phone the MASH (immediate risk); out of hours: the EDT.
MASH_PHONE = env.str("OPENMASH_MASH_PHONE", "")
EDT_PHONE = env.str("OPENMASH_EDT_PHONE", "")
MFA_REQUIRED = env.bool("OPENMASH_MFA_REQUIRED", default=not DEMO_MODE)
DORMANT_ACCOUNT_DAYS = env.int("OPENMASH_DORMANT_ACCOUNT_DAYS", 90, minimum=1)
AUDIT_SEAL_INTERVAL_SECONDS = env.int("OPENMASH_AUDIT_SEAL_SECONDS", 5, minimum=1)
# Person matching: a score at or above AUTO_LINK (and clearly ahead of the next) links a new
# contact's subject to an existing person; at or above POSSIBLE it is offered to the worker.
MATCH_AUTO_LINK_THRESHOLD = env.float("OPENMASH_MATCH_AUTO_LINK", 0.9, minimum=0, maximum=1)
MATCH_POSSIBLE_THRESHOLD = env.float("OPENMASH_MATCH_POSSIBLE", 0.55, minimum=0, maximum=1)
# How often the match model is fitted again to the person index (docs/person-index.md). Once a
# model is fitted, its automatic-link threshold (chosen by the precision it gives on labelled
# pairs) replaces MATCH_AUTO_LINK_THRESHOLD.
MATCH_MODEL_REFRESH_DAYS = env.int("OPENMASH_MATCH_MODEL_REFRESH_DAYS", 7, minimum=1)
# The largest request body (form fields or JSON) taken, files apart: a contact at every field's
# limit fits (docs/api.md "Limits").
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("OPENMASH_MAX_REQUEST_BYTES", 1_048_576, minimum=65_536)
# Contacts one referrer may send in an hour (docs/api.md "Limits"); MASH staff are not limited.
REFERRER_CONTACTS_PER_HOUR = env.int("OPENMASH_REFERRER_CONTACTS_PER_HOUR", 30, minimum=1)
DUPLICATE_WINDOW_HOURS = env.int("OPENMASH_DUPLICATE_WINDOW_HOURS", 72, minimum=1)
# A bulk import of more than two chunks matches the next chunk in a second process while it
# records the current one (docs/imports.md): on PostgreSQL (the default; on SQLite the second
# process's reads beside the import's writes were slower than matching in one process), always,
# or never.
IMPORT_MATCHING_PROCESS = env.choice(
    "OPENMASH_IMPORT_MATCHING_PROCESS",
    {"postgresql": "postgresql", "always": "always", "never": "never"},
    default="postgresql",
)
# Whether a RAG timescale counts from receipt (default) or from the rating (some councils).
RAG_CLOCK_FROM = env.choice(
    "OPENMASH_RAG_CLOCK_FROM",
    {"received": "received", "rated": "rated"},
    default="received",
)
# Threshold suggestion (docs/frontdoor-consent-thresholds.md): this many ticked indicators at
# level 2 or 3, across at least this many domains, suggest the next level up (0: rule off).
THRESHOLD_CUMULATIVE_COUNT = env.int("OPENMASH_THRESHOLD_CUMULATIVE_COUNT", 3, minimum=0)
THRESHOLD_CUMULATIVE_DOMAINS = env.int("OPENMASH_THRESHOLD_CUMULATIVE_DOMAINS", 2, minimum=1)
# The same on the adults' risk thresholds, at levels 1-3, across types of abuse or neglect.
ADULT_THRESHOLD_CUMULATIVE_COUNT = env.int(
    "OPENMASH_ADULT_THRESHOLD_CUMULATIVE_COUNT", 3, minimum=0
)
ADULT_THRESHOLD_CUMULATIVE_DOMAINS = env.int(
    "OPENMASH_ADULT_THRESHOLD_CUMULATIVE_DOMAINS", 2, minimum=1
)
# Breaches (docs/frontdoor-queue.md): how often the job looks, and how long (working hours) a
# proposed decision may wait for authorisation before it counts as a breach (0: never).
BREACH_CHECK_MINUTES = env.int("OPENMASH_BREACH_CHECK_MINUTES", 5, minimum=1)
AUTHORISATION_BREACH_HOURS = env.float("OPENMASH_AUTHORISATION_HOURS", 4.0, minimum=0, maximum=1000)
# ADR 0003: read-access rows commit without waiting for the disk unless this is true.
AUDIT_DURABLE_READS = env.bool("OPENMASH_AUDIT_DURABLE_READS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "OPENMASH_LOG_LEVEL",
            {level: level for level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")},
            default="INFO",
        ),
    },
    # PDF exports: WeasyPrint logs every layout step and fontTools every glyph it subsets.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
NOTIFY_TEMPLATE_ID = env.str("OPENMASH_NOTIFY_TEMPLATE_ID", "")
OPENMASH_BASE_URL = env.str("OPENMASH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
