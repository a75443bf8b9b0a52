"""Paths -> operations: parameters, request bodies, responses, grouping and method names."""

from __future__ import annotations

import re
from typing import Any

from .. import naming
from ..diagnostics import Diagnostics
from ..loader import Location, RefError, Spec
from . import types as t
from .decls import (
    Body,
    BodyKind,
    MediaKind,
    Operation,
    Parameter,
    ParamLocation,
    Response,
)
from .schemas import SchemaBuilder, as_dict, as_list, constraints, example_of, is_binary_string

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATIONS: dict[str, ParamLocation] = {"path": "path", "query": "query", "header": "header", "cookie": "cookie"}
_BODY_KINDS: dict[str, BodyKind] = {"json": "json", "multipart": "multipart", "form": "form", "binary": "binary", "text": "text"}
_STATUS = re.compile(r"^(?:[1-5][0-9][0-9]|[1-5]XX|default)$")


def media_kind(content_type: str) -> MediaKind:
    ct = content_type.split(";")[0].strip().lower()
    if ct == "application/json" or ct.endswith("+json"):
        return "json"
    if ct == "multipart/form-data":
        return "multipart"
    if ct == "application/x-www-form-urlencoded":
        return "form"
    if ct == "text/event-stream":
        return "sse"
    if ct.startswith("text/"):
        return "text"
    if ct.startswith("multipart/"):
        return "unsupported"
    return "binary"


class OperationBuilder:
    def __init__(self, spec: Spec, schemas: SchemaBuilder, diagnostics: Diagnostics, *, global_auth: bool) -> None:
        self.spec = spec
        self.schemas = schemas
        self.diagnostics = diagnostics
        self.global_auth = global_auth
        self.form_body_schemas: set[str] = set()
        self._op_ids: dict[str, Location] = {}

    def _deref(self, value: Any, loc: Location) -> tuple[Location, Any]:
        try:
            return self.spec.deref(value, loc)
        except RefError as exc:
            self.diagnostics.add(exc.code, file=loc.file, pointer=loc.pointer, **exc.fields)
            return loc, None

    def build_all(self) -> list[Operation]:
        paths = self.spec.data.get("paths") or {}
        root = self.spec.root_location.child("paths")
        ops: list[Operation] = []
        if not isinstance(paths, dict):
            return ops
        for path, item in paths.items():
            item_loc, item = self._deref(item, root.child(path))
            if not isinstance(item, dict):
                continue
            shared = item.get("parameters") or []
            for method in METHODS:
                if not isinstance(item.get(method), dict):
                    continue
                op_loc, raw_op = item_loc.child(method), item[method]
                if "$ref" in raw_op:  # an Operation Object is not a Reference Object, but split specs do this
                    self.diagnostics.add("operation-ref", file=op_loc.file, pointer=op_loc.pointer, ref=raw_op["$ref"])
                    op_loc, raw_op = self._deref(raw_op, op_loc)
                    if not isinstance(raw_op, dict):
                        continue
                op = self._operation(path, method, raw_op, op_loc, shared, item_loc)
                if op is not None:
                    ops.append(op)
        return ops

    def _operation(
        self, path: str, method: str, op: dict[str, Any], loc: Location, shared: list[Any], item_loc: Location
    ) -> Operation | None:
        op_id = op.get("operationId") if isinstance(op.get("operationId"), str) and op["operationId"].strip() else None
        if op_id is None:
            op_id = method + naming.pascal(naming.from_method_and_path("", path, parameter_names=False))
        elif op_id in self._op_ids:
            # Keep the first; this one is named from its method and path (the parameters' names
            # included), which no other operation shares.
            wanted, n = method + naming.pascal(naming.from_method_and_path("", path, parameter_names=True)), 2
            renamed = wanted
            while renamed in self._op_ids:
                renamed, n = f"{wanted}{n}", n + 1
            self.diagnostics.add(
                "duplicate-operation-id",
                file=loc.file,
                pointer=loc.child("operationId").pointer,
                op_id=op_id,
                other="#" + self._op_ids[op_id].pointer,
                name=renamed,
            )
            op_id = renamed
        self._op_ids.setdefault(op_id, loc)
        context = naming.pascal(op_id)
        params = self._parameters(path, op, loc, shared, item_loc, context)
        try:
            body = self._body(op.get("requestBody"), loc.child("requestBody"), context)
        except _Unsupported:
            return None
        tags = as_list(op.get("tags"))
        resource = next((tag for tag in tags if isinstance(tag, str) and naming.words(tag)), None)
        if resource is None:
            segments = [s for s in path.split("/") if s and not s.startswith("{")]
            resource = segments[0] if segments else "default"
        response = self._response(op.get("responses"), loc.child("responses"), context)
        stream_flag = None
        if response.events is not None and isinstance(body, Body):
            stream_flag = next(
                (
                    f.wire_name
                    for f in body.fields
                    if f.wire_name == "stream" and t.strip_nullable(f.type)[0] == t.Primitive(kind="bool")
                ),
                None,
            )
        return Operation(
            operation_id=op_id,
            method=method.upper(),
            path=path,
            stream_flag=stream_flag,
            resource=resource,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            parameters=params,
            body=body,
            response=response,
            auth=self._auth(op),
            deprecated=bool(op.get("deprecated")),
            pointer=loc.pointer,
            file=loc.file,
        )

    def _auth(self, op: dict[str, Any]) -> bool:
        if "security" not in op or not isinstance(op["security"], list):
            return self.global_auth
        return bool(op["security"]) and all(req for req in op["security"])

    # -- parameters ----------------------------------------------------------------------------
    def _parameters(
        self,
        path: str,
        op: dict[str, Any],
        loc: Location,
        shared: list[Any],
        item_loc: Location,
        context: str,
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, ParamLocation], tuple[Location, dict[str, Any]]] = {}
        for source, base in ((shared, item_loc.child("parameters")), (op.get("parameters") or [], loc.child("parameters"))):
            for i, raw in enumerate(source if isinstance(source, list) else []):
                ploc, param = self._deref(raw, base.child(i))
                if isinstance(param, dict) and isinstance(param.get("name"), str) and param.get("in") in _LOCATIONS:
                    merged[(param["name"], _LOCATIONS[param["in"]])] = (ploc, param)
        in_path = list(dict.fromkeys(re.findall(r"\{([^}/]+)\}", path)))
        for name in in_path:
            if (name, "path") not in merged:
                # A template variable nobody declared: the intent is clear, a required string.
                self.diagnostics.add("param-undeclared", file=loc.file, pointer=loc.pointer, name=name, path=path)
                merged[(name, "path")] = (loc, {"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
        out = []
        ordered = sorted(merged.items(), key=lambda kv: (not kv[1][1].get("required", False) and kv[0][1] != "path",))
        for (name, where), (ploc, param) in ordered:
            if where == "path":
                if name not in in_path:
                    self.diagnostics.add("param-unused", file=ploc.file, pointer=ploc.pointer, name=name, path=path)
                    continue
                if param.get("required") is not True:
                    self.diagnostics.add("param-not-required", file=ploc.file, pointer=ploc.pointer, name=name)
            if where == "header" and name.lower() in ("accept", "content-type", "authorization"):
                continue  # set by the client itself (OpenAPI says such parameters are ignored)
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                schema = next(iter(param["content"].values())).get("schema")
            shape, is_nullable = t.strip_nullable(
                self.schemas.shape(schema if schema is not None else {}, ploc.child("schema"), context + naming.pascal(name))
            )
            _, target = self._deref(schema, ploc.child("schema")) if isinstance(schema, dict) else (ploc, {})
            target = target if isinstance(target, dict) else {}
            default = self.schemas.checked_default({}, target, ploc.child("schema"))
            style = param.get("style") or ("simple" if where in ("path", "header") else "form")
            out.append(
                Parameter(
                    wire_name=name,
                    location=where,
                    type=shape,
                    required=bool(param.get("required")) or where == "path",
                    nullable=is_nullable,
                    description=_text(param.get("description")) or _text(target.get("description")),
                    default=default,
                    example=example_of(param, target),
                    constraints=constraints(target),
                    style=style,
                    explode=bool(param.get("explode", style == "form")),
                    deprecated=bool(param.get("deprecated")),
                    pointer=ploc.pointer,
                    file=ploc.file,
                )
            )
        return tuple(out)

    # -- request body --------------------------------------------------------------------------
    def _body(self, raw: Any, loc: Location, context: str) -> Body | None:
        if raw is None:
            return None
        loc, body = self._deref(raw, loc)
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict) or not body["content"]:
            return None
        content = body["content"]
        order = {"json": 0, "multipart": 1, "form": 2, "binary": 3, "text": 4}
        choices = sorted((order[media_kind(ct)], i, ct) for i, ct in enumerate(content) if media_kind(ct) in order)
        if not choices:
            media = next(iter(content))
            self.diagnostics.add("unsupported-body", file=loc.file, pointer=loc.child("content", media).pointer, media=media)
            raise _Unsupported
        _, _, ct = choices[0]
        multipart = next((c for _, _, c in choices if media_kind(c) == "multipart"), None)
        if media_kind(ct) == "json" and multipart is not None and self._has_files(content, ct, multipart, loc=loc):
            ct = multipart  # JSON cannot carry the file fields the spec offers as multipart
        kind = _BODY_KINDS[media_kind(ct)]
        mloc = loc.child("content", ct)
        media = content[ct] if isinstance(content[ct], dict) else {}
        schema = media.get("schema", {})
        sloc, target = self._deref(schema, mloc.child("schema"))
        required = bool(body.get("required"))
        description = _text(body.get("description"))
        if kind in ("json", "multipart", "form") and self.schemas.is_object(target, sloc):
            if kind != "json":
                name = self.schemas.location_name(sloc)
                if name:
                    self.form_body_schemas.add(name)
            fields = self.schemas.object_fields(target, sloc, context + "Body")
            fields = tuple(f for f in fields if not f.read_only)  # readOnly: the server sets it, clients never send it
            encoding = as_dict(media.get("encoding"))
            file_types = tuple(
                sorted(
                    (k, v["contentType"].split(",")[0].strip())
                    for k, v in encoding.items()
                    if isinstance(v, dict) and isinstance(v.get("contentType"), str) and "*" not in v["contentType"].split(",")[0]
                )
            )  # a list names the acceptable types: the first is what we send; a wildcard says nothing
            return Body(
                media_type=kind,
                content_type=ct,
                required=required,
                fields=fields,
                description=description or _text(target.get("description")),
                file_content_types=file_types,
                pointer=loc.pointer,
            )
        shape = (
            t.FileShape(content_type=ct)
            if kind == "binary"
            else (
                t.Primitive(kind="str") if kind == "text" else self.schemas.shape(schema, mloc.child("schema"), context + "Body")
            )
        )
        return Body(
            media_type=kind,
            content_type=ct,
            required=required,
            whole=shape,
            description=description,
            pointer=loc.pointer,
        )

    def _has_files(self, content: dict[str, Any], *media_types: str, loc: Location) -> bool:
        """Whether any of these media types' object schemas has a binary property (or array of them)."""
        for ct in media_types:
            media = content[ct] if isinstance(content[ct], dict) else {}
            sloc, target = self._deref(media.get("schema", {}), loc.child("content", ct, "schema"))
            if not isinstance(target, dict):
                continue
            props, _ = self.schemas.merged_properties(target, sloc)
            if any(self._binary(prop, ploc) for prop, ploc in props.values()):
                return True
        return False

    def _binary(self, schema: Any, loc: Location, depth: int = 0) -> bool:
        """A binary string, an array of them, or a union with such a member."""
        loc, schema = self._deref(schema, loc)
        if not isinstance(schema, dict) or depth > 3:
            return False
        if is_binary_string(schema):
            return True
        if schema.get("type") == "array":
            return self._binary(schema.get("items"), loc.child("items"), depth + 1)
        return any(
            self._binary(m, loc.child(key, i), depth + 1)
            for key in ("oneOf", "anyOf")
            for i, m in enumerate(as_list(schema.get(key)))
        )

    # -- responses -----------------------------------------------------------------------------
    def _response(self, raw: Any, loc: Location, context: str) -> Response:
        responses = raw if isinstance(raw, dict) else {}
        for code in responses:
            if not _STATUS.match(str(code)):
                self.diagnostics.add("bad-status", file=loc.file, pointer=loc.child(str(code)).pointer, status=code)
        success = sorted(c for c in responses if re.fullmatch(r"2[0-9][0-9]", str(c)))
        success += [c for c in responses if str(c) == "2XX"]
        if not success:
            return Response(status="204", kind="empty", content_type=None, type=None)
        code = success[0]
        rloc, resp = self._deref(responses[code], loc.child(str(code)))
        content = resp.get("content") if isinstance(resp, dict) else None
        description = _text(resp.get("description")) if isinstance(resp, dict) else ""
        if not isinstance(content, dict) or not content:
            return Response(
                status=str(code), kind="empty", content_type=None, type=None, description=description, pointer=rloc.pointer
            )
        events = None
        for ct in content:
            if media_kind(ct) == "sse":
                schema = content[ct].get("schema", {}) if isinstance(content[ct], dict) else {}
                events = self.schemas.shape(schema, rloc.child("content", ct, "schema"), context + "Event")
        ranked = sorted(
            (ct for ct in content if media_kind(ct) != "sse"),
            key=lambda ct: {"json": 0, "text": 2, "binary": 3}.get(media_kind(ct), 4),
        )
        if not ranked:  # only server-sent events
            return Response(
                status=str(code),
                kind="sse",
                content_type="text/event-stream",
                type=events,
                events=events,
                description=description,
                pointer=rloc.pointer,
            )
        ct = ranked[0]
        kind = media_kind(ct)
        media = content[ct] if isinstance(content[ct], dict) else {}
        example, has_example = _example(media)
        if kind == "json":
            shape = self.schemas.shape(media.get("schema", {}), rloc.child("content", ct, "schema"), context + "Response")
            if isinstance(t.strip_nullable(shape)[0], t.FileShape):  # a binary string under a JSON media type: bytes
                kind, shape = "binary", t.FileShape(content_type=ct)
        elif kind == "text":
            shape = t.Primitive(kind="str")
        else:
            kind, shape = "binary", t.FileShape(content_type=ct)
        return Response(
            status=str(code),
            kind=kind,
            content_type=ct,
            type=shape,
            events=events,
            description=description,
            example=example,
            has_example=has_example,
            pointer=rloc.pointer,
            media_types=tuple(c for c in ranked if media_kind(c) == media_kind(ct)),
        )


def _example(media: dict[str, Any]) -> tuple[object, bool]:
    if "example" in media:
        return media["example"], True
    examples = media.get("examples")
    if isinstance(examples, dict):
        for ex in examples.values():
            if isinstance(ex, dict) and "value" in ex:
                return ex["value"], True
    return None, False


class _Unsupported(Exception):
    """The operation cannot be generated (reported already); it is skipped."""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
