"""Configuration is validated at start, with messages an operator can act on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

ROOT = Path(__file__).resolve().parents[2]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    prefixes = ("OPENMASH_", "SECRET_KEY")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.MFA_REQUIRED)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_server_refuses_to_start_without_a_secret_key_outside_demo() -> None:
    result = _start({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment" in result.stderr


def test_a_short_secret_key_is_refused() -> None:
    result = _start({"SECRET_KEY": "too-short"})
    assert "at least 50 characters" in result.stderr


def test_production_defaults_are_secure() -> None:
    result = _start({"SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True"]


def test_demo_mode_generates_a_key_and_relaxes_https_and_mfa() -> None:
    result = _start({"OPENMASH_DEMO": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False"]


def test_a_bad_number_is_reported_with_its_name() -> None:
    result = _start({"SECRET_KEY": "x" * 60, "OPENMASH_SESSION_IDLE_MINUTES": "thirty"})
    assert "OPENMASH_SESSION_IDLE_MINUTES must be a whole number (got 'thirty')" in result.stderr


def test_env_parsing() -> None:
    env = Env({"A": "yes", "B": "maybe", "C": "5", "D": "a, b,,c", "E": "0"})
    assert env.bool("A", default=False) is True
    assert env.list("D", []) == ["a", "b", "c"]
    assert env.int("C", 1) == 5
    with pytest.raises(ImproperlyConfigured, match="B must be true or false"):
        env.bool("B", default=False)
    with pytest.raises(ImproperlyConfigured, match="E must be at least 1"):
        env.int("E", 1, minimum=1)
    with pytest.raises(ImproperlyConfigured, match="MISSING must be set"):
        env.str("MISSING")


def test_an_unknown_task_backend_is_named_in_the_error() -> None:
    result = _start({"SECRET_KEY": "x" * 60, "OPENMASH_TASKS_BACKEND": "celery"})
    assert (
        "OPENMASH_TASKS_BACKEND must be one of database, immediate (got 'celery')" in result.stderr
    )


def test_client_address_comes_from_a_trusted_proxy_only(settings) -> None:
    from django.test import RequestFactory

    from openmash.core.middleware import client_ip

    factory = RequestFactory()
    forged = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_ip(forged) == "203.0.113.9"
    settings.TRUSTED_PROXIES = frozenset({"192.0.2.1"})
    proxied = factory.get(
        "/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7"
    )
    assert client_ip(proxied) == "198.51.100.7"
