"""Go source for one API, as strings ready for the templates: types for declarations, params
structs and service methods. gofmt lays the result out (columns, spacing)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...gonames import STRUCT_METHODS, GoNames, exported
from ...ir import Alias, Api, Model, Operation, Parameter, Resource
from ...ir import types as t
from ...naming import Scope, words
from .wiredata import body_wire, parameter_wire, security_literal, wire_literal

OWN_PACKAGES = frozenset({"option"})  # the module's own packages, imported by module path


def go_string(value: str) -> str:
    """A Go interpreted string literal (JSON's escapes are Go's for these)."""
    return json.dumps(value)


def comment(text: str, indent: str = "") -> list[str]:
    """A // comment block, one line per source line (gofmt keeps them as written)."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return [f"{indent}// {line}".rstrip() for line in lines if line] if text.strip() else []


@dataclass
class GoFile:
    """One .go file's body (after the package clause) and the imports it needs."""

    imports: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)

    def import_block(self, module: str) -> list[str]:
        if not self.imports:
            return []
        own = sorted(i for i in self.imports if i in OWN_PACKAGES)
        std = sorted(i for i in self.imports if i not in OWN_PACKAGES)
        body = [f'\t"{i}"' for i in std] + ([""] if std and own else []) + [f'\t"{module}/{i}"' for i in own]
        return ["import (", *body, ")", ""]


class GoCode:
    def __init__(self, api: Api, names: GoNames) -> None:
        self.api = api
        self.names = names
        self.written: set[str] = set()  # inline enum types already declared

    # -- types ------------------------------------------------------------------------------
    def type_of(self, shape: t.TypeShape, out: GoFile, *, owner: str, member: str, params: bool = False) -> str:
        """The Go type of a value; an inline string enum becomes a named type (in ``out``)."""
        shape, _ = t.strip_nullable(shape)
        if isinstance(shape, t.Primitive):
            return {"str": "string", "int": "int64", "float": "float64", "bool": "bool"}[shape.kind]
        if isinstance(shape, t.LiteralShape):
            values = [v for v in shape.values if v is not None]
            if values and all(isinstance(v, str) for v in values):
                name = self.names.enum_types.get((owner, member))
                if name is None:  # a response's own inline enum: named here
                    name = self.names.enum_types[(owner, member)] = self.names.claim(owner + member, f"{owner}.{member}")
                if name not in self.written:
                    self.written.add(name)
                    self.enum(name, [str(v) for v in values], "", out)
                return name
            return self._scalar_of(values)
        if isinstance(shape, t.ArrayShape):
            return "[]" + self.type_of(shape.item, out, owner=owner, member=member + "Item", params=params)
        if isinstance(shape, t.MapShape):
            return "map[string]" + self.type_of(shape.value, out, owner=owner, member=member + "Value", params=params)
        if isinstance(shape, t.RefShape):
            decl = self.api.declaration(shape.key)
            name = self.names.types[decl.key]
            return "*" + name if isinstance(decl, Model) and not params else name
        if isinstance(shape, t.FileShape):
            if params:
                out.imports.add("io")
                return "io.Reader"
            return "string"
        if isinstance(shape, t.UnionShape) and self._stringly(shape):
            named = [v for v in shape.variants if isinstance(v, t.RefShape)]
            return self.names.types[named[0].key] if len(named) == 1 else "string"
        if isinstance(shape, t.UnionShape):
            files = [v.item if isinstance(v, t.ArrayShape) else v for v in shape.variants]
            if params and all(isinstance(v, t.FileShape) for v in files):
                out.imports.add("io")
                return "[]io.Reader"
            out.imports.add("encoding/json")
            return "json.RawMessage"
        return "any"

    def _stringly(self, shape: t.UnionShape) -> bool:
        """A union of string enums and strings (``ImageModel | str``): a string type will do."""
        for v in shape.variants:
            v, _ = t.strip_nullable(v)
            if isinstance(v, t.RefShape):
                decl = self.api.declaration(v.key)
                v = decl.type if isinstance(decl, Alias) else v
            if isinstance(v, t.LiteralShape) and all(isinstance(x, str) for x in v.values if x is not None):
                continue
            if not (isinstance(v, t.Primitive) and v.kind == "str"):
                return False
        return True

    @staticmethod
    def _scalar_of(values: Sequence[object]) -> str:
        if values and all(isinstance(v, bool) for v in values):
            return "bool"
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "int64"
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return "float64"
        return "any"

    def enum(self, name: str, values: list[str], doc: str, out: GoFile) -> None:
        out.lines += [*comment(doc), f"type {name} string", "", "const ("]
        for value in values:
            suffix = re.sub(r"[^0-9A-Za-z]", "", value) if value[:1].isdigit() else exported(words(value), fallback="Value")
            const = self.names.claim(name + (suffix or "Empty"), f"{name}={value}")
            out.lines.append(f"\t{const} {name} = {go_string(value)}")
        out.lines += [")", ""]

    # -- declarations -----------------------------------------------------------------------
    def declaration(self, key: str) -> GoFile:
        decl = self.api.declaration(key)
        name = self.names.types[key]
        out = GoFile()
        doc = decl.description or (decl.title if isinstance(decl, Model) else "")
        if isinstance(decl, Model):
            self.struct(decl, name, doc, out)
        else:
            self.alias(decl, name, doc, out)
        return out

    def struct(self, model: Model, name: str, doc: str, out: GoFile) -> None:
        out.imports.add("encoding/json")
        members = []
        for f in model.fields:
            go_field = self.names.fields[model.key][f.wire_name]
            go_type = self.type_of(f.type, out, owner=name, member=go_field)
            tag = f.wire_name + ("" if f.required else ",omitempty")
            members += [*comment(f.description, "\t"), f"\t{go_field} {go_type} `json:{go_string(tag)}`"]
        known = ", ".join(go_string(f.wire_name) for f in model.fields)
        out.lines += [
            *(comment(doc) or [f"// {name} is a schema of the API."]),
            f"type {name} struct {{",
            *members,
            "\traw json.RawMessage",
            "}",
            "",
            "// UnmarshalJSON decodes the JSON and keeps it whole (unknown fields included).",
            f"func (r *{name}) UnmarshalJSON(data []byte) error {{",
            f"\ttype plain {name}",
            "\tif err := json.Unmarshal(data, (*plain)(r)); err != nil {",
            "\t\treturn err",
            "\t}",
            "\tr.raw = append(json.RawMessage(nil), data...)",
            "\treturn nil",
            "}",
            "",
            "// RawJSON is the JSON this value was decoded from.",
            f"func (r {name}) RawJSON() string {{ return string(r.raw) }}",
            "",
            "// ExtraFields are the members of the JSON that the struct does not declare.",
            f"func (r {name}) ExtraFields() map[string]json.RawMessage {{ return extraFields(r.raw{', ' + known if known else ''}) }}",
            "",
        ]

    def alias(self, decl: Alias, name: str, doc: str, out: GoFile) -> None:
        shape, _ = t.strip_nullable(decl.type)
        if isinstance(shape, t.LiteralShape):
            values = [v for v in shape.values if v is not None]
            if values and all(isinstance(v, str) for v in values):
                self.enum(name, [str(v) for v in values], doc or f"{name} is one of the values below.", out)
                return
        if isinstance(shape, t.UnionShape):
            self.union(shape, name, doc, out)
            return
        go_type = self.type_of(shape, out, owner=name, member="Item")
        out.lines += [*(comment(doc) or [f"// {name} is a schema of the API."]), f"type {name} {go_type.lstrip('*')}", ""]

    def union(self, shape: t.UnionShape, name: str, doc: str, out: GoFile) -> None:
        out.imports.add("encoding/json")
        maker = self.names.claim(name + "Of", name)
        out.lines += [
            *(comment(doc) or [f"// {name} is one of several shapes."]),
            "// Read it with the As methods (or RawJSON); make one with " + maker + ".",
            f"type {name} struct {{ raw json.RawMessage }}",
            "",
            f"// {maker} makes a {name} from a value of any of its shapes.",
            f"func {maker}(v any) {name} {{",
            "\tdata, _ := json.Marshal(v)",
            f"\treturn {name}{{raw: data}}",
            "}",
            "",
            "// UnmarshalJSON keeps the JSON as it is.",
            f"func (u *{name}) UnmarshalJSON(data []byte) error {{",
            "\tu.raw = append(json.RawMessage(nil), data...)",
            "\treturn nil",
            "}",
            "",
            "// MarshalJSON writes the JSON as it is.",
            f"func (u {name}) MarshalJSON() ([]byte, error) {{",
            "\tif u.raw == nil {",
            '\t\treturn []byte("null"), nil',
            "\t}",
            "\treturn u.raw, nil",
            "}",
            "",
            "// RawJSON is the value's JSON.",
            f"func (u {name}) RawJSON() string {{ return string(u.raw) }}",
            "",
        ]
        methods = Scope()
        methods.reserve(*STRUCT_METHODS)
        for variant in shape.variants:
            variant, _ = t.strip_nullable(variant)
            if not isinstance(variant, t.RefShape):
                continue
            target = self.names.types[variant.key]
            method = methods.claim("As" + target, variant.key, snake_case=False)[0]
            out.lines += [
                f"// {method} decodes the value as a {target}.",
                f"func (u {name}) {method}() ({target}, error) {{",
                f"\tvar v {target}",
                "\terr := json.Unmarshal(u.raw, &v)",
                "\treturn v, err",
                "}",
                "",
            ]
        if shape.discriminator is not None:
            prop = shape.discriminator.property
            method = methods.claim(exported(words(prop), fallback="Kind"), prop, snake_case=False)[0]
            out.lines += [
                f"// {method} is the {go_string(prop)} member, which says which shape this is.",
                f"func (u {name}) {method}() string {{",
                "\tvar probe struct {",
                f"\t\tValue string `json:{go_string(prop)}`",
                "\t}",
                "\t_ = json.Unmarshal(u.raw, &probe)",
                "\treturn probe.Value",
                "}",
                "",
            ]

    # -- operations -------------------------------------------------------------------------
    def resource(self, resource: Resource) -> GoFile:
        service = self.names.services[resource.wire_name][1]
        out = GoFile(imports={"context", "option"})
        out.lines += [
            *(comment(resource.description) or [f"// {service} holds the {resource.wire_name} operations."]),
            f"type {service} struct {{ client *Client }}",
            "",
        ]
        for op in resource.operations:
            self.operation(op, service, out)
        return out

    def operation(self, op: Operation, service: str, out: GoFile) -> None:
        params_type = self.names.params[op.key]
        method = self.names.methods[op.key]
        members_of = self.names.param_fields[op.key]
        path_args: list[tuple[Parameter, str, str]] = []
        members: list[str] = []
        for p in op.parameters:
            if p.location == "path":
                arg = self.names.path_args[op.key][p.wire_name]
                path_args.append((p, arg, self.type_of(p.type, out, owner=params_type, member=exported(p.words), params=True)))
                continue
            go_field = members_of[(p.location, p.wire_name)]
            go_type = self.type_of(p.type, out, owner=params_type, member=go_field, params=True)
            members += [*comment(p.description, "\t"), f"\t{go_field} Field[{go_type}]"]
        body = op.body
        fields = [f for f in (body.fields if body else ()) if f.wire_name != op.stream_flag]
        for f in fields:
            go_field = members_of[("body", f.wire_name)]
            go_type = self.type_of(f.type, out, owner=params_type, member=go_field, params=True)
            members += [*comment(f.description, "\t"), f"\t{go_field} Field[{go_type}]"]
        if body is not None and body.whole is not None:
            go_field = members_of[("body", "")]
            whole = (
                "io.Reader"
                if body.media_type == "binary" or (body.media_type == "text" and not _plain_string(body.whole))
                else self.type_of(body.whole, out, owner=params_type, member=go_field, params=True)
            )
            if whole == "io.Reader":
                out.imports.add("io")
            members += [*comment(body.description or "The request body.", "\t"), f"\t{go_field} Field[{whole}]"]
        out.lines += [
            f"// {params_type} are the arguments of {service}.{method}.",
            f"type {params_type} struct {{",
            *members,
            "}",
            "",
        ]
        variants = [("", False)]
        if "stream" in op.variants and op.response.kind != "sse" and op.stream_flag:
            variants.append(("Streaming", True))
        for suffix, streaming in variants:
            self._method(op, service, method + suffix, params_type, path_args, members_of, streaming, out)

    def _method(
        self,
        op: Operation,
        service: str,
        method: str,
        params_type: str,
        path_args: list[tuple[Parameter, str, str]],
        members_of: dict[tuple[str, str], str],
        streaming: bool,
        out: GoFile,
    ) -> None:
        response = op.response
        if streaming or response.kind == "sse":
            event = (
                self.type_of(response.events, out, owner=method, member="Event").lstrip("*")
                if response.events is not None
                else "json.RawMessage"
            )
            if event == "json.RawMessage":
                out.imports.add("encoding/json")
            returns, zero = f"*Stream[{event}]", "nil"
        elif response.kind == "json" and response.type is not None:
            value = self.type_of(response.type, out, owner=method, member="Response").lstrip("*")
            returns, zero = f"*{value}", "nil"
        elif response.kind == "text":
            returns, zero = "string", '""'
        elif response.kind == "binary":
            out.imports.add("io")
            returns, zero = "io.ReadCloser", "nil"
        else:
            returns, zero = "", ""
        args = "".join(f", {arg} {go_type}" for _, arg, go_type in path_args)
        signature = f"func (s *{service}) {method}(ctx context.Context{args}, params {params_type}, opts ...option.RequestOption)"
        signature += f" ({returns}, error)" if returns else " error"
        fail = f"return {zero}, err" if returns else "return err"
        summary = op.summary or op.description
        lines = [
            *comment(f"{method} — {summary}" if summary else method),
            "//",
            f"// {op.method.upper()} {op.path}",
            signature + " {",
            f"\tr := newRequest({go_string(op.method.upper())}, {go_string(op.path)}, {security_literal(op)})",
        ]
        if response.media_types and not (streaming or response.kind == "sse"):
            accept = ", ".join(response.media_types)
            if accept != "application/json":
                lines.append(f"\tr.accept = {go_string(accept)}")
        if streaming or response.kind == "sse":
            lines.append('\tr.accept = "text/event-stream"')
        args_of = {p.wire_name: arg for p, arg, _ in path_args}
        for p in op.parameters:
            value = args_of[p.wire_name] if p.location == "path" else f"params.{members_of[(p.location, p.wire_name)]}"
            lines.append(f"\tr.put({value}, {parameter_wire(p)})")
        if op.body is not None:
            lines += self._body(op, members_of, streaming)
        lines += [
            "\tresp, err := send(ctx, s.client.Options, opts, r)",
            "\tif err != nil {",
            f"\t\t{fail}",
            "\t}",
        ]
        if streaming or response.kind == "sse":
            event = returns[len("*Stream[") : -1]
            lines.append(f"\treturn newStream[{event}](resp), nil")
        elif response.kind == "json" and response.type is not None:
            lines.append(f"\treturn decode[{returns[1:]}](resp)")
        elif response.kind == "text":
            lines.append("\treturn readText(resp)")
        elif response.kind == "binary":
            lines.append("\treturn resp.Body, nil")
        else:
            lines.append("\treturn discard(resp)")
        out.lines += [*lines, "}", ""]

    def _body(self, op: Operation, members_of: dict[tuple[str, str], str], streaming: bool) -> list[str]:
        """The body's media kind and each field with its ``wire`` (the runtime lays it out)."""
        body = op.body
        assert body is not None
        lines = [f"\tr.content({go_string(body.media_type)}, {go_string(body.content_type)})"]
        for f in body.fields:
            if f.wire_name != op.stream_flag:
                lines.append(f"\tr.put(params.{members_of[('body', f.wire_name)]}, {body_wire(op, f.wire_name)})")
        if ("body", "") in members_of:
            lines.append(f"\tr.put(params.{members_of[('body', '')]}, {wire_literal('body', '', None)})")
        if streaming and op.stream_flag:
            lines.append(f"\tr.put(F(true), {body_wire(op, op.stream_flag)})")
        return lines


def _plain_string(shape: t.TypeShape | None) -> bool:
    """A text body whose schema is a plain string: a Go string, sent as it is."""
    inner, _ = t.strip_nullable(shape) if shape is not None else (None, False)
    return isinstance(inner, t.Primitive) and inner.kind == "str"
