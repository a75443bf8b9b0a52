"""Swagger 2.0 in: the document converted to the OpenAPI 3.0 document a careful converter
(swagger2openapi's rules) produces, before anything else reads it.

- ``definitions``, ``parameters``, ``responses`` and ``securityDefinitions`` move to
  ``components`` (a body parameter defined once becomes a ``requestBodies`` entry), and every
  local ``$ref`` follows them;
- body and formData parameters become the ``requestBody``: the body's schema under each media
  type of ``consumes`` (operation's, else the document's, else JSON), the form fields as an
  object schema under ``multipart/form-data`` (a ``file`` field, or ``consumes`` saying so) or
  ``application/x-www-form-urlencoded``;
- ``produces`` gives each response's content, ``examples`` its examples, headers get schemas;
- ``host``, ``basePath`` and ``schemes`` give ``servers``;
- ``collectionFormat`` becomes ``style`` and ``explode``; ``x-nullable`` becomes ``nullable``;
  ``type: file`` becomes a binary string; ``discriminator: name`` becomes ``propertyName``;
- OAuth2 flows get their 3.0 names (``application`` is ``clientCredentials``, ``accessCode``
  ``authorizationCode``).

What 3.0 cannot say (``collectionFormat: tsv``, a ``collectionFormat`` inside an array's items,
an operation's own ``schemes``) is a ``Finding`` at its 2.0 location; the caller turns each into a
located warning. ``moves`` maps each moved subtree's new pointer to its old one, so diagnostics
about the converted document still name the line in the file."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from . import pointer as jp

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
)
_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials", "accessCode": "authorizationCode"}
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class Finding:
    pointer: str  # in the 2.0 document
    reason: str


@dataclass(slots=True)
class Converted:
    data: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)  # new pointer -> old pointer


def is_swagger2(data: Any) -> bool:
    return isinstance(data, dict) and str(data.get("swagger", "")).strip() == "2.0"


def convert(doc: dict[str, Any]) -> Converted:
    """The OpenAPI 3.0.3 document ``doc`` (a valid Swagger 2.0 document) means."""
    return _Converter(doc).run()


class _Converter:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.out = Converted(data={})
        self.body_params = {
            name for name, p in _dict(doc.get("parameters")).items() if isinstance(p, dict) and p.get("in") == "body"
        }
        self.form_params = {
            name for name, p in _dict(doc.get("parameters")).items() if isinstance(p, dict) and p.get("in") == "formData"
        }

    def warn(self, pointer: str, reason: str) -> None:
        self.out.findings.append(Finding(pointer, reason))

    def moved(self, new: str, old: str) -> None:
        if new != old:
            self.out.moves[new] = old

    # -- the document ---------------------------------------------------------------------
    def run(self) -> Converted:
        doc = self.doc
        out: dict[str, Any] = {"openapi": "3.0.3"}
        for key, value in doc.items():
            if key.startswith("x-") or key in ("info", "tags", "externalDocs", "security"):
                out[key] = copy.deepcopy(value)
        out["servers"] = self.servers()
        components: dict[str, Any] = {}
        schemas = {name: self.schema(s, f"/definitions/{jp.escape(name)}") for name, s in _dict(doc.get("definitions")).items()}
        if schemas:
            components["schemas"] = schemas
            self.moved("/components/schemas", "/definitions")
        parameters, bodies = {}, {}
        for name, param in _dict(doc.get("parameters")).items():
            old = f"/parameters/{jp.escape(name)}"
            if name in self.body_params:
                bodies[name] = self.request_body([param], _list(doc.get("consumes")) or ["application/json"], old)
                self.moved(f"/components/requestBodies/{jp.escape(name)}", old)
            elif name not in self.form_params:
                parameters[name] = self.parameter(param, old)
        if parameters:
            components["parameters"] = parameters
            self.moved("/components/parameters", "/parameters")
        if bodies:
            components["requestBodies"] = bodies
        responses = {
            name: self.response(r, _list(doc.get("produces")) or ["application/json"], f"/responses/{jp.escape(name)}")
            for name, r in _dict(doc.get("responses")).items()
        }
        if responses:
            components["responses"] = responses
            self.moved("/components/responses", "/responses")
        schemes = {name: self.security_scheme(s) for name, s in _dict(doc.get("securityDefinitions")).items()}
        if schemes:
            components["securitySchemes"] = schemes
            self.moved("/components/securitySchemes", "/securityDefinitions")
        out["paths"] = {path: self.path_item(path, item) for path, item in _dict(doc.get("paths")).items()}
        if components:
            out["components"] = components
        self.out.data = out
        return self.out

    def servers(self) -> list[dict[str, str]]:
        host = self.doc.get("host")
        base = str(self.doc.get("basePath") or "").rstrip("/")
        if not isinstance(host, str) or not host:
            return [{"url": base or "/"}]
        schemes = [s for s in _list(self.doc.get("schemes")) if s in ("http", "https", "ws", "wss")] or ["https"]
        return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]

    # -- refs and schemas -----------------------------------------------------------------
    def ref(self, ref: str) -> str:
        """A local 2.0 reference's 3.0 spelling; others (other files) as they are."""
        if not ref.startswith("#/"):
            return ref
        for old, new in (("#/definitions/", "#/components/schemas/"), ("#/responses/", "#/components/responses/")):
            if ref.startswith(old):
                return new + ref[len(old) :]
        if ref.startswith("#/parameters/"):
            name = jp.unescape(ref[len("#/parameters/") :].split("/")[0])
            where = "requestBodies" if name in self.body_params else "parameters"
            return f"#/components/{where}/" + ref[len("#/parameters/") :]
        return ref

    def schema(self, value: Any, at: str) -> Any:
        """A Schema Object, with everything under it, in 3.0's spelling."""
        if isinstance(value, list):
            return [self.schema(v, f"{at}/{i}") for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return copy.deepcopy(value)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                out[key] = self.ref(item)
            elif key == "x-nullable":
                if item is True:
                    out["nullable"] = True
            elif key == "discriminator" and isinstance(item, str):
                out[key] = {"propertyName": item}
            elif key in ("properties", "definitions", "patternProperties"):
                out[key] = {n: self.schema(s, f"{at}/{key}/{jp.escape(n)}") for n, s in _dict(item).items()}
            elif key in ("items", "additionalProperties", "not") or key in ("allOf", "anyOf", "oneOf"):
                out[key] = self.schema(item, f"{at}/{key}")
            else:
                out[key] = copy.deepcopy(item)
        if out.get("type") == "file":
            out["type"], out["format"] = "string", "binary"
        return out

    # -- paths and operations -------------------------------------------------------------
    def path_item(self, path: str, item: Any) -> Any:
        at = f"/paths/{jp.escape(path)}"
        if not isinstance(item, dict):
            return copy.deepcopy(item)
        if "$ref" in item:
            return {**copy.deepcopy(item), "$ref": self.ref(str(item["$ref"]))}
        shared = _list(item.get("parameters"))
        out: dict[str, Any] = {}
        kept = [
            (i, p) for i, p in enumerate(shared) if self.placement(p) not in ("body", "formData")
        ]  # body and form fields move into each operation's requestBody
        if kept:
            out["parameters"] = [self.parameter(p, f"{at}/parameters/{i}") for i, p in kept]
        for key, value in item.items():
            if key in METHODS and isinstance(value, dict):
                out[key] = self.operation(value, shared, f"{at}/{key}")
            elif key.startswith("x-") or key in ("summary", "description"):
                out[key] = copy.deepcopy(value)
        return out

    def placement(self, param: Any) -> str:
        """Where a parameter goes: its ``in``, through a reference to a shared one."""
        if isinstance(param, dict) and isinstance(param.get("$ref"), str) and param["$ref"].startswith("#/parameters/"):
            name = jp.unescape(param["$ref"][len("#/parameters/") :])
            return "body" if name in self.body_params else "formData" if name in self.form_params else "other"
        return str(param.get("in")) if isinstance(param, dict) else "other"

    def resolved(self, param: Any) -> Any:
        if isinstance(param, dict) and isinstance(param.get("$ref"), str) and param["$ref"].startswith("#/parameters/"):
            return _dict(self.doc.get("parameters")).get(jp.unescape(param["$ref"][len("#/parameters/") :]), {})
        return param

    def operation(self, op: dict[str, Any], shared: list[Any], at: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        own = _list(op.get("parameters"))
        mine = {(self.resolved(p).get("name"), self.resolved(p).get("in")) for p in own if isinstance(self.resolved(p), dict)}
        inherited = [p for p in shared if (self.resolved(p).get("name"), self.resolved(p).get("in")) not in mine]
        body = [(i, p) for i, p in enumerate(own) if self.placement(p) == "body"]
        form = [(i, p) for i, p in enumerate(own) if self.placement(p) == "formData"]
        body += [(-1, p) for p in inherited if self.placement(p) == "body"]
        form += [(-1, p) for p in inherited if self.placement(p) == "formData"]
        params = [(i, p) for i, p in enumerate(own) if self.placement(p) not in ("body", "formData")]
        consumes = _list(op.get("consumes")) or _list(self.doc.get("consumes")) or ["application/json"]
        produces = _list(op.get("produces")) or _list(self.doc.get("produces")) or ["application/json"]
        for key, value in op.items():
            if key in ("consumes", "produces", "parameters", "responses"):
                continue
            if key == "schemes":
                self.warn(f"{at}/schemes", "an operation's own schemes have no OpenAPI 3.0 equivalent: the servers apply")
                continue
            out[key] = copy.deepcopy(value)
        if params:
            out["parameters"] = [self.parameter(p, f"{at}/parameters/{i}") for i, p in params]
        if body:
            i, param = body[0]
            if isinstance(param, dict) and "$ref" in param:
                out["requestBody"] = {"$ref": self.ref(param["$ref"])}
            else:
                out["requestBody"] = self.request_body([param], consumes, f"{at}/parameters/{i}")
                if i >= 0:
                    self.moved(f"{at}/requestBody", f"{at}/parameters/{i}")
        elif form:
            out["requestBody"] = self.form_body([(i, self.resolved(p)) for i, p in form], consumes, at)
        out["responses"] = {
            str(code): self.response(r, produces, f"{at}/responses/{jp.escape(str(code))}")
            for code, r in _dict(op.get("responses")).items()
        }
        return out

    def parameter(self, param: Any, at: str) -> Any:
        """A query, path, header or cookie parameter: its type moves into ``schema``."""
        if not isinstance(param, dict):
            return copy.deepcopy(param)
        if "$ref" in param:
            return {"$ref": self.ref(str(param["$ref"]))}
        out: dict[str, Any] = {}
        schema: dict[str, Any] = {}
        for key, value in param.items():
            if key in _SCHEMA_KEYS:
                schema[key] = copy.deepcopy(value)
            elif key == "x-nullable":
                if value is True:
                    schema["nullable"] = True
            elif key == "collectionFormat":
                continue
            elif key == "x-example":
                out["example"] = copy.deepcopy(value)
            else:
                out[key] = copy.deepcopy(value)
        out["schema"] = self.schema(self.items_schema(schema, f"{at}/items"), at)
        if schema.get("type") == "array":
            out.update(self.style(param, at))
        return out

    def items_schema(self, schema: dict[str, Any], at: str) -> dict[str, Any]:
        """Nested ``items`` of a non-body parameter: their collectionFormat has nowhere to go."""
        items = schema.get("items")
        if isinstance(items, dict) and "collectionFormat" in items:
            self.warn(f"{at}/collectionFormat", "a collectionFormat inside an array's items has no OpenAPI 3.0 equivalent")
            schema = {**schema, "items": {k: v for k, v in items.items() if k != "collectionFormat"}}
        return schema

    def style(self, param: dict[str, Any], at: str) -> dict[str, Any]:
        """``collectionFormat`` (csv by default) as 3.0's ``style`` and ``explode``."""
        fmt = param.get("collectionFormat", "csv")
        where = param.get("in")
        if fmt == "multi":
            return {"style": "form", "explode": True} if where in ("query", "formData") else {}
        if fmt == "ssv":
            return {"style": "spaceDelimited", "explode": False}
        if fmt == "pipes":
            return {"style": "pipeDelimited", "explode": False}
        if fmt == "tsv":
            self.warn(f"{at}/collectionFormat", "collectionFormat tsv has no OpenAPI 3.0 equivalent: sent as csv")
        if where in ("query", "formData", "cookie"):
            return {"style": "form", "explode": False}
        return {"style": "simple", "explode": False}

    def request_body(self, params: list[Any], consumes: list[str], at: str) -> dict[str, Any]:
        param = params[0] if isinstance(params[0], dict) else {}
        schema = self.schema(param.get("schema", {}), f"{at}/schema")
        body: dict[str, Any] = {
            "content": {mt: {"schema": copy.deepcopy(schema)} for mt in consumes if mt not in (_FORM, _MULTIPART)}
        }
        if not body["content"]:
            body["content"] = {"application/json": {"schema": schema}}
        for key in ("description", "required"):
            if key in param:
                body[key] = copy.deepcopy(param[key])
        examples = param.get("x-examples")
        if isinstance(examples, dict):
            for mt, value in examples.items():
                if mt in body["content"]:
                    body["content"][mt]["example"] = copy.deepcopy(value)
        return body

    def form_body(self, fields: list[tuple[int, Any]], consumes: list[str], at: str) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        encoding: dict[str, Any] = {}
        files = False
        for i, param in fields:
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            name = param["name"]
            where = f"{at}/parameters/{i}" if i >= 0 else at
            field_schema = {k: copy.deepcopy(v) for k, v in param.items() if k in _SCHEMA_KEYS or k == "x-nullable"}
            if "description" in param:
                field_schema["description"] = param["description"]
            files = files or field_schema.get("type") == "file"
            properties[name] = self.schema(self.items_schema(field_schema, f"{where}/items"), where)
            if param.get("required") is True:
                required.append(name)
            if field_schema.get("type") == "array":
                style = self.style({**param, "in": "formData"}, where)
                if style:
                    encoding[name] = style
            if i >= 0:
                self.moved(f"{at}/requestBody/content/~FORM~/schema/properties/{jp.escape(name)}", where)
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        kinds = [mt for mt in consumes if mt in (_FORM, _MULTIPART)]
        if files and _MULTIPART not in kinds:
            kinds = [_MULTIPART]
        if not kinds:
            self.warn(f"{at}/consumes", "form fields, but consumes names neither form media type: sent as a form")
            kinds = [_FORM]
        content: dict[str, Any] = {}
        for mt in kinds:
            media: dict[str, Any] = {"schema": copy.deepcopy(schema)}
            if encoding and mt == _FORM:
                media["encoding"] = copy.deepcopy(encoding)
            content[mt] = media
        for name, old in list(self.out.moves.items()):
            if "/~FORM~/" in name:
                del self.out.moves[name]
                self.moved(name.replace("~FORM~", jp.escape(kinds[0])), old)
        body: dict[str, Any] = {"content": content}
        if required:
            body["required"] = True
        return body

    def response(self, response: Any, produces: list[str], at: str) -> Any:
        if not isinstance(response, dict):
            return copy.deepcopy(response)
        if "$ref" in response:
            return {"$ref": self.ref(str(response["$ref"]))}
        out: dict[str, Any] = {"description": response.get("description", "")}
        if "schema" in response:
            schema = self.schema(response["schema"], f"{at}/schema")
            out["content"] = {mt: {"schema": copy.deepcopy(schema)} for mt in produces}
            for mt in produces:
                self.moved(f"{at}/content/{jp.escape(mt)}/schema", f"{at}/schema")
            for mt, value in _dict(response.get("examples")).items():
                out["content"].setdefault(mt, {"schema": copy.deepcopy(schema)})["example"] = copy.deepcopy(value)
        headers = _dict(response.get("headers"))
        if headers:
            out["headers"] = {name: self.header(h, f"{at}/headers/{jp.escape(name)}") for name, h in headers.items()}
        for key, value in response.items():
            if key.startswith("x-"):
                out[key] = copy.deepcopy(value)
        return out

    def header(self, header: Any, at: str) -> Any:
        if not isinstance(header, dict):
            return copy.deepcopy(header)
        schema = {k: copy.deepcopy(v) for k, v in header.items() if k in _SCHEMA_KEYS}
        out: dict[str, Any] = {"schema": self.schema(self.items_schema(schema, f"{at}/items"), at)}
        if "description" in header:
            out["description"] = header["description"]
        return out

    def security_scheme(self, scheme: Any) -> Any:
        if not isinstance(scheme, dict):
            return copy.deepcopy(scheme)
        kind = scheme.get("type")
        extra = {k: copy.deepcopy(v) for k, v in scheme.items() if k.startswith("x-") or k == "description"}
        if kind == "basic":
            return {"type": "http", "scheme": "basic", **extra}
        if kind == "apiKey":
            return {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in"), **extra}
        if kind == "oauth2":
            flow: dict[str, Any] = {"scopes": copy.deepcopy(scheme.get("scopes") or {})}
            for key in ("authorizationUrl", "tokenUrl"):
                if key in scheme:
                    flow[key] = scheme[key]
            return {"type": "oauth2", "flows": {_FLOWS.get(str(scheme.get("flow")), "implicit"): flow}, **extra}
        return copy.deepcopy(scheme)


@dataclass(slots=True)
class MovedPositions:
    """The 2.0 file's positions, asked with the converted document's pointers: a pointer under
    a moved subtree is translated to where that subtree was (the longest move that holds it)."""

    inner: Any  # source.Positions
    moves: dict[str, str]
    _order: list[tuple[str, str]] = field(default_factory=list)

    def get(self, pointer: str) -> tuple[int, int] | None:
        if not self._order:
            self._order = sorted(self.moves.items(), key=lambda kv: -len(kv[0]))
        for new, old in self._order:
            if pointer == new or pointer.startswith(new + "/"):
                return self.inner.get(old + pointer[len(new) :])  # type: ignore[no-any-return]
        return self.inner.get(pointer)  # type: ignore[no-any-return]


def validate(data: Any) -> list[tuple[str, str]]:
    """The 2.0 document's structural problems as (pointer, message): it checked against the
    Swagger 2.0 JSON Schema that openapi-spec-validator ships (draft 4, by jsonschema). Value
    checks (a default that does not fit its type) are left to the 3.0 validator, which reads
    the converted document and reports them as warnings, as for any 3.0 document."""
    import json
    from importlib import resources

    import jsonschema  # type: ignore[import-untyped]  # openapi-spec-validator's own dependency

    schema = json.loads(
        resources.files("openapi_spec_validator").joinpath("resources/schemas/v2.0/schema.json").read_text("utf-8")
    )
    found = []
    for error in jsonschema.Draft4Validator(schema).iter_errors(data):
        pointer = "".join("/" + jp.escape(str(t)) for t in error.absolute_path)
        found.append((pointer, " ".join(str(error.message).split())[:300]))
    return sorted(found)[:20]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
