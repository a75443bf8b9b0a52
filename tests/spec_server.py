"""A real HTTP server on 127.0.0.1 that checks each request against spec/openapi.yaml.

It is independent of the generator: it reads the spec with PyYAML, parses multipart bodies
with python-multipart and validates the fields with jsonschema (draft 2020-12). A request that
does not fit is answered 400 with the reasons, and recorded, so tests can assert on both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


import jsonschema
import python_multipart
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from loopback import LoopbackServer, QuietHandler

SPEC_PATH = Path(__file__).resolve().parent.parent / "spec" / "openapi.yaml"
API_KEY = "sk-test-key"


@dataclass
class Part:
    name: str
    value: bytes
    filename: str | None
    content_type: str | None


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    parts: list[Part] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class SpecChecker:
    def __init__(self, spec_path: Path = SPEC_PATH) -> None:
        self.spec = yaml.safe_load(spec_path.read_text())
        self.registry = Registry().with_resource("urn:spec", Resource.from_contents(self.spec, default_specification=DRAFT202012))
        self.prefix = "/v1"

    def schema(self, ref: str) -> dict[str, Any]:
        node: Any = self.spec
        for token in ref.lstrip("#/").split("/"):
            node = node[token]
        return node

    def operation(self, method: str, path: str) -> tuple[dict[str, Any] | None, str]:
        if not path.startswith(self.prefix):
            return None, f"path {path!r} is not under the server's base path {self.prefix!r}"
        item = self.spec["paths"].get(path[len(self.prefix) :])
        if item is None or method.lower() not in item:
            return None, f"no operation {method} {path} in the spec"
        return item[method.lower()], ""

    def check(self, rec: Recorded, body: bytes) -> None:
        op, problem = self.operation(rec.method, rec.path)
        if op is None:
            rec.problems.append(problem)
            return
        if rec.headers.get("authorization") != f"Bearer {API_KEY}":
            rec.problems.append(f"bearer header wrong: {rec.headers.get('authorization')!r}")
        content = op["requestBody"]["content"]
        ctype = rec.headers.get("content-type", "")
        media = ctype.split(";")[0].strip()
        if media not in content:
            rec.problems.append(f"content type {media!r} not in {sorted(content)}")
            return
        media_obj = content[media]
        schema = media_obj["schema"]
        if "$ref" in schema:
            schema = self.schema(schema["$ref"])
        rec.parts = parse_multipart(ctype, body)
        props = schema.get("properties", {})
        instance: dict[str, Any] = {}
        for part in rec.parts:
            if part.name not in props:
                rec.problems.append(f"unknown form field {part.name!r}")
                continue
            if part.name in instance:
                rec.problems.append(f"form field {part.name!r} sent twice")
            prop = props[part.name]
            if prop.get("format") == "binary":
                expected = media_obj.get("encoding", {}).get(part.name, {}).get("contentType")
                if part.filename is None:
                    rec.problems.append(f"file part {part.name!r} has no filename")
                if expected and part.content_type != expected:
                    rec.problems.append(f"file part {part.name!r} has content type {part.content_type!r}, spec says {expected!r}")
                instance[part.name] = "<binary>"
                continue
            if part.filename is not None:
                rec.problems.append(f"plain field {part.name!r} sent as a file")
            instance[part.name] = coerce(part.value.decode(), prop)
        validator = jsonschema.Draft202012Validator(
            {"$ref": "urn:spec" + media_obj["schema"]["$ref"]},
            registry=self.registry,
        )
        for error in validator.iter_errors(instance):
            rec.problems.append(f"{'/'.join(map(str, error.absolute_path)) or '<body>'}: {error.message}")

    def example(self, method: str, path: str) -> Any:
        op, _ = self.operation(method, path)
        assert op is not None
        return op["responses"]["200"]["content"]["application/json"]["example"]


def coerce(text: str, prop: dict[str, Any]) -> Any:
    """A form field's text as the JSON value its schema describes (integers, null)."""
    types = prop.get("type")
    types = types if isinstance(types, list) else [types]
    if "integer" in types:
        try:
            return int(text)
        except ValueError:
            return text
    return text


def parse_multipart(content_type: str, body: bytes) -> list[Part]:
    parts: list[Part] = []
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}

    def on_field(f: Any) -> None:
        parts.append(Part(f.field_name.decode(), f.value or b"", None, None))

    def on_file(f: Any) -> None:
        f.file_object.seek(0)
        parts.append(Part(f.field_name.decode(), f.file_object.read(), f.file_name.decode() if f.file_name else None, None))

    import io

    python_multipart.parse_form(headers, io.BytesIO(body), on_field, on_file)
    # python-multipart does not report a part's own Content-Type: read the part headers directly.
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    file_types = {}
    for chunk in body.split(b"--" + boundary)[1:-1]:
        head = chunk.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
        name = filename = ctype = None
        for line in head.split("\r\n"):
            low = line.lower()
            if low.startswith("content-disposition"):
                for item in line.split(";")[1:]:
                    key, _, value = item.strip().partition("=")
                    if key == "name":
                        name = value.strip('"')
                    elif key == "filename":
                        filename = value.strip('"')
            elif low.startswith("content-type"):
                ctype = line.split(":", 1)[1].strip()
        if filename is not None and name is not None:
            file_types[name] = ctype
    for part in parts:
        if part.filename is not None:
            part.content_type = file_types.get(part.name)
    return parts


class SpecServer(LoopbackServer):
    """Start with ``with SpecServer() as server:``; ``server.base_url`` and ``server.requests``."""

    def __init__(self, checker: SpecChecker | None = None) -> None:
        self.checker = checker or SpecChecker()
        self.requests: list[Recorded] = []
        self.override: tuple[int, bytes] | None = None  # answer with this instead of the example
        outer = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                rec = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
                try:
                    outer.checker.check(rec, body)
                except Exception as exc:  # a malformed request is a finding, not a server crash
                    rec.problems.append(f"unreadable request: {exc!r}")
                outer.requests.append(rec)
                if outer.override is not None:
                    self._send_raw(*outer.override)
                elif rec.problems:
                    payload = {
                        "error": {
                            "message": "; ".join(rec.problems),
                            "type": "invalid_request_error",
                            "param": None,
                            "code": None,
                        }
                    }
                    self._send(400, payload)
                else:
                    self._send(200, outer.checker.example(self.command, self.path))

            def _send(self, status: int, payload: Any) -> None:
                self._send_raw(status, json.dumps(payload).encode())

            def _send_raw(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-request-id", "req_123")
                self.end_headers()
                self.wfile.write(data)

        super().__init__(Handler)

    @property
    def base_url(self) -> str:
        return self.url + "/v1"
