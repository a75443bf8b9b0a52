"""One hierarchy of errors, rooted in ``APIError``."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx

from ._types import is_dict

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "ModelValidationError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "UnprocessableEntityError",
]


class APIError(Exception):
    """Base class of every error this client raises on purpose."""


class ModelValidationError(APIError, ValueError):
    """Data that does not fit a model: names the model, the field and what was received."""

    def __init__(
        self,
        *,
        path: str,
        expected: str,
        received: object,
        model: str = "",
        field: str = "",
    ) -> None:
        self.path = path
        self.expected = expected
        self.received = received
        self.model = model
        self.field = field
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"{self.model}.{self.field}" if self.model and self.field else self.path
        at = f" (at {self.path})" if self.path != where else ""
        if self.expected == "required field":
            return f"{where}: required field is missing{at}; received keys {self.received!r}"
        return f"{where}: expected {self.expected}, received {_describe(self.received)}{at}"

    def locate(self, model: str, field: str) -> None:
        """Name the innermost model and field, if no inner model named them already."""
        if not self.model:
            self.model, self.field = model, field
            self.args = (self._message(),)


def _describe(value: object) -> str:
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{type(value).__name__} {text}"


class ResponseValidationError(APIError):
    """A 2xx response whose body is not valid JSON or does not fit the declared model."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code


class APIConnectionError(APIError):
    """The request did not get a response: connection refused, reset, DNS failure."""

    def __init__(
        self, message: str = "connection error", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIStatusError(APIError):
    """The server answered with a status outside 2xx."""

    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.request_id = response.headers.get("x-request-id")
        error = body.get("error", body) if is_dict(body) else None
        error = error if is_dict(error) else {}
        self.message: str | None = _str_or_none(error.get("message"))
        self.code: str | None = _str_or_none(error.get("code"))
        self.type: str | None = _str_or_none(error.get("type"))
        self.param: str | None = _str_or_none(error.get("param"))


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


class BadRequestError(APIStatusError):
    """400"""


class AuthenticationError(APIStatusError):
    """401"""


class PermissionDeniedError(APIStatusError):
    """403"""


class NotFoundError(APIStatusError):
    """404"""


class ConflictError(APIStatusError):
    """409"""


class UnprocessableEntityError(APIStatusError):
    """422"""


class RateLimitError(APIStatusError):
    """429"""


class InternalServerError(APIStatusError):
    """5xx"""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(response: httpx.Response, body: object, url: object) -> APIStatusError:
    cls = STATUS_ERRORS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    error = body.get("error", body) if is_dict(body) else None
    detail = error.get("message") if is_dict(error) else None
    message = f"HTTP {response.status_code} from {response.request.method} {url}"
    if detail:
        message += f": {detail}"
    return cls(message, response=response, body=body)
