"""When to retry and how long to wait: exponential backoff with jitter, Retry-After honoured."""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

import httpx2 as httpx

__all__ = ["MAX_RETRY_AFTER", "RETRY_STATUSES", "retry_delay", "should_retry"]

RETRY_STATUSES = frozenset({408, 409, 429})
"""Retried besides every 5xx; a connection error or a timeout is retried too."""
MAX_RETRY_AFTER = 60.0
"""A server's Retry-After longer than this is not waited for; backoff applies instead."""


def should_retry(response: httpx.Response) -> tuple[bool, str]:
    """Whether a response is worth another attempt, and why."""
    header = response.headers.get("x-should-retry", "").lower()
    if header == "true":
        return True, "x-should-retry: true"
    if header == "false":
        return False, "x-should-retry: false"
    if response.status_code in RETRY_STATUSES or response.status_code >= 500:
        return True, f"HTTP {response.status_code}"
    return False, f"HTTP {response.status_code}"


def _server_delay(headers: httpx.Headers | None) -> float | None:
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000.0
        except ValueError:
            pass
    after = headers.get("retry-after")
    if after is None:
        return None
    try:
        return float(after)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(after).timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def retry_delay(
    attempt: int, headers: httpx.Headers | None, *, initial: float, maximum: float
) -> float:
    """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 0)."""
    server = _server_delay(headers)
    if server is not None and 0 <= server <= MAX_RETRY_AFTER:
        return server
    backoff = min(initial * 2.0**attempt, maximum)
    return backoff * (1.0 - 0.25 * random.random())
