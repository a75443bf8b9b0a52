"""Run by tests/test_conformance.py in a virtualenv of its own with openapi-core 0.23.1 (which
needs openapi-spec-validator < 0.9; the generator pins 0.9.0): unmarshals each recorded raw
request against the spec, as a server built on openapi-core would, and compares what it reads
with the values the client was given.

    python openapi_core_judge.py SPEC REQUESTS.json  ->  one JSON object per line on stdout:
    {"cell": ..., "ok": true} or {"cell": ..., "ok": false, "why": ...}
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.testing import MockRequest
from werkzeug.datastructures import Headers, ImmutableMultiDict


def plain(value: Any) -> Any:
    """What openapi-core returns, as JSON data (bytes and file-likes as {"$bytes": base64})."""
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    if hasattr(value, "read"):
        return plain(value.read())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def judge(openapi: OpenAPI, seen: dict[str, Any]) -> dict[str, Any]:
    url = urlsplit(seen["target"])
    headers = Headers([(k, v) for k, v in seen["headers"]])
    cookies = []
    for piece in headers.get("Cookie", "").split(";"):
        name, sep, value = piece.strip().partition("=")
        if sep:
            cookies.append((name, unquote(value)))
    request = MockRequest(
        "http://127.0.0.1:8080",
        seen["method"],
        unquote(url.path),
        data=base64.b64decode(seen["body"]),
        content_type=headers.get("Content-Type", ""),
    )
    request.parameters = RequestParameters(
        path={},
        query=ImmutableMultiDict(parse_qsl(url.query, keep_blank_values=True)),
        header=headers,
        cookie=ImmutableMultiDict(cookies),
    )
    result = openapi.unmarshal_request(request)
    if result.errors:
        return {"ok": False, "why": "; ".join(f"{type(e).__name__}: {e}" for e in result.errors)}
    got = {
        "path": plain(dict(result.parameters.path)),
        "query": plain(dict(result.parameters.query)),
        "header": plain({k.lower(): v for k, v in dict(result.parameters.header).items()}),
        "cookie": plain(dict(result.parameters.cookie)),
    }
    expected = seen["expected"]
    for where, values in expected["parameters"].items():
        for name, value in values.items():
            key = name.lower() if where == "header" else name
            if got[where].get(key) != value:
                return {"ok": False, "why": f"{where} parameter {name}: read {got[where].get(key)!r}, sent {value!r}"}
    if "body" in expected:
        body = plain(result.body)
        if body != expected["body"]:
            return {"ok": False, "why": f"body: read {body!r}, sent {expected['body']!r}"}
    return {"ok": True}


def main() -> None:
    openapi = OpenAPI.from_file_path(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as fh:
        requests = json.load(fh)
    for seen in requests:
        try:
            verdict = judge(openapi, seen)
        except Exception as exc:  # a crash in openapi-core is its verdict on this request
            verdict = {"ok": False, "why": f"{type(exc).__name__}: {exc}"}
        print(json.dumps({"cell": seen["cell"], **verdict}), flush=True)


if __name__ == "__main__":
    main()
