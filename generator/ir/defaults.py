"""Is a schema's ``default`` a value the schema allows?

A default that fails its declared format (not a uuid where ``format: uuid`` says so) states a
value that cannot exist: an error. A default of the wrong JSON type or outside the enum is a
warning and is left out of the docs: OpenAI's published spec has one (``default: []`` on a
string enum), and its operations must still generate. Defaults are never sent, so neither
changes the generated code.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from typing import Any

_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _format_problem(value: str, fmt: str) -> str | None:
    try:
        if fmt == "uuid" and not _UUID.match(value):
            return "not a uuid"
        if fmt == "date" and not (_DATE.match(value) and dt.date.fromisoformat(value)):
            return "not a date (YYYY-MM-DD)"
        if fmt == "date-time" and ("T" not in value.upper() or not dt.datetime.fromisoformat(value.replace("Z", "+00:00"))):
            return "not a date-time (RFC 3339)"
        if fmt == "ipv4":
            ipaddress.IPv4Address(value)
        if fmt == "ipv6":
            ipaddress.IPv6Address(value)
        if fmt == "email" and "@" not in value:
            return "not an email address"
    except ValueError:
        return f"not a valid {fmt}"
    return None


def check_default(value: Any, schema: dict[str, Any]) -> tuple[str, bool] | None:
    """(what is wrong, whether it is fatal) for a default that the schema refuses, else None."""
    kinds = schema.get("type")
    allowed = set(kinds if isinstance(kinds, list) else [kinds] if isinstance(kinds, str) else [])
    if allowed and schema.get("nullable") is True:
        allowed.add("null")
    actual = _json_type(value)
    if allowed and actual not in allowed and not (actual == "integer" and "number" in allowed):
        return f"it is {actual}, the schema says {' or '.join(sorted(allowed))}", False
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        return "it is not one of the enum's values", False
    fmt = schema.get("format")
    if isinstance(value, str) and isinstance(fmt, str):
        problem = _format_problem(value, fmt)
        if problem:
            return problem, True
    return None
