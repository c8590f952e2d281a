"""Read OpenMASH's configuration from the environment, failing early with clear messages.

Every setting an operator may change is read here, so `docs/operations.md` can list them in
one place, and a typo such as `OPENMASH_SESSION_IDLE_MINUTES=thirty` stops the server at
start rather than at 3am.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def str(self, name: str, default: str | None = None) -> str:
        value = self.environ.get(name)
        if value is None or value == "":
            if default is None:
                raise ImproperlyConfigured(f"{name} must be set in the environment.")
            return default
        return value

    def bool(self, name: builtins.str, default: bool) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")

    def int(self, name: builtins.str, default: int, *, minimum: int = 0) -> int:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
        if value < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
        return value

    def float(self, name: builtins.str, default: float, *, minimum: float, maximum: float) -> float:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = float(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a number (got {raw!r}).") from None
        if not minimum <= value <= maximum:
            raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}.")
        return value

    def choice(
        self,
        name: builtins.str,
        options: dict[builtins.str, builtins.str],
        *,
        default: builtins.str,
    ) -> builtins.str:
        raw = self.environ.get(name) or default
        if raw not in options:
            allowed = ", ".join(sorted(options))
            raise ImproperlyConfigured(f"{name} must be one of {allowed} (got {raw!r}).")
        return options[raw]

    def list(self, name: builtins.str, default: list[builtins.str]) -> list[builtins.str]:
        raw = self.environ.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]
