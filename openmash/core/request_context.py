"""Who is asking, from where: kept per request (or per command/task) for the audit log."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""
    via: str = "cli"
    anonymous_label: str = ""
    route: str = ""  # "GET /contacts/12/": where a refused read was tried


_context: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "openmash_request_context",
    default=RequestContext(),  # noqa: B039 (a frozen dataclass: immutable)
)


def current_request_context() -> RequestContext:
    return _context.get()


def set_request_context(ctx: RequestContext) -> contextvars.Token[RequestContext]:
    return _context.set(ctx)


def reset_request_context(token: contextvars.Token[RequestContext]) -> None:
    _context.reset(token)


def update_request_context(**changes: object) -> None:
    _context.set(replace(_context.get(), **changes))  # type: ignore[arg-type]


@contextmanager
def request_context(**values: object) -> Iterator[None]:
    token = _context.set(replace(_context.get(), **values))  # type: ignore[arg-type]
    try:
        yield
    finally:
        _context.reset(token)
