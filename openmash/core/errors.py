class ApplicationError(Exception):
    """A rule of the service was broken; the message is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(ApplicationError):
    """The record changed since the user loaded it (HTTP 409)."""


class RateLimitedError(ApplicationError):
    """Too many of something in too short a time (HTTP 429); try again after `retry_after`
    seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
