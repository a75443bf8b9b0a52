"""What the sync and async clients share: options, credentials, request building, response
handling and retry decisions (``_sync_client`` and ``_async_client`` send)."""

from __future__ import annotations

import base64
import copy
import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import IO, TypeVar, cast
from urllib.parse import quote

import httpx2 as httpx

from . import _encoding as enc
from ._checks import check_arguments
from ._constants import (
    API_KEY_ENV,
    AUTH_REQUIRED,
    BASE_URL,
    BASE_URL_ENV,
    SECURITY_SCHEMES,
    USER_AGENT,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ModelValidationError,
    ResponseValidationError,
    status_error,
)
from ._files import to_file_part
from ._options import RequestOptions, Timeout
from ._response import RAW, RawResponse, unexpected_body
from ._retries import retry_delay
from ._serde import Decoder, encode
from ._types import OMIT, Omit, is_dict, is_list

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "BaseClient",
    "Timeout",
    "connection_error",
    "encode_body",
    "ignore_body",
    "log",
    "open_sink",
    "retryable",
    "shown_url",
]

T = TypeVar("T")
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
"""Five seconds to connect, ten minutes for each read, write or pool wait (httpx's timeouts are
per operation, not a deadline for the whole call); ``timeout=None`` waits forever."""
DEFAULT_MAX_RETRIES = 2
log = logging.getLogger(__package__ or "client")


class BaseClient:
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | Omit = OMIT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        check_arguments: bool = True,
        initial_retry_delay: float = 0.5,
        max_retry_delay: float = 8.0,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.username = username
        self.password = password
        if api_key is None:
            api_key = os.environ.get(API_KEY_ENV)
        if api_key is None and AUTH_REQUIRED:
            raise APIError(
                "The api_key client option must be set either by passing api_key to the client "
                f"or by setting the {API_KEY_ENV} environment variable"
            )
        self.api_key = api_key
        if base_url is None:
            base_url = os.environ.get(BASE_URL_ENV) or BASE_URL
        url = httpx.URL(str(base_url))
        self.base_query = list(
            url.params.multi_items()
        )  # e.g. ?api-version=... on every call
        self.base_url = url.copy_with(query=None, path=url.path.rstrip("/") + "/")
        self.timeout: Timeout = (
            DEFAULT_TIMEOUT if isinstance(timeout, Omit) else timeout
        )
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})
        self.check_arguments = check_arguments
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        self._owns_http = True

    # a self-typed TypeVar, not typing.Self (3.11+): this runs on 3.10
    def with_options(  # noqa: PYI019
        self: _C,
        *,
        timeout: Timeout | Omit = OMIT,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        check_arguments: bool | None = None,
        initial_retry_delay: float | None = None,
        max_retry_delay: float | None = None,
    ) -> _C:
        """A copy with some options changed, sharing this client's connection pool."""
        clone = copy.copy(self)
        cls = type(self)
        clone.__dict__ = {
            k: v
            for k, v in self.__dict__.items()
            if not isinstance(getattr(cls, k, None), cached_property)
        }
        if not isinstance(timeout, Omit):
            clone.timeout = timeout
        if max_retries is not None:
            clone.max_retries = max_retries
        if default_headers is not None:
            clone.default_headers = {**self.default_headers, **default_headers}
        if check_arguments is not None:
            clone.check_arguments = check_arguments
        if initial_retry_delay is not None:
            clone.initial_retry_delay = initial_retry_delay
        if max_retry_delay is not None:
            clone.max_retry_delay = max_retry_delay
        clone._owns_http = False
        return clone

    def _credentials(
        self, security: tuple[tuple[str, ...], ...]
    ) -> list[tuple[str, str, str]]:
        """What to send for an operation's security: the first alternative (a set of schemes
        sent together) whose credentials this client has, as (where, name, value);
        anonymous alternatives are taken only when no other can be."""
        for alternative in security:
            sent: list[tuple[str, str, str]] = []
            for scheme in alternative:
                kind, where, name = SECURITY_SCHEMES[scheme]
                if kind == "basic":
                    if self.username is None:
                        break
                    pair = f"{self.username}:{self.password or ''}".encode()
                    sent.append(("header", "Authorization", _basic(pair)))
                elif self.api_key is None:
                    break
                elif kind == "bearer":
                    sent.append(("header", "Authorization", f"Bearer {self.api_key}"))
                else:
                    sent.append((where, name, self.api_key))
            else:
                if sent:
                    return sent
        return []

    def _build_request(self, options: RequestOptions) -> httpx.Request:
        if options.checks and self.check_arguments:
            check_arguments(options.checks, options.operation)
        styles = options.styles or {}
        path = options.path
        for name, value in (options.path_params or {}).items():
            wire = styles.get(("path", name), enc.DEFAULTS["path"])
            text_value = enc.path_value(name, value, wire)
            if text_value in ("", ".", ".."):
                raise ValueError(f"path parameter {name!r} must not be {text_value!r}")
            path = path.replace("{" + name + "}", text_value)
        path, _, fixed_query = path.partition(
            "?"
        )  # a spec path may carry a fixed query
        pieces = [
            f"{quote(str(k), safe='')}={quote(enc.text(v), safe='')}"
            for k, v in self.base_query
        ]
        pieces += [p for p in fixed_query.split("&") if p]
        for name, value in enc.present(options.query).items():
            wire = styles.get(("query", name), enc.DEFAULTS["query"])
            pieces += enc.query_pairs(name, value, wire)
        for name, value in enc.present(options.extra_query).items():
            pieces += enc.query_pairs(name, value, enc.DEFAULTS["query"])
        out_headers = httpx.Headers(
            {"User-Agent": USER_AGENT, "Accept": options.accept}
        )
        for key, value in self.default_headers.items():
            out_headers[key] = value  # case-insensitive: replaces, never duplicates
        for key, item in enc.present(options.headers).items():
            wire = styles.get(("header", key), enc.DEFAULTS["header"])
            out_headers[key] = enc.header_value(item, wire)
        cookies = [
            pair
            for name, value in enc.present(options.cookies).items()
            for pair in enc.cookie_pairs(
                name, value, styles.get(("cookie", name), enc.DEFAULTS["cookie"])
            )
        ]
        for where, name, value in self._credentials(options.security):
            if where == "header":
                out_headers[name] = value
            elif where == "query":
                pieces.append(f"{quote(name, safe='')}={quote(value, safe='')}")
            else:
                cookies.append(f"{name}={quote(value, safe='')}")
        body, content_type = encode_body(options)
        if content_type is not None:
            out_headers["Content-Type"] = content_type
        if cookies:
            out_headers["Cookie"] = "; ".join(cookies)
        for key, value in (options.extra_headers or {}).items():
            out_headers[key] = value
        url = httpx.URL(
            str(self.base_url).rstrip("/")
            + "/"
            + path.lstrip("/")
            + ("?" + "&".join(pieces) if pieces else "")
        )
        chosen = self.timeout if isinstance(options.timeout, Omit) else options.timeout
        return httpx.Request(
            options.method,
            url,
            headers=out_headers,
            content=body,
            extensions={"timeout": httpx.Timeout(chosen).as_dict()},
        )

    @staticmethod
    def _parse(response: httpx.Response, decoder: Decoder[T], kind: str) -> T:
        if not 200 <= response.status_code < 300:
            try:
                body: object = response.json()
            except ValueError:
                body = response.text
            raise status_error(response, body, shown_url(response.request))
        value: object
        media_type = response.headers.get("content-type", "")
        # the server answered another media type than the spec said: its bytes (or its text;
        # JSON sent as text/plain is still decoded)
        if (
            kind == "json"
            and response.content
            and not _is_json(media_type)
            and (
                not media_type.lower().startswith("text/") or not _parses(response.text)
            )
        ):
            return cast(T, unexpected_body(response))
        if kind == "json":
            try:
                value = response.json()
            except ValueError:
                excerpt = response.text[:200]
                raise ResponseValidationError(
                    f"HTTP {response.status_code} response is not valid JSON: {excerpt!r}",
                    response=response,
                ) from None
        elif kind == "binary":
            value = response.content
        elif kind == "text":
            value = response.text
        else:
            value = None
        try:
            return decoder(value, "response")
        except ModelValidationError as exc:
            raise ResponseValidationError(
                f"the response does not fit the model: {exc}; body: {response.text[:200]!r}",
                response=response,
            ) from exc

    def _retry_plan(
        self,
        attempt: int,
        request: httpx.Request,
        response: httpx.Response | None,
        why: str,
    ) -> float | None:
        """Seconds to wait before retrying, or None when this attempt was the last."""
        if attempt >= self.max_retries:
            return None
        headers = response.headers if response is not None else None
        delay = retry_delay(
            attempt,
            headers,
            initial=self.initial_retry_delay,
            maximum=self.max_retry_delay,
        )
        log.info(
            "retrying %s %s in %.2fs (attempt %d of %d): %s",
            request.method,
            shown_url(request),
            delay,
            attempt + 2,
            self.max_retries + 1,
            why,
        )
        return delay

    @staticmethod
    def _result(response: httpx.Response, parsed: T) -> T:
        if RAW.get():
            return cast(T, RawResponse(response, parsed))
        return parsed


def encode_body(options: RequestOptions) -> tuple[bytes | None, str | None]:
    """The request body as bytes (built once, so every attempt sends the same bytes) and its
    content type. ``extra_body`` adds fields to a JSON object, form or multipart body; on an
    operation without a body it becomes a JSON object."""
    extra = enc.present(options.extra_body)
    encodings = options.encodings or {}
    if options.files is not None:
        parts = [
            (
                name,
                to_file_part(item, field=name, default_content_type=ct),
                wire.headers if wire is not None else (),
            )
            for name, (v, ct) in options.files.items()
            if not isinstance(v, (Omit, type(None)))
            for wire in [encodings.get(name)]
            for item in (v if is_list(v) else [v])
        ]
        fields: list[tuple[str, str, enc.Wire | None]] = []
        for name, value in {**enc.present(options.form), **extra}.items():
            wire = encodings.get(name)
            value = encode(value)
            for item in (
                value if is_list(value) else [value]
            ):  # an array: a part per item
                structured = wire is not None and wire.content_type is not None
                if structured or is_dict(item) or is_list(item):
                    fields.append((name, enc.json_text(item), wire or _JSON_PART))
                else:
                    fields.append((name, enc.text(item), wire))
        return enc.encode_multipart(fields, parts)
    if options.form is not None:
        pieces = [
            piece
            for name, value in {**enc.present(options.form), **extra}.items()
            for piece in enc.form_pairs(
                name, value, encodings.get(name, enc.DEFAULTS["body"])
            )
        ]
        return "&".join(pieces).encode(), "application/x-www-form-urlencoded"
    json_body = options.json_body
    if is_dict(json_body):
        json_body = {k: v for k, v in json_body.items() if not isinstance(v, Omit)}
    if extra:
        if (
            isinstance(json_body, Omit)
            and isinstance(options.content, Omit)
            and isinstance(options.text, Omit)
        ):
            json_body = {}
        if not is_dict(json_body):
            raise TypeError(
                "extra_body adds fields to an object body; this request's body is not one"
            )
        json_body = {**json_body, **extra}
    if not isinstance(json_body, Omit):
        body = json.dumps(
            encode(json_body), separators=(",", ":"), ensure_ascii=False
        ).encode()
        return body, "application/json"
    if not isinstance(options.content, Omit):
        content = options.content
        data = (
            content
            if isinstance(content, bytes)
            else to_file_part(content, field="body").content
        )
        return data, options.content_type or "application/octet-stream"
    if not isinstance(options.text, Omit):
        return str(options.text).encode(), options.content_type or "text/plain"
    return None, None


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _is_json(media_type: str) -> bool:
    """application/json or a +json type; no Content-Type at all is taken as JSON."""
    base = media_type.split(";")[0].strip().lower()
    return not base or base == "application/json" or base.endswith("+json")


_JSON_PART = enc.Wire(style="form", explode=True, content_type="application/json")


def _basic(pair: bytes) -> str:
    return "Basic " + base64.b64encode(pair).decode("ascii")


def shown_url(request: httpx.Request) -> httpx.URL:
    """The URL for logs: an API key sent as a query parameter is left out."""
    url = request.url
    for kind, where, name in SECURITY_SCHEMES.values():
        if kind == "apiKey" and where == "query":
            url = url.copy_remove_param(name)
    return url


def retryable(exc: Exception) -> bool:
    """A transport error worth another attempt: not one that the request itself caused
    (an unsupported URL scheme, an illegal header value)."""
    return not isinstance(exc, (httpx.UnsupportedProtocol, httpx.LocalProtocolError))


def ignore_body(value: object, path: str) -> None:
    return None


def connection_error(
    exc: httpx.TransportError | httpx.DecodingError, request: httpx.Request
) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"request timed out: {request.method} {shown_url(request)}", request=request
        )
    return APIConnectionError(
        f"connection error: {request.method} {shown_url(request)}: {exc!r}",
        request=request,
    )


def open_sink(
    destination: str | os.PathLike[str] | IO[bytes],
) -> tuple[IO[bytes], Callable[[bool], None]]:
    """Where a download goes, and how to finish it. A path is written through a temporary file
    beside it and moved into place only when the whole body arrived; a failed download leaves
    the path as it was."""
    if not isinstance(destination, (str, os.PathLike)):
        return destination, lambda ok: None
    target = os.fspath(destination)
    fd, temporary = tempfile.mkstemp(
        prefix=".download-", dir=os.path.dirname(os.path.abspath(target))
    )
    sink = os.fdopen(fd, "wb")

    def finish(ok: bool) -> None:
        sink.close()
        if ok:
            os.replace(temporary, target)
        else:
            os.unlink(temporary)

    return sink, finish


_C = TypeVar("_C", bound=BaseClient)
