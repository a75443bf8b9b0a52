"""Paths -> operations: parameters, request bodies, responses, grouping and method names."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .. import naming
from ..diagnostics import Diagnostics
from ..loader import Location, RefError, Spec
from . import security, wire
from . import types as t
from .decls import (
    Body,
    BodyKind,
    Field,
    MediaKind,
    Operation,
    Parameter,
    ParamLocation,
    Response,
    ResponseHeader,
    StatusDoc,
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
    def __init__(
        self,
        spec: Spec,
        schemas: SchemaBuilder,
        diagnostics: Diagnostics,
        *,
        global_auth: bool,
        schemes: tuple[wire.SecurityScheme, ...] = (),
    ) -> None:
        self.spec = spec
        self.schemes = schemes
        self.default_security = security.default_requirements(spec, schemes)
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
        given = op_id is not None
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
        resource = next((tag for tag in tags if isinstance(tag, str) and naming.words(tag)), "")
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
            has_operation_id=given,
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
            security=security.requirements(op["security"], self.schemes)
            if isinstance(op.get("security"), list)
            else self.default_security,
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
            content_type = None
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                content_type, media = next(iter(param["content"].items()))
                schema = media.get("schema") if isinstance(media, dict) else None
            shape, is_nullable = t.strip_nullable(
                self.schemas.shape(schema if schema is not None else {}, ploc.child("schema"), context + naming.pascal(name))
            )
            _, target = self._deref(schema, ploc.child("schema")) if isinstance(schema, dict) else (ploc, {})
            target = target if isinstance(target, dict) else {}
            default = self.schemas.checked_default({}, target, ploc.child("schema"))
            style = self._style(param, where, ploc)
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
                    allow_reserved=bool(param.get("allowReserved")) and where == "query",
                    content_type=content_type,
                    deprecated=bool(param.get("deprecated")),
                    pointer=ploc.pointer,
                    file=ploc.file,
                )
            )
        return tuple(out)

    def _style(self, param: dict[str, Any], where: str, loc: Location) -> str:
        """The parameter's style; one the location does not allow is reported and replaced."""
        style = param.get("style")
        if not isinstance(style, str) or not style:
            return wire.DEFAULT_STYLE[where]
        used = wire.nearest_style(where, style)
        if used != style:
            allowed = ", ".join(wire.STYLES_BY_LOCATION[where])
            self.diagnostics.add(
                "param-style-invalid",
                file=loc.file,
                pointer=loc.child("style").pointer,
                name=str(param.get("name")),
                location=where,
                style=style,
                used=used,
                allowed=allowed,
            )
        return used

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
                encodings=self._encodings(kind, target, sloc, fields, encoding, mloc.child("encoding")) if kind != "json" else (),
                pointer=loc.pointer,
            )
        if kind in ("binary", "text"):
            self._check_refs(media, mloc, set())
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

    def _encodings(
        self,
        kind: str,
        schema: dict[str, Any],
        sloc: Location,
        fields: tuple[Field, ...],
        encoding: dict[str, Any],
        eloc: Location,
    ) -> tuple[tuple[str, wire.Encoding], ...]:
        """Every form or multipart property's Encoding Object, the specification's defaults filled in."""
        names = {f.wire_name for f in fields}
        for key in encoding:
            if key not in names:
                self.diagnostics.add("encoding-unknown-property", file=eloc.file, pointer=eloc.child(key).pointer, name=key)
        props, _ = self.schemas.merged_properties(schema, sloc)
        out = []
        for f in fields:
            given = as_dict(encoding.get(f.wire_name))
            given_type = given.get("contentType") if isinstance(given.get("contentType"), str) else None
            first = given_type.split(",")[0].strip() if given_type else None
            first = first if first and "*" not in first else None
            prop, ploc = props.get(f.wire_name, ({}, sloc))
            if kind == "multipart":
                out.append(
                    (
                        f.wire_name,
                        wire.Encoding(
                            style="form",
                            explode=True,
                            content_type=first or self._part_type(prop, ploc),
                            headers=_part_headers(given),
                        ),
                    )
                )
                continue
            style = given.get("style") if isinstance(given.get("style"), str) else None
            used = wire.nearest_style("body", style) if style else "form"
            if style and used != style:
                self.diagnostics.add(
                    "param-style-invalid",
                    file=eloc.file,
                    pointer=eloc.child(f.wire_name, "style").pointer,
                    name=f.wire_name,
                    location="a form body",
                    style=style,
                    used=used,
                    allowed=", ".join(wire.STYLES_BY_LOCATION["body"]),
                )
            structured = not style and "explode" not in given and first is not None and media_kind(first) == "json"
            out.append(
                (
                    f.wire_name,
                    wire.Encoding(
                        style=used,
                        explode=bool(given.get("explode", used == "form")),
                        allow_reserved=bool(given.get("allowReserved")),
                        content_type=first if structured else None,
                    ),
                )
            )
        return tuple(out)

    def _part_type(self, prop: Any, loc: Location) -> str | None:
        """A multipart part's default Content-Type (None: text/plain, not written)."""
        loc, target = self._deref(prop, loc)
        if not isinstance(target, dict):
            return None
        if self._binary(target, loc):
            media = target.get("contentMediaType") or as_dict(target.get("items")).get("contentMediaType")
            return media if isinstance(media, str) else None  # the runtime guesses from the filename, else octet-stream
        if target.get("type") == "array":
            iloc, item = self._deref(target.get("items"), loc.child("items"))
            return "application/json" if isinstance(item, dict) and self._structured(item, iloc) else None
        return "application/json" if self._structured(target, loc) else None

    def _structured(self, schema: dict[str, Any], loc: Location) -> bool:
        kind = schema.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        return (
            "object" in kinds
            or "array" in kinds
            or "properties" in schema
            or "additionalProperties" in schema
            or self.schemas.is_object(schema, loc)
        )

    def _check_refs(self, value: Any, loc: Location, seen: set[str]) -> None:
        """Report every ``$ref`` under ``value`` (and under what it reaches) that points to
        nothing, for the schemas the IR does not otherwise read (a binary or text media type's)."""
        if isinstance(value, list):
            for i, item in enumerate(value):
                self._check_refs(item, loc.child(i), seen)
            return
        if not isinstance(value, dict):
            return
        if isinstance(value.get("$ref"), str):  # a property may be called "$ref": then it is no reference
            target_loc, target = self._deref(value, loc)
            if target is not None and str(target_loc) not in seen:
                seen.add(str(target_loc))
                self._check_refs(target, target_loc, seen)
            return
        for key, item in value.items():
            if key not in ("example", "examples", "default", "const", "enum"):
                self._check_refs(item, loc.child(key), seen)

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
        response = self._success(raw, loc, context)
        responses = raw if isinstance(raw, dict) else {}
        documented = []
        headers: tuple[ResponseHeader, ...] = ()
        for code, value in responses.items():
            rloc, resp = self._quiet(value, loc.child(str(code)))
            resp = as_dict(resp)
            content = as_dict(resp.get("content"))
            documented.append(StatusDoc(status=str(code), description=_text(resp.get("description")), media_types=tuple(content)))
            if str(code) == response.status:
                headers = self._headers(resp.get("headers"), rloc.child("headers"))
        return replace(response, documented=tuple(documented), headers=headers)

    def _quiet(self, value: Any, loc: Location) -> tuple[Location, Any]:
        """``value`` with its $ref followed, for what only the docs read: a broken reference here
        is reported where the clients read it (or by the validator), so it is None here."""
        try:
            return self.spec.deref(value, loc)
        except RefError:
            return loc, None

    def _headers(self, raw: Any, loc: Location) -> tuple[ResponseHeader, ...]:
        out = []
        for name, value in as_dict(raw).items():
            hloc, header = self._quiet(value, loc.child(str(name)))
            header = as_dict(header)
            schema = as_dict(self._quiet(header.get("schema"), hloc.child("schema"))[1])
            kind = schema.get("type")
            kind = next((k for k in kind if k != "null"), "") if isinstance(kind, list) else kind
            fmt = schema.get("format")
            shown = (f"{kind} ({fmt})" if isinstance(fmt, str) else kind) if isinstance(kind, str) else ""
            out.append(
                ResponseHeader(
                    name=str(name),
                    schema_type=shown,
                    required=header.get("required") is True,
                    description=_text(header.get("description")),
                    deprecated=header.get("deprecated") is True,
                )
            )
        return tuple(out)

    def _success(self, raw: Any, loc: Location, context: str) -> Response:
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
        for other in content:  # the schemas the IR does not read still may not refer to nothing
            if other != ct or kind != "json":
                self._check_refs(content[other], rloc.child("content", other), set())
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


def _part_headers(encoding: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The fixed headers an Encoding Object gives a part (a header whose schema has a default,
    a const or a single enum value); Content-Type is the contentType field's, not a header's."""
    out = []
    for name, header in as_dict(encoding.get("headers")).items():
        schema = as_dict(as_dict(header).get("schema"))
        values = as_list(schema.get("enum"))
        value = schema.get("const", schema.get("default", values[0] if len(values) == 1 else None))
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and name.lower() != "content-type":
            out.append((str(name), str(value)))
    return tuple(sorted(out))


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
